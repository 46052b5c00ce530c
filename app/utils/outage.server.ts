import { isDatabaseUnavailable } from "~/modules/db/errors.server";

/**
 * Requests that met the database away (a restart, an outage) are answered 503 with Retry-After and a page that says
 * to try again in a moment, not a generic 500: nothing of theirs was kept (registrations make sure of it,
 * register.server.ts), and the app takes the database back by itself once it answers. `handleError` marks such a
 * request; the document and data answers for it are then replaced here.
 */
export const RETRY_AFTER_SECONDS = 5;
const metOutage = new WeakSet<Request>();

/** Remembers a request whose loader or action failed because the database was unavailable; true when it did. */
export function noteOutage(error: unknown, request: Request): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  metOutage.add(request);
  return true;
}

export const metDatabaseOutage = (request: Request) => metOutage.has(request);

/** The page for a document request (a form sent without JavaScript, a page opened): German first, English second. */
export function outagePage(): Response {
  const body = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gleich wieder da – Kongress</title></head>
<body><main><h1>Gleich wieder da</h1>
<p>Die Anmeldung ist für einen Moment nicht erreichbar. Ihre Eingaben wurden nicht gespeichert. Bitte gehen Sie zurück
und senden Sie das Formular in einigen Sekunden noch einmal.</p>
<section lang="en"><h2>Back in a moment</h2>
<p>Registration cannot be reached for a moment. Nothing you entered was stored. Please go back and send the form again
in a few seconds.</p></section>
<p><a href="/">Zur Startseite</a> · <a href="/" lang="en">Home page</a></p></main></body></html>`;
  return new Response(body, { status: 503, headers: outageHeaders({ "Content-Type": "text/html; charset=utf-8" }) });
}

/** The framework's own answer to a data request (a page loaded with JavaScript), as a 503 the client may retry. */
export function outageDataResponse(response: Response): Response {
  return new Response(response.body, { status: 503, headers: outageHeaders(Object.fromEntries(response.headers)) });
}

function outageHeaders(headers: Record<string, string>): Headers {
  const result = new Headers(headers);
  result.set("Retry-After", String(RETRY_AFTER_SECONDS));
  result.set("Cache-Control", "no-store");
  return result;
}
