import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { inlineLoaderData } from "~/utils/loader-data.server";
import { metDatabaseOutage, noteOutage, outageDataResponse, outagePage } from "~/utils/outage.server";

/** How long a page waits for its loaders' data to be encoded: as long as Remix's own limit on deferred data (4,950 ms). */
const DATA_DEADLINE_MS = 5_000;

/**
 * Renders a document in one synchronous pass and sends it in one piece, with its length
 * (docs/decisions/023-documents-sent-whole.md).
 *
 * - No page defers data: the loaders' data is complete before rendering starts. It is read here whole, so that
 *   nothing suspends in the render.
 * - React's streaming renderer would take three turns of the event loop for a page: the render itself, then one for
 *   each piece of Remix's encoded data. In a rush, every turn waits behind all the other requests.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The database was away for this request: a 503 that says to try again, not the generic error page.
  if (metDatabaseOutage(request)) return outagePage();
  // The production server's Content-Security-Policy allows inline scripts with this nonce only.
  const nonce = loadContext.cspNonce ?? "";
  await inlineLoaderData(remixContext, DATA_DEADLINE_MS);
  const body = Buffer.from(
    `<!DOCTYPE html>${renderToString(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
    )}`,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Length", String(body.byteLength));
  return new Response(body, { headers: responseHeaders, status: responseStatusCode });
}

/**
 * Logs errors of loaders and actions, but not answers to a client's mistake (a 4xx, such as a page that
 * does not exist or a form sent to a page that takes none) nor a request the client aborted.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  // An outage is one line in the log, not a stack per request: the operator needs to know it happened, and when.
  // Only the first path segment: a manage link in the path is a secret.
  if (noteOutage(error, request))
    return console.error(`database unavailable: ${request.method} /${new URL(request.url).pathname.split("/")[1] ?? ""} answered 503`);
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && /No route matches URL/.test(error.message)) return;
  console.error(error);
};

/** Loaders' and actions' data for pages loaded with JavaScript: an outage is a 503 with Retry-After there too. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => (metDatabaseOutage(request) ? outageDataResponse(response) : response);

/** Work beside the requests (mail, key refresh): app/background.server.ts. */
export { startBackgroundWork, stopBackgroundWork } from "~/background.server";
