import { createElement } from "react";
import { createRequestHandler, type ServerBuild } from "@remix-run/server-runtime";
import { Scripts, useLoaderData } from "@remix-run/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as entry from "~/entry.server";
import { inlineLoaderData, LoaderDataTimeout } from "./loader-data.server";

/**
 * A document is rendered in the turn of the event loop its data became ready in: in a registration rush every further
 * turn waits behind all the other requests (docs/decisions/023). What must not change with it: the loader data reaches
 * the page whole, for the browser to hydrate from.
 */
const LOADER_DATA = { greeting: "Grüße aus Bürstadt ✓", seats: [45, 350] };

function Page() {
  const data = useLoaderData<typeof LOADER_DATA>();
  return createElement("html", null, createElement("body", null, createElement("p", null, data.greeting), createElement(Scripts)));
}

/** A one-route app through Remix's own request handler and the app's entry.server, as the server runs it. */
const build: ServerBuild = {
  mode: "production",
  entry: { module: entry },
  routes: { root: { id: "root", path: "", module: { default: Page, loader: () => LOADER_DATA } } },
  assets: {
    entry: { module: "/assets/entry.client.js", imports: [] },
    routes: {
      root: {
        id: "root",
        path: "",
        module: "/assets/root.js",
        hasAction: false,
        hasLoader: true,
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
      },
    },
    url: "/assets/manifest.js",
    version: "test",
  },
  publicPath: "/",
  assetsBuildDirectory: "build/client",
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
  isSpaMode: false,
};

const streamOf = (...pieces: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a document's loader data", () => {
  it("is rendered without another turn of the event loop, its data whole in one script followed by the stream's end", async () => {
    const handle = createRequestHandler(build);
    const turns = vi.spyOn(globalThis, "setImmediate");
    const response = await handle(new Request("http://localhost/"), { cspNonce: "n0nce" });
    expect(turns).not.toHaveBeenCalled();

    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(html)));
    expect(html.startsWith("<!DOCTYPE html><html>")).toBe(true);
    expect(html).toContain("<p>Grüße aus Bürstadt ✓</p>");
    const pieces = [...html.matchAll(/<script nonce="n0nce">window\.__remixContext\.streamController\.enqueue\((.*?)\);<\/script>/g)];
    expect(pieces).toHaveLength(1);
    // The data as turbo-stream encoded it: every value of the loader's, in one piece.
    const encoded = JSON.parse(JSON.parse(pieces[0]![1]!.replaceAll("\\u003c", "<"))) as unknown[];
    expect(encoded).toEqual(expect.arrayContaining([LOADER_DATA.greeting, ...LOADER_DATA.seats]));
    expect(html.indexOf("streamController.close()")).toBeGreaterThan(html.indexOf("streamController.enqueue("));
  });

  it("keeps a character whose bytes arrive in two pieces", async () => {
    const bytes = new TextEncoder().encode('["Grüße"]');
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ü"
    const context = { serverHandoffStream: streamOf(bytes.slice(0, split), bytes.slice(split)) } as Parameters<typeof inlineLoaderData>[0];
    await inlineLoaderData(context, 1_000);
    expect(context.renderMeta?.streamCache?.[0]?.result).toEqual({ done: true, value: '["Grüße"]' });
    // Remix's server component takes a reader of its own from the finished stream.
    expect(context.serverHandoffStream!.locked).toBe(false);
  });

  it("gives up on data that never ends after the deadline, and cancels its stream", async () => {
    let cancelled: unknown;
    const endless = new ReadableStream<Uint8Array>({
      cancel(reason) {
        cancelled = reason;
      },
    });
    const context = { serverHandoffStream: endless } as Parameters<typeof inlineLoaderData>[0];
    await expect(inlineLoaderData(context, 20)).rejects.toBeInstanceOf(LoaderDataTimeout);
    expect(cancelled).toBeInstanceOf(LoaderDataTimeout);
    expect(context.renderMeta?.streamCache).toBeUndefined();
  });
});
