/**
 * How many requests the server is answering right now, for background work that should give way to them (the
 * outbox worker, app/modules/mail/outbox.server.ts). The server counts them (server/index.ts); the count lives on
 * globalThis because the server and the app are bundled apart and each bundle has its own copy of this module.
 */
declare global {
  // One count per server process.
  var __kongressRequestsInFlight: { count: number } | undefined;
}

const inFlight = (globalThis.__kongressRequestsInFlight ??= { count: 0 });

/** Counts a request as started; the function returned counts it as done (once, however often it is called). */
export function requestStarted(): () => void {
  inFlight.count += 1;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    inFlight.count -= 1;
  };
}

export const requestsInFlight = () => inFlight.count;
