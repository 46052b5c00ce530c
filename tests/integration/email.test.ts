import { afterAll, beforeAll, describe, expect, it } from "vitest";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import ical from "node-ical";
import { registerAttendees } from "~/modules/registration/register.server";
import { composeMessage } from "~/modules/mail/compose.server";
import { claimDueMessages, processOutbox, startOutboxWorker } from "~/modules/mail/outbox.server";
import { createMailTransport } from "~/modules/mail/transport.server";
import { parseTicketCode } from "~/modules/tickets/signed-code";
import { requestStarted } from "~/utils/requests-in-flight.server";
import { createTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";
import { startTestSmtpServer } from "../support/smtp";

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
const BASE_URL = "https://kongress.example.org";
const FROM = "Fachkongress <fachkongress@example.org>";

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
  await database.dispose();
});

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

async function registerColleagues(contactEmail: string) {
  const t = await createTestEvent(database.write);
  const outcome = await registerAttendees(
    database,
    t.event.slug,
    registrationValues({
      ticketTypeId: t.freeTicket.id,
      contactEmail,
      language: "de",
      attendees: [
        attendeeValues({
          firstName: "Jörg",
          lastName: "Weiß",
          email: contactEmail,
          choices: { [t.workshopSlot.id]: t.workshopA.id, [t.busSlot.id]: t.bus.id },
        }),
        attendeeValues({ firstName: "Zoë", lastName: "Çelik", email: `zoe.${Date.now()}@kommune.example` }),
      ],
    }),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  const attendees = await database.read.attendee.findMany({ where: { registrationId: outcome.registrationId }, orderBy: { position: "asc" } });
  return { t, outcome, attendees };
}

describe("confirmation emails through a real SMTP server", () => {
  it("delivers the contact's mail with every ticket as inline and attached QR code, and a calendar file per attendee", async () => {
    const contact = `joerg.${Date.now()}@kommune.example`;
    const { t, attendees } = await registerColleagues(contact);
    const transport = createMailTransport({ smtpUrl: smtp.url, from: FROM });
    const result = await processOutbox(database, transport, { baseUrl: BASE_URL });
    expect(result).toEqual({ sent: 2, failed: 0 });

    const toContact = smtp.received.find((entry) => entry.envelopeTo.includes(contact))!;
    const mail = toContact.mail;
    expect(mail.subject).toBe("Anmeldebestätigung: Testkongress");
    expect(mail.from?.text).toContain("fachkongress@example.org");
    expect(mail.text).toContain("Ticket für Jörg Weiß");
    expect(mail.text).toContain("Ticket für Zoë Çelik");
    expect(mail.html).toContain("Ticket für Zoë Çelik");

    // Each QR code is an inline image referenced by Content-ID (not a data: URI) and decodes to that attendee's ticket.
    for (const attendee of attendees) {
      const inline = mail.attachments.find((a) => a.contentId === `<qr-${attendee.id}@kongress>` || a.cid === `qr-${attendee.id}@kongress`);
      expect(inline, `inline QR for ${attendee.firstName}`).toBeDefined();
      expect(mail.html).toContain(`cid:qr-${attendee.id}@kongress`);
      expect(parseTicketCode(decodeQr(inline!.content) ?? "")).toMatchObject({ kind: "signed", secret: attendee.ticketSecret });
      const printable = mail.attachments.find((a) => a.filename === `ticket-${attendee.ticketReference}.png`);
      expect(parseTicketCode(decodeQr(printable!.content) ?? "")).toMatchObject({ kind: "signed", secret: attendee.ticketSecret });
    }
    expect(mail.html).not.toContain("data:image");

    // The calendar of Jörg: the congress, his workshop and the bus, in Europe/Berlin, with stable UIDs.
    const calendarPart = mail.attachments.find((a) => a.filename === `kalender-${attendees[0]!.ticketReference}.ics`)!;
    expect(calendarPart.contentType).toBe("text/calendar");
    expect(toContact.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=PUBLISH/i);
    const text = calendarPart.content.toString("utf8");
    expect(text).toContain("METHOD:PUBLISH");
    // DTSTAMP in UTC, as RFC 5545 requires.
    expect(text).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r$/m);
    expect(text).not.toMatch(/^DTSTAMP:\d{8}T\d{6}\r$/m);
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin");
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line, "utf8") <= 75)).toBe(true);
    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((entry) => entry?.type === "VEVENT") as ical.VEvent[];
    expect(events.map((event) => event.uid).sort()).toEqual([t.event.id, t.workshopA.id, t.bus.id].map((id) => `${id}.${attendees[0]!.id}@kongress`).sort());
    const congress = events.find((event) => event.uid.startsWith(t.event.id))!;
    expect(congress.start.toISOString()).toBe(t.event.startsAt.toISOString());
    expect(congress.start.tz).toBe("Europe/Berlin");
    expect(String(congress.summary)).toBe("Testkongress");
    expect(JSON.stringify(congress.url)).toContain(`${BASE_URL}/registrations/`);

    // Zoë, registered by Jörg, gets her own ticket and nothing of Jörg's.
    const toZoe = smtp.received.find((entry) => entry.envelopeTo.includes(attendees[1]!.email))!;
    // She is told who registered her, by name, in a sentence of its own, and gets no ticket of his.
    expect(toZoe.mail.text).toContain(`Guten Tag,\nJörg Weiß (${contact}) hat Sie angemeldet (Anmeldung `);
    expect(toZoe.mail.text).toContain("Ihr Platz ist bestätigt; hier ist Ihr Ticket.");
    expect(toZoe.mail.text).not.toContain("Ticket für Jörg Weiß");
    expect(toZoe.mail.text).not.toContain("vielen Dank");
    const zoeQr = toZoe.mail.attachments.find((a) => a.filename === `ticket-${attendees[1]!.ticketReference}.png`)!;
    expect(parseTicketCode(decodeQr(zoeQr.content) ?? "")).toMatchObject({ kind: "signed", secret: attendees[1]!.ticketSecret });

    const rows = await database.read.emailOutbox.findMany({ where: { recipient: { in: [contact, attendees[1]!.email] } } });
    expect(rows.every((row) => row.status === "sent" && row.attempts === 1 && row.messageId)).toBe(true);
    transport.close();
  });

  it("escapes attendee data in the HTML", async () => {
    const { outcome, attendees } = await registerColleagues(`esc.${Date.now()}@kommune.example`);
    // The form refuses angle brackets; data edited elsewhere must still never become markup.
    await database.write.$transaction((tx) => tx.attendee.update({ where: { id: attendees[1]!.id }, data: { lastName: "<img src=x onerror=alert(1)>" } }));
    const message = await composeMessage(
      database,
      {
        id: "x",
        kind: "registration_confirmed",
        recipient: "a@b.c",
        language: "en",
        registrationId: outcome.ok ? outcome.registrationId : "",
        attendeeId: null,
      },
      BASE_URL,
    );
    expect(message.html).toContain("Zoë &lt;img src=x onerror=alert(1)&gt;");
    expect(message.html).not.toContain("<img src=x");
    expect(message.subject).toBe("Registration confirmed: Test congress");
  });

  it("keeps mail while the SMTP server is down and delivers it exactly once when it is back", async () => {
    await processOutbox(database, createMailTransport({ smtpUrl: smtp.url, from: FROM }), { baseUrl: BASE_URL });
    const contact = `down.${Date.now()}@kommune.example`;
    await smtp.stop();
    const { attendees } = await registerColleagues(contact);
    const transport = createMailTransport({ smtpUrl: smtp.url, from: FROM });
    const options = { baseUrl: BASE_URL, backoffBaseMs: 50, backoffMaxMs: 50 };

    const whileDown = await processOutbox(database, transport, options);
    expect(whileDown).toEqual({ sent: 0, failed: 2 });
    const waiting = await database.read.emailOutbox.findMany({ where: { recipient: contact } });
    expect(waiting).toMatchObject([{ status: "pending", attempts: 1 }]);
    expect(waiting[0]!.lastError).toMatch(/ECONNREFUSED/);

    await smtp.start();
    await new Promise((resolve) => setTimeout(resolve, 80));
    // Two workers at once, as two server processes would: each mail still goes out once.
    const [first, second] = await Promise.all([processOutbox(database, transport, options), processOutbox(database, transport, options)]);
    expect(first.sent + second.sent).toBe(2);
    await processOutbox(database, transport, options);
    expect(smtp.received.filter((entry) => entry.envelopeTo.includes(contact))).toHaveLength(1);
    expect(smtp.received.filter((entry) => entry.envelopeTo.includes(attendees[1]!.email))).toHaveLength(1);
    expect(await database.read.emailOutbox.findFirst({ where: { recipient: contact } })).toMatchObject({ status: "sent", attempts: 2 });
    transport.close();
  });

  it("gives a mail one Message-ID for all attempts, so a copy sent again after a crash is recognisable", async () => {
    const contact = `crash.${Date.now()}@kommune.example`;
    await registerColleagues(contact);
    const transport = createMailTransport({ smtpUrl: smtp.url, from: FROM });
    await processOutbox(database, transport, { baseUrl: BASE_URL });
    const row = await database.read.emailOutbox.findFirstOrThrow({ where: { recipient: contact } });
    // What a crash between the SMTP server's acceptance and the row's update leaves: a lease that ran out.
    await database.write.$transaction((tx) =>
      tx.emailOutbox.update({ where: { id: row.id }, data: { status: "sending", lockedUntil: new Date(Date.now() - 1000) } }),
    );
    await processOutbox(database, transport, { baseUrl: BASE_URL });
    const copies = smtp.received.filter((entry) => entry.envelopeTo.includes(contact));
    expect(copies).toHaveLength(2);
    expect(copies[0]!.mail.messageId).toBe(`<outbox.${row.id}@kongress.example.org>`);
    expect(copies[1]!.mail.messageId).toBe(copies[0]!.mail.messageId);
    expect(await database.read.emailOutbox.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      messageId: `<outbox.${row.id}@kongress.example.org>`,
      status: "sent",
    });
    transport.close();
  });

  it("gives up after the last attempt and marks the mail failed for organisers", async () => {
    await smtp.stop();
    const contact = `fail.${Date.now()}@kommune.example`;
    await registerColleagues(contact);
    const transport = createMailTransport({ smtpUrl: smtp.url, from: FROM });
    for (let attempt = 0; attempt < 3; attempt++) {
      await processOutbox(database, transport, { baseUrl: BASE_URL, backoffBaseMs: 1, backoffMaxMs: 1, maxAttempts: 3 });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await database.read.emailOutbox.findFirst({ where: { recipient: contact } })).toMatchObject({ status: "failed", attempts: 3 });
    await smtp.start();
    transport.close();
  });

  it("without SMTP_URL keeps the whole message in the outbox row instead of sending it", async () => {
    const contact = `capture.${Date.now()}@kommune.example`;
    await registerColleagues(contact);
    const before = smtp.received.length;
    await processOutbox(database, createMailTransport({ from: FROM }), { baseUrl: BASE_URL });
    expect(smtp.received.length).toBe(before);
    const row = await database.read.emailOutbox.findFirstOrThrow({ where: { recipient: contact } });
    expect(row.status).toBe("sent");
    expect(row.capturedMessage).toContain("Subject: =?UTF-8?");
    expect(row.capturedMessage).toContain("\r\n");
  });
});

