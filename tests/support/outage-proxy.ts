import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP relay on loopback between the app and its PostgreSQL server, to take the database away and bring it back
 * as a restart does, without touching the server the other tests use: `cut` drops every open connection and
 * refuses new ones (a server going down), `restore` accepts them again (the server back up).
 */
export type OutageProxy = {
  port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /**
   * The next COMMIT sent is passed on to the server, and then every connection is dropped before its answer comes
   * back, for `downForMs`: the transaction is stored, and the app is told its connection broke.
   */
  breakAfterNextCommit(downForMs: number): void;
  close(): Promise<void>;
};

export async function startOutageProxy(target: { host: string; port: number }): Promise<OutageProxy> {
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;
  let breakAfterCommit: number | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        upstream.pipe(client);
        client.on("data", (chunk: Buffer) => {
          if (breakAfterCommit === null || !chunk.includes("COMMIT")) return void upstream.write(chunk);
          const downFor = breakAfterCommit;
          breakAfterCommit = null;
          // The server's answer to this COMMIT must never reach the app: the way back is closed first, the COMMIT
          // sent, the server given a moment to commit, then the line goes down.
          upstream.unpipe(client);
          upstream.pause();
          upstream.write(chunk, () => setTimeout(() => void stop().then(() => setTimeout(() => void listen(), downFor)), 50));
        });
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.listen(port, "127.0.0.1", () => {
        const address = server!.address();
        port = typeof address === "object" && address ? address.port : port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server = null;
      for (const socket of sockets) socket.destroy();
    });
  await listen();
  return {
    port,
    cut: stop,
    restore: listen,
    breakAfterNextCommit: (downForMs) => {
      breakAfterCommit = downForMs;
    },
    close: stop,
  };
}
