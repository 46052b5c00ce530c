import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import helmet from "helmet";

/**
 * Security headers for every answer, set with helmet:
 * - a Content-Security-Policy that allows only this site's own scripts plus Remix's inline ones, which
 *   carry a fresh nonce per request (res.locals.cspNonce, handed to the render through the load context);
 * - HSTS only when the public address is https (it would lock a plain-http installation out of itself);
 * - the camera only for the team's pages (the scanner), nothing else of the device anywhere;
 * - no referrer to other sites at all: private links (manage pages) must never leak through one. Not
 *   "no-referrer": under it Chromium sends `Origin: null` with the site's own forms, which then fail the
 *   same-origin check (server/request-guard.ts);
 * - `Cache-Control: no-store` on everything of the team (back office, check-in, downloads), so a shared
 *   computer's cache never holds an attendee list.
 */
export function securityHeaders({ baseUrl, paymentOrigins = [] }: { baseUrl: string; paymentOrigins?: string[] }) {
  const https = new URL(baseUrl).protocol === "https:";
  const withHelmet = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_request, response) => `'nonce-${(response as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        // The camera's QR decoder runs in a worker loaded from this site.
        workerSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        // A registration paid online is answered with a redirect to Stripe's checkout, which form-action covers too.
        formAction: ["'self'", ...paymentOrigins],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
    xFrameOptions: { action: "deny" },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    response.locals.cspNonce = randomBytes(16).toString("base64");
    const team = /^\/(admin|checkin)(\/|$|\.data)/.test(request.path);
    // A document keeps its policy through client-side navigation: sign-in and back office lead to the
    // scanner without loading a new document, so all team pages carry the camera permission.
    response.setHeader("Permissions-Policy", permissionsPolicy(team));
    if (team) response.setHeader("Cache-Control", "no-store");
    replaceDefaultsInsteadOfAppending(response);
    withHelmet(request, response, next);
  };
}

/** Features a page may use: none, except the camera on the team's pages (scanning tickets). */
export function permissionsPolicy(camera: boolean): string {
  return [`camera=${camera ? "(self)" : "()"}`, "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()"].join(", ");
}

/** Headers that must appear once; a value the app sets for them replaces the server's default. */
const SINGLE_VALUED = new Set([
  "cache-control",
  "referrer-policy",
  "content-security-policy",
  "x-frame-options",
  "permissions-policy",
  "x-content-type-options",
]);

/**
 * The Remix adapter appends every header of the app's answer to what the server set before, which sent
 * some twice (the manage page's Referrer-Policy). For single-valued headers the app's value wins instead.
 */
function replaceDefaultsInsteadOfAppending(response: Response) {
  const append = response.append.bind(response);
  response.append = (field: string, value?: string[] | string) =>
    SINGLE_VALUED.has(field.toLowerCase()) && value !== undefined ? response.set(field, value) : append(field, value);
}
