/** Small helpers shared by the routes' loaders and actions. */

export function notFound(message = "Not found"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function badRequest(message = "Bad request"): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/**
 * The request's form. A body that is no form (the server's request guard lets only url-encoded forms of a
 * bounded size through; this holds under the dev server too) is the client's mistake: 400, not 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw badRequest("The request's body is not a form.");
  }
}

const REDIRECT_BASE = "http://redirect.invalid";
const MAX_REDIRECT_LENGTH = 2000;

/**
 * A path on this site to go back to after a POST; anything else falls back to "/". Parsed as a URL
 * against a placeholder origin, as a browser would: a value is accepted only when it stays on that origin.
 * Control characters are refused before parsing, because browsers drop tabs and line breaks from URLs
 * ("/\t/evil.example" becomes "//evil.example", another host) and CR/LF cannot go into a header.
 */
export function safeRedirectPath(value: FormDataEntryValue | null | undefined, fallback = "/"): string {
  if (typeof value !== "string" || value.length > MAX_REDIRECT_LENGTH) return fallback;
  if (!value.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  // "/.//evil.example" normalises to the path "//evil.example", which a browser reads as another host.
  if (url.origin !== REDIRECT_BASE || url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Pages behind a private link: never cached by shared caches, never indexed, never leaked as referrer. */
export const PRIVATE_PAGE_HEADERS = {
  "Cache-Control": "private, no-store",
  // Not "no-referrer": the page's own forms would then be sent with `Origin: null` and refused.
  "Referrer-Policy": "same-origin",
  "X-Robots-Tag": "noindex",
};

/** The client's address as server/index.ts put it into the load context (absent under the dev server). */
export function clientAddress(context: { clientAddress?: unknown }): string | null {
  return typeof context.clientAddress === "string" ? context.clientAddress : null;
}
