import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";

const ABORT_DELAY_MS = 5_000;

/**
 * Renders a document request. Browsers get the page streamed as soon as its shell is ready; crawlers get
 * it when everything is ready (they do not run the scripts that fill in streamed parts).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The production server's Content-Security-Policy allows inline scripts with this nonce only.
  const nonce = loadContext.cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Rendering gives up after a while; the timer is cleared once everything is rendered (below).
    const abortTimer = setTimeout(() => stream.abort(), ABORT_DELAY_MS);
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      stream.pipe(body);
    };
    const stream = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : ready,
        onAllReady() {
          // Done: left running, the timer above keeps the whole render (loader data, React's state) alive for
          // five seconds after the page went out: at a few hundred pages a second, a thousand pages' worth of
          // objects for the garbage collector to carry (4.6-4.8 ms of server CPU per confirmation page instead of 5.0-5.4).
          clearTimeout(abortTimer);
          if (waitForAll) ready();
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while streaming after the shell are logged here; earlier ones reject and reach handleError.
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/**
 * Logs errors of loaders and actions, but not answers to a client's mistake (a 4xx, such as a page that
 * does not exist or a form sent to a page that takes none) nor a request the client aborted.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && /No route matches URL/.test(error.message)) return;
  console.error(error);
};

/** Work beside the requests (mail, key refresh): app/background.server.ts. */
export { startBackgroundWork, stopBackgroundWork } from "~/background.server";
