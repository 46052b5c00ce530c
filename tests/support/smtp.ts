import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";

/**
 * A real SMTP server on loopback that keeps what it receives, parsed. `stop()` closes it (clients then get
 * "connection refused"), `start()` opens it again on the same port: a mail server that goes down and up.
 */
export async function startTestSmtpServer() {
  const received: { raw: string; mail: ParsedMail; envelopeTo: string[] }[] = [];
  let port = 0;
  let server: SMTPServer | undefined;

  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            // skipImageLinks: keep the cid: references as sent instead of inlining them as data: URIs.
            simpleParser(raw, { skipImageLinks: true })
              .then((mail) => {
                received.push({ raw, mail, envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
                callback();
              })
              .catch(callback);
          });
        },
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.server.address() as AddressInfo).port;
        resolve();
      });
    });

  await open();
  return {
    received,
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    start: open,
  };
}
