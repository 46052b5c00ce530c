import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import type { Server } from "node:http";
import { getEnv } from "../app/env.server";

/** Exported by app/entry.server.tsx: started once the server listens, stopped before it exits. */
type BackgroundWork = { startBackgroundWork: () => Promise<unknown>; stopBackgroundWork: () => Promise<void> };

/**
 * The production server: Express with the Remix request handler and the built assets. Kept minimal
 * (no request log, no compression: a proxy in front does that) because the framework sets the pace
 * (STACK.md, throughput budget).
 */
export async function startServer() {
  const env = getEnv();
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const build = (await import(path.join(root, "build/server/index.js"))) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  app.use((_request, response, next) => {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    response.setHeader("X-Frame-Options", "DENY");
    next();
  });
  // Fingerprinted assets can be cached for good; everything else in public/ for an hour.
  app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
  // The client's address for rate limits (the socket's; set TRUST_PROXY=1 behind a reverse proxy so
  // Express takes it from X-Forwarded-For instead).
  if (process.env.TRUST_PROXY === "1") app.set("trust proxy", 1);
  app.all("*", createRequestHandler({ build, mode: "production", getLoadContext: (request) => ({ clientAddress: request.ip ?? "unknown" }) }));

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(env.PORT, env.HOST, () => resolve(listening));
  });
  const background = build.entry.module as unknown as BackgroundWork;
  await background.startBackgroundWork();
  return { server, stopBackgroundWork: background.stopBackgroundWork };
}
