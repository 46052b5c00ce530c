/** What the production server (server/index.ts) hands every loader, action and render. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address (the socket's, or X-Forwarded-For from a proxy named by TRUST_PROXY); absent under the dev server. */
    clientAddress?: string;
    /** This response's Content-Security-Policy nonce for Remix's inline scripts; absent under the dev server. */
    cspNonce?: string;
  }
}
export {};
