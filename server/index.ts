import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "node:http";
import { getEnv } from "../app/env.server";
import { requestStarted } from "../app/utils/requests-in-flight.server";
import { pageCache } from "./page-cache";
import { requestGuard } from "./request-guard";
import { securityHeaders } from "./security-headers";

/** Exported by app/entry.server.tsx: started once the server listens, stopped before it exits. */
type BackgroundWork = { startBackgroundWork: () => Promise<unknown>; stopBackgroundWork: () => Promise<void> };

/**
 * The production server: Express with the Remix request handler and the built assets. Kept minimal
 * (no request log, no compression: a proxy in front does that) because the framework sets the pace
 * (docs/decisions/003-registration-hot-path.md).
 */
export async function startServer() {
  const env = getEnv();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  // The client's address for rate limits (the socket's; behind a reverse proxy TRUST_PROXY says which proxy
  // Express may believe X-Forwarded-For and X-Forwarded-Proto from: "loopback" for nginx on the same machine).
  const trustProxy = trustedProxies(process.env.TRUST_PROXY);
  if (trustProxy !== undefined) app.set("trust proxy", trustProxy);
  app.use(securityHeaders({ baseUrl: env.BASE_URL, paymentOrigins: paymentOrigins(env) }));
  app.use(requestGuard({ baseUrl: env.BASE_URL }));
  // Fingerprinted assets can be cached for good; everything else in public/ for an hour, asked of the disk only
  // for the names that are there (favicon, icons, manifest, service worker): a page's path looked up first
  // costs every request a file-system call.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  const publicDir = path.join(root, "build/client");
  const publicNames = new Set(readdirSync(publicDir));
  const servePublic = express.static(publicDir, { maxAge: "1h" });
  app.use((request, response, next) => (publicNames.has(request.path.split("/")[1] ?? "") ? servePublic(request, response, next) : next()));
  // Requests for pages and forms being answered, counted until their response is done or the client left: the
  // outbox worker sends only a few mails a round while there are several (app/utils/requests-in-flight.server.ts).
  app.use((_request, response, next) => {
    response.once("close", requestStarted());
    next();
  });
  // The public pages of a registration rush, rendered once a second (server/page-cache.ts).
  app.use(pageCache());
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (request, response) => ({ clientAddress: request.ip ?? "unknown", cspNonce: String(response.locals.cspNonce ?? "") }),
    }),
  );

  // A client gets 20 s for its headers and 30 s for a whole request (bodies are at most 256 KB), checked
  // every 5 s: one that sends a byte now and then cannot hold a connection for Node's default five minutes.
  // Responses (a long download) are not limited by this.
  const server = createServer({ headersTimeout: 20_000, requestTimeout: 30_000, connectionsCheckingInterval: 5_000 }, app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const background = build.entry.module as unknown as BackgroundWork;
  await background.startBackgroundWork();
  return { server, stopBackgroundWork: background.stopBackgroundWork };
}

/**
 * TRUST_PROXY as Express takes it: a number of proxy hops ("1"), or addresses and subnets of the proxies
 * ("loopback", "10.0.0.0/8, 192.0.2.7"). Naming the proxy is safer than counting hops: a client that reaches
 * the app's port directly cannot pose as it.
 */
export function trustedProxies(value: string | undefined): number | string | undefined {
  if (!value) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Where a form may lead when online payment is on: Stripe's checkout (or, in tests, the stand-in's page). */
function paymentOrigins(env: ReturnType<typeof getEnv>): string[] {
  if (!env.STRIPE_SECRET_KEY) return [];
  return ["https://checkout.stripe.com", ...(env.STRIPE_API_URL ? [new URL(env.STRIPE_API_URL).origin] : [])];
}
