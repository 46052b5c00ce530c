import type { NextFunction, Request, Response } from "express";
import { REFUSALS, sendRefusal } from "./refusal-page";

/**
 * The first check of every request, before the app reads a byte of its body: the method, the origin of a
 * form, its content type and its size. Refusals are answered here with a readable 4xx page, so a client's
 * mistake or an attack never turns into a 500, never reaches a route, and a body larger than the route can
 * use is never read (a 50 MB form once ran the server out of memory).
 */

/** Bytes a form may have, by path prefix; the first match wins. */
export const BODY_LIMITS: { prefix: string; bytes: number; suffix?: string }[] = [
  // A scanner's offline scans, synced in batches of at most 200 (about 50 KB encoded).
  { prefix: "/checkin/", suffix: "/sync", bytes: 256 * 1024 },
  // Stripe's webhook events (JSON); a checkout session with ten tickets is a few kilobytes.
  { prefix: "/stripe/webhook", bytes: 256 * 1024 },
  // The scanner sends one code or one id.
  { prefix: "/checkin/", bytes: 4 * 1024 },
  // Event texts and privacy notices run to 10,000 characters each in two languages (umlauts take 6 bytes encoded).
  { prefix: "/admin/events", bytes: 256 * 1024 },
  // Everything else, the registration form of ten people with every field full included, needs far less.
  { prefix: "/", bytes: 64 * 1024 },
];

/** Forms as browsers send them. Multipart is refused too: nothing here uploads files. */
const FORM_TYPES = ["application/x-www-form-urlencoded"];
/** The one endpoint that takes JSON: Stripe's webhooks, verified by their signature, not by an origin. */
const JSON_PATHS = new Set(["/stripe/webhook"]);

export function bodyLimit(path: string): number {
  return BODY_LIMITS.find((limit) => path.startsWith(limit.prefix) && (!limit.suffix || path.endsWith(limit.suffix)))?.bytes ?? 64 * 1024;
}

export type RequestGuardOptions = { baseUrl: string };

export function requestGuard({ baseUrl }: RequestGuardOptions) {
  const publicOrigin = new URL(baseUrl).origin;
  const publicHost = new URL(baseUrl).host;
  return (request: Request, response: Response, next: NextFunction) => {
    // X-Forwarded-Host names the host a proxy was asked for. The app has one public host, and its proxy does not set
    // the header (deploy/nginx), so any other value came from a client: Remix would build the request's URL from it
    // and answer a form with a bare 500 (its origin check). Refused before the app sees it, on every method.
    const forwardedHost = request.get("x-forwarded-host");
    if (forwardedHost !== undefined && forwardedHost !== publicHost && forwardedHost !== request.get("host")) {
      return sendRefusal(request, response, REFUSALS.foreignHost);
    }
    const method = request.method;
    if (method === "GET" || method === "HEAD") return next();
    if (method !== "POST") return sendRefusal(request, response, REFUSALS.methodNotAllowed, { Allow: "GET, HEAD, POST" });

    // Another site's page posting here (cross-site request forgery): browsers say where a form came from.
    const origin = request.get("origin");
    const ownOrigin = `${request.protocol}://${request.get("host") ?? ""}`;
    if (origin !== undefined && origin !== publicOrigin && origin !== ownOrigin) return sendRefusal(request, response, REFUSALS.crossSite);
    if (request.get("sec-fetch-site") === "cross-site") return sendRefusal(request, response, REFUSALS.crossSite);
    // A form from the public address that arrived under another Host (a proxy that rewrites it, or the server's
    // bare IP): Remix compares Origin with X-Forwarded-Host or Host and answers a bare 500 when they differ. The
    // origin is the app's own here, so Remix is told the public host it came from.
    if (origin === publicOrigin && origin !== ownOrigin) request.headers["x-forwarded-host"] = new URL(publicOrigin).host;

    const type = (request.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const accepted = FORM_TYPES.includes(type) || (type === "application/json" && JSON_PATHS.has(request.path));
    if (!accepted) return sendRefusal(request, response, REFUSALS.unsupportedType);

    // Node's parser never delivers more than Content-Length, so a checked length bounds what is read.
    const declared = request.get("content-length");
    if (declared === undefined || request.get("transfer-encoding") !== undefined) return sendRefusal(request, response, REFUSALS.lengthRequired);
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length < 0) return sendRefusal(request, response, REFUSALS.lengthRequired);
    if (length > bodyLimit(request.path)) return sendRefusal(request, response, REFUSALS.tooLarge);
    next();
  };
}