describe("the outbox worker beside the requests", () => {
  const due = () => database.read.emailOutbox.count({ where: { status: { in: ["pending", "sending"] } } });
  // One round of the worker: started, it sends at once; stopped before its next round, which is a minute away.
  const oneRound = async (transport: ReturnType<typeof createMailTransport>) => {
    // busyAbove over 1: the test runner's own event loop does not count, only the requests do.
    const worker = startOutboxWorker(database, transport, { baseUrl: BASE_URL, pollMs: 60_000, busyAbove: 1.1, busyWithRequests: 4, batchWhenBusy: 2 });
    await worker.stop();
  };

  it("takes at most as many mails as asked for in one claim", async () => {
    await processOutbox(database, createMailTransport({ smtpUrl: smtp.url, from: FROM }), { baseUrl: BASE_URL });
    for (let n = 0; n < 3; n++) await registerColleagues(`claim.${n}.${Date.now()}@kommune.example`);
    expect(await due()).toBe(6);
    // The rows claimed are the oldest due, two of them; a second claim takes the next two.
    expect(await claimDueMessages(database, new Date(), 2, 60_000)).toHaveLength(2);
    expect(await claimDueMessages(database, new Date(), 2, 60_000)).toHaveLength(2);
    expect(await database.read.emailOutbox.count({ where: { status: "pending" } })).toBe(2);
    await database.write.emailOutbox.updateMany({ where: { status: "sending" }, data: { status: "pending", lockedUntil: null } });
  });

  it("sends a few mails a round while several requests are being answered, even with an idle event loop, and the rest after", async () => {
    const transport = createMailTransport({ smtpUrl: smtp.url, from: FROM });
    await processOutbox(database, transport, { baseUrl: BASE_URL });
    for (let n = 0; n < 4; n++) await registerColleagues(`rush.${n}.${Date.now()}@kommune.example`);
    const queued = await due();
    expect(queued).toBeGreaterThanOrEqual(8);

    const requests = Array.from({ length: 4 }, () => requestStarted());
    await oneRound(transport);
    expect(queued - (await due())).toBe(2);

    // Three requests still under way are not a rush: everything goes.
    requests.pop()!();
    await oneRound(transport);
    expect(await due()).toBe(0);
    for (const done of requests) done();
  });
});
