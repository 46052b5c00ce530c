import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";

/**
 * Where mail goes. With SMTP_URL: a real SMTP server through nodemailer. Without it (the embedded
 * default): nowhere; the complete message is built exactly as it would be sent and kept in the outbox
 * row for organisers to read in the app.
 */
export type MailTransport = {
  /** "smtp" delivers; "capture" keeps the raw message. */
  mode: "smtp" | "capture";
  send(message: SendMailOptions): Promise<{ messageId: string; raw: string | null }>;
  close(): void;
};

export function createMailTransport(options: { smtpUrl?: string; from: string }): MailTransport {
  if (options.smtpUrl) {
    // Pooled connections: a registration rush sends hundreds of mails, one SMTP handshake each would be slow.
    // Settings in the URL's query (e.g. ?maxConnections=2) take precedence.
    const pooled: SMTPPool.Options & { url: string } = { pool: true, maxConnections: 10, maxMessages: 500, url: options.smtpUrl };
    const transporter: Transporter = nodemailer.createTransport(pooled, { from: options.from });
    return {
      mode: "smtp",
      async send(message) {
        const info = await transporter.sendMail({ from: options.from, ...message });
        return { messageId: String(info.messageId), raw: null };
      },
      close: () => transporter.close(),
    };
  }
  const capture = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    mode: "capture",
    async send(message) {
      const info = await capture.sendMail({ from: options.from, ...message });
      const raw = (info as unknown as { message: Buffer }).message; // streamTransport with buffer: true returns the message
      return { messageId: String(info.messageId), raw: raw.toString("utf8") };
    },
    close: () => capture.close(),
  };
}
