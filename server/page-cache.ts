import type { NextFunction, Request, Response } from "express";
import { preferredLanguage } from "../app/modules/i18n/language.server";

/**
 * A one-second cache of the public pages everyone loads when registration opens: the home page, an event's page
 * and its form. They are the same for every anonymous visitor of one language, so within a second one render
 * serves them all; seats-left figures on them are at most a second old (capacity itself is decided in the
 * registration's transaction, never from a page). Measured by `npm run bench:visit`.
 *
 * What is never cached: anything but a plain GET of those paths without a query; requests with a cookie other
 * than the language choice (a signed-in team member, a person's own state); answers other than 200 or with a
 * Set-Cookie. Concurrent misses of one page wait for the first render instead of rendering fifty times.
 * The Content-Security-Policy nonce is per response: the cached page's nonce is replaced with this response's.
 */
const PAGES = [/^\/$/, /^\/events\/[a-z0-9-]{1,100}$/, /^\/events\/[a-z0-9-]{1,100}\/register$/];
const TTL_MS = 1_000;
const MAX_ENTRIES = 1_000;
const LANGUAGE_COOKIE_ONLY = /^\s*lang=[A-Za-z0-9%=+/_-]{0,100}\s*;?\s*$/;

type Entry = { at: number; status: number; headers: Record<string, string | string[]>; body: string; nonce: string };

/** The key of a cacheable request, or null. */
export function pageCacheKey(request: { method: string; url: string; path: string; headers: Record<string, string | string[] | undefined> }): string | null {
  if (request.method !== "GET" || request.url !== request.path || !PAGES.some((page) => page.test(request.path))) return null;
  if (request.headers.authorization !== undefined) return null;
  const cookie = request.headers.cookie;
  if (cookie !== undefined && (typeof cookie !== "string" || !LANGUAGE_COOKIE_ONLY.test(cookie))) return null;
  const acceptLanguage = request.headers["accept-language"];
  return `${request.path}\u0000${cookie ?? ""}\u0000${preferredLanguage(typeof acceptLanguage === "string" ? acceptLanguage : null) ?? ""}`;
}

// Headers of the cached answer not to replay: this response's own policy (with its nonce), date and length.
const OWN_HEADERS = new Set(["content-security-policy", "date", "content-length", "connection", "keep-alive", "transfer-encoding"]);

export function pageCache({ ttlMs = TTL_MS, maxEntries = MAX_ENTRIES }: { ttlMs?: number; maxEntries?: number } = {}) {
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<Entry | null>>();

  const serve = (entry: Entry, response: Response) => {
    const nonce = String(response.locals.cspNonce ?? "");
    for (const [name, value] of Object.entries(entry.headers)) if (!OWN_HEADERS.has(name)) response.setHeader(name, value);
    response.status(entry.status).send(entry.nonce ? entry.body.replaceAll(entry.nonce, nonce) : entry.body);
  };

  /** Lets this request render, and keeps what it sends when it may be kept. */
  const capture = (response: Response): Promise<Entry | null> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      const write = response.write.bind(response) as (...args: unknown[]) => boolean;
      const end = response.end.bind(response) as (...args: unknown[]) => Response;
      const keep = (chunk: unknown, encoding: unknown) => {
        if (chunk !== undefined && chunk !== null && typeof chunk !== "function")
          chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
      };
      // Express's write and end have several overloads; the chunk comes first in all of them.
      response.write = ((chunk: unknown, ...rest: unknown[]) => {
        keep(chunk, rest[0]);
        return write(chunk, ...rest);
      }) as Response["write"];
      response.end = ((chunk?: unknown, ...rest: unknown[]) => {
        keep(chunk, rest[0]);
        const result = end(chunk, ...rest);
        const headers = response.getHeaders() as Record<string, string | string[]>;
        const cacheable = response.statusCode === 200 && headers["set-cookie"] === undefined;
        resolve(
          cacheable
            ? { at: Date.now(), status: 200, headers, body: Buffer.concat(chunks).toString("utf8"), nonce: String(response.locals.cspNonce ?? "") }
            : null,
        );
        return result;
      }) as Response["end"];
      response.once("close", () => resolve(null));
    });

  return (request: Request, response: Response, next: NextFunction) => {
    const key = pageCacheKey(request);
    if (key === null) return next();
    const entry = entries.get(key);
    if (entry && Date.now() - entry.at < ttlMs) return serve(entry, response);
    const pending = rendering.get(key);
    if (pending) {
      void pending.then((rendered) => (rendered ? serve(rendered, response) : next()));
      return;
    }
    const rendered = capture(response);
    rendering.set(key, rendered);
    void rendered.then((kept) => {
      rendering.delete(key);
      if (!kept) return;
      entries.delete(key);
      entries.set(key, kept);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    });
    next();
  };
}
