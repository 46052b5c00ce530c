import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, describe, expect, it } from "vitest";
import { pageCache } from "./page-cache";

/**
 * The public pages' one-second cache, in front of a stand-in page that counts its renders and, like the app,
 * puts the response's CSP nonce into its script tags.
 */
let renders = 0;
const app = express();
app.use((_request, response, next) => {
  response.locals.cspNonce = randomBytes(16).toString("base64");
  response.setHeader("Content-Security-Policy", `script-src 'nonce-${response.locals.cspNonce as string}'`);
  next();
});
app.use(pageCache({ ttlMs: 300 }));
app.get(["/", "/events/:slug", "/events/:slug/register"], (request, response) => {
  renders += 1;
  if (request.params.slug === "keks") response.setHeader("Set-Cookie", "session=x");
  const nonce = response.locals.cspNonce as string;
  // Rendered in two writes after a pause, as a streamed page is: followers must wait for the whole.
  response.status(request.params.slug === "missing" ? 404 : 200).type("html");
  response.write(`<html><script nonce="${nonce}">render=${renders}</script>`);
  setTimeout(() => response.end(`<p>${request.params.slug ?? "home"}</p></html>`), 20);
});
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
afterAll(() => new Promise((resolve) => server.close(resolve)));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  const body = await response.text();
  const policyNonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, body, policyNonce, render: Number(/render=(\d+)/.exec(body)?.[1]) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the public pages' cache", () => {
  it("renders a page once for everyone within its second, each answer with its own nonce", async () => {
    const before = renders;
    const answers = await Promise.all(Array.from({ length: 30 }, () => get("/events/kongress")));
    expect(renders - before).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(`nonce="${answer.policyNonce}"`);
      expect(answer.body).toContain("<p>kongress</p></html>");
    }
    expect(new Set(answers.map((answer) => answer.policyNonce)).size).toBe(30);
  });

  it("renders again once the second is over, so seats left are never older than that", async () => {
    const first = await get("/events/frische");
    expect((await get("/events/frische")).render).toBe(first.render);
    await pause(350);
    expect((await get("/events/frische")).render).toBeGreaterThan(first.render);
  });

  it("keeps languages apart, and renders for a signed-in visitor, a query, a failure or a page that sets a cookie", async () => {
    const german = await get("/events/sprachen", { "accept-language": "de-DE" });
    const english = await get("/events/sprachen", { "accept-language": "en-GB,en;q=0.9" });
    expect(english.render).not.toBe(german.render);
    expect((await get("/events/sprachen", { cookie: "lang=en" })).render).not.toBe(english.render);

    for (const [path, headers] of [
      ["/events/sprachen", { cookie: "lang=de; __session=staff" }],
      ["/events/sprachen", { authorization: "Basic eA==" }],
      ["/events/sprachen?ticket=1", {}],
      ["/events/missing", {}],
      ["/events/keks", {}],
    ] as const) {
      const before = renders;
      await get(path, headers);
      await get(path, headers);
      expect(renders - before, `${path} ${JSON.stringify(headers)}`).toBe(2);
    }
  });
});
