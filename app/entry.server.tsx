import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";

const ABORT_DELAY_MS = 5_000;

/**
 * Renders a document request whole and sends it in one piece, with its length. No page defers data (every loader's
 * data is ready when rendering starts), so streaming the shell first gained nothing: it sent a page in 2 KB pieces,
 * each through a Node stream, a web stream and a write of its own (docs/decisions/023-documents-sent-whole.md).
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
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Rendering gives up after a while; the timer is cleared once everything is rendered (below).
    const abortTimer = setTimeout(() => stream.abort(), ABORT_DELAY_MS);
    const stream = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          // Done: left running, the timer above keeps the whole render (loader data, React's state) alive for
          // five seconds after the page went out: at a few hundred pages a second, a thousand pages' worth of
          // objects for the garbage collector to carry (4.6-4.8 ms of server CPU per confirmation page instead of 5.0-5.4).
          clearTimeout(abortTimer);
          const chunks: Buffer[] = [];
          const page = new Writable({
            // No 'close' after 'finish': React takes a close for a client gone early and aborts the finished render,
            // ending the page a second time (Node then makes an error object for each page, 0.6 % of the CPU).
            emitClose: false,
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
          });
          page.on("finish", () => {
            const body = Buffer.concat(chunks);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Length", String(body.byteLength));
            resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
          });
          stream.pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          // An error inside a boundary after the shell: the page still goes out (the boundary's fallback), as a 500.
          responseStatusCode = 500;
          // Errors before the shell reject and reach handleError, which logs them.
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
