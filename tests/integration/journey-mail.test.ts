import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificateSummary, sendCertificates, verifyCertificate } from "~/modules/certificates/certificate.server";
import { cancelProgrammeItem, saveProgrammeItem } from "~/modules/events/editor.server";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { sendGroupMessage } from "~/modules/mail/group-messages.server";
import { attendeeOfUnsubscribeToken, optOutOfGroupMail } from "~/modules/mail/unsubscribe.server";
import { resendConfirmation } from "~/modules/registration/changes.server";
import { processOutbox } from "~/modules/mail/outbox.server";
import { queueDueReminders, reminderDueAt } from "~/modules/mail/reminders.server";
import { createMailTransport } from "~/modules/mail/transport.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { createTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";
import { startTestSmtpServer } from "../support/smtp";

/**
 * The journey's mails as they arrive at a real SMTP server: a colleague's own link, change notices whose
 * calendar updates or removes the entry (same UID, higher SEQUENCE), a group message, the reminder of the day
 * before (once), and the certificate with its PDF and verification code (once).
 */
type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
const BASE_URL = "https://kongress.example.org";

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  await smtp.stop();
  await database.dispose();
});

async function deliver() {
  const transport = createMailTransport({ smtpUrl: smtp.url, from: "Kongress <k@example.org>" });
  const before = smtp.received.length;
  await processOutbox(database, transport, { baseUrl: BASE_URL });
  transport.close();
  return smtp.received.slice(before);
}

const calendarOf = (mail: (typeof smtp.received)[number]["mail"]) =>
  mail.attachments.filter((file) => file.contentType.startsWith("text/calendar")).map((file) => file.content.toString("utf8"));
const vevent = (ics: string, uid: string) => ics.split("BEGIN:VEVENT").find((part) => part.includes(`UID:${uid}`)) ?? "";

describe("mails of the attendee journey", () => {
  it("a colleague's mail carries their own link; a moved and a cancelled workshop update the calendar entry", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        contactEmail: "kontakt@kommune.example",
        attendees: [
          attendeeValues({ email: "kontakt@kommune.example", choices: { [t.workshopSlot.id]: t.workshopA.id } }),
          attendeeValues({ email: "kollege@kommune.example", choices: { [t.workshopSlot.id]: t.workshopA.id } }),
        ],
      }),
    );
    if (!outcome.ok) throw new Error("registration failed");
    const colleague = await database.read.attendee.findFirstOrThrow({ where: { email: "kollege@kommune.example", registrationId: outcome.registrationId } });
    const confirmations = await deliver();
    const colleagueMail = confirmations.find((mail) => mail.envelopeTo.includes("kollege@kommune.example"))!;
    expect(colleagueMail.mail.text).toContain(`/registrations/${colleague.manageToken}`);
    expect(colleagueMail.mail.text).not.toContain(outcome.manageToken);

    // The organiser moves workshop A to another room and confirms the notice.
    const item = await database.read.programmeItem.findUniqueOrThrow({ where: { id: t.workshopA.id } });
    const form = {
      slotId: item.slotId,
      kind: "workshop" as const,
      titleDe: item.titleDe,
      titleEn: null,
      descriptionDe: null,
      descriptionEn: null,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      room: "Saal 2",
      speakers: null,
      fieldOfActionId: null,
      municipality: null,
      meetingPoint: null,
      departureAt: null,
      returnAt: null,
      capacity: item.capacity,
      sortOrder: 0,
    };
    expect(await saveProgrammeItem(database, t.event.id, item.id, form, { notify: true })).toMatchObject({ ok: true });
    const notices = await deliver();
    expect(notices.map((mail) => mail.mail.subject)).toEqual(["Programmänderung: Testkongress", "Programmänderung: Testkongress"]);
    expect(notices[0]!.mail.text).toContain("Saal 2");
    const moved = vevent(calendarOf(notices[0]!.mail)[0]!, `${item.id}.`);
    expect(moved).toContain("SEQUENCE:1");
    expect(moved).toContain("Saal 2");

    expect(await cancelProgrammeItem(database, t.event.id, item.id)).toEqual({ ok: true, notified: 2 });
    const cancellations = await deliver();
    expect(cancellations).toHaveLength(2);
    const removed = vevent(calendarOf(cancellations[0]!.mail)[0]!, `${item.id}.`);
    expect(removed).toContain("STATUS:CANCELLED");
    expect(removed).toContain("SEQUENCE:3"); // item moved twice (change, call-off) + the attendee's own removal
    expect((await database.read.programmeItem.findUniqueOrThrow({ where: { id: item.id } })).confirmedCount).toBe(0);
  });

  it("a group message reaches exactly the filtered attendees with the organisers' words", async () => {
    const t = await createTestEvent(database.write);
    for (const choice of [t.bus.id, t.bus.id, null]) {
      const outcome = await registerAttendees(
        database,
        t.event.slug,
        registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues({ choices: choice ? { [t.busSlot.id]: choice } : {} })] }),
      );
      if (!outcome.ok) throw new Error("registration failed");
    }
    await deliver();
    const sent = await sendGroupMessage(
      database,
      t.event.id,
      readAttendeeQuery(new URLSearchParams({ event: t.event.id, item: t.bus.id })),
      { subject: "Abfahrt Bus 2", body: "Der Bus fährt um 13:15 statt 13:00." },
      "Orga",
    );
    expect(sent).toMatchObject({ ok: true, recipients: 2 });
    const mails = await deliver();
    expect(mails).toHaveLength(2);
    expect(mails[0]!.mail.subject).toBe("Abfahrt Bus 2 – Testkongress");
    expect(mails[0]!.mail.text).toContain("Der Bus fährt um 13:15 statt 13:00.");
    // Both parts are headed by the organisers' own subject, once.
    expect(mails[0]!.mail.text!.split("\n")[0]).toBe("Abfahrt Bus 2");
    expect(mails[0]!.mail.text!.split("Abfahrt Bus 2").length - 1).toBe(1);
    expect(mails[0]!.mail.html).toMatch(/<h1[^>]*>Abfahrt Bus 2<\/h1>/);

    // Bulk mail carries a one-click way out (RFC 2369/8058), in its headers and its text, that works for that person.
    const [mail] = mails;
    // The header lines as sent (mailparser folds List-* headers into one parsed object).
    const headerLine = (key: string) =>
      mail!.mail.headerLines
        .find((line) => line.key === key)
        ?.line.replace(/^[^:]+:\s*/, "")
        .replace(/\r?\n\s+/g, "");
    expect(headerLine("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const url = headerLine("list-unsubscribe")!.replace(/^<|>$/g, "");
    expect(url).toMatch(/^https:\/\/kongress\.example\.org\/unsubscribe\/[a-z0-9]+\.[\w-]{32}$/);
    expect(mail!.mail.text).toContain(url);
    const token = url.slice(url.lastIndexOf("/") + 1);
    const attendeeId = attendeeOfUnsubscribeToken(token)!;
    expect(await database.read.attendee.findUnique({ where: { id: attendeeId }, select: { email: true } })).toMatchObject({ email: mail!.envelopeTo[0] });
    expect(attendeeOfUnsubscribeToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(attendeeOfUnsubscribeToken(`${t.freeTicket.id}.${token.split(".")[1]}`)).toBeNull();
    expect(await optOutOfGroupMail(database, attendeeId)).toBe(true);
    const again = await sendGroupMessage(
      database,
      t.event.id,
      readAttendeeQuery(new URLSearchParams({ event: t.event.id, item: t.bus.id })),
      { subject: "Rückfahrt", body: "Zurück um 17:30." },
      "Orga",
    );
    expect(again).toMatchObject({ ok: true, recipients: 1 });
    // Mail about the person's own registration still reaches them.
    expect(await resendConfirmation(database, attendeeId)).toBe(true);
    expect(await database.read.emailOutbox.count({ where: { attendeeId, kind: "registration_confirmed", status: "pending" } })).toBe(1);
  });

  it("the reminder goes out once at the event's time on the day before", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id }));
    if (!outcome.ok) throw new Error("registration failed");
    await deliver();
    const due = reminderDueAt({ startsAt: t.event.startsAt, reminderTime: "16:00" })!;
    expect(due.toISOString()).toBe("2027-05-15T14:00:00.000Z"); // 16:00 in Berlin (summer time) the day before
    expect(await queueDueReminders(database, new Date(due.getTime() - 60_000))).toBe(0);
    // Two workers at once (other test events of this file fall due too): this event's reminder is queued once.
    await Promise.all([queueDueReminders(database, due), queueDueReminders(database, due), queueDueReminders(database, due)]);
    await queueDueReminders(database, new Date(due.getTime() + 3_600_000));
    const reminders = await database.read.emailOutbox.findMany({ where: { kind: "event_reminder", registrationId: outcome.registrationId } });
    expect(reminders).toHaveLength(1);
    // Queued at the test's clock (a year ahead): due now for the real worker.
    await database.write.emailOutbox.updateMany({ where: { kind: "event_reminder" }, data: { nextAttemptAt: new Date() } });
    const mails = await deliver();
    const mine = mails.find((mail) => mail.envelopeTo.includes(reminders[0]!.recipient))!;
    expect(mine.mail.subject).toBe("Morgen: Testkongress");
    expect(mine.mail.attachments.some((file) => file.contentType === "image/png")).toBe(true);
  });

  it("after the event, checked-in attendees get a certificate once, and its code verifies name, event and date only", async () => {
    const t = await createTestEvent(database.write);
    const came = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({
        ticketTypeId: t.freeTicket.id,
        attendees: [attendeeValues({ firstName: "Zoë", choices: { [t.workshopSlot.id]: t.workshopA.id } })],
      }),
    );
    const stayedAway = await registerAttendees(database, t.event.slug, registrationValues({ ticketTypeId: t.freeTicket.id }));
    if (!came.ok || !stayedAway.ok) throw new Error("registration failed");
    await deliver();
    const attendee = await database.read.attendee.findFirstOrThrow({ where: { registrationId: came.registrationId } });
    const list = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Einlass" } });
    await database.write.checkIn.create({
      data: {
        checkInListId: list.id,
        attendeeId: attendee.id,
        scanId: `scan-${attendee.id}`,
        scannedCode: "x",
        result: "valid",
        activeKey: `${list.id}:${attendee.id}`,
      },
    });
    expect(await sendCertificates(database, t.event.id)).toBe(0); // the event is not over yet
    await database.write.event.update({
      where: { id: t.event.id },
      data: { startsAt: new Date("2026-01-10T08:00:00Z"), endsAt: new Date("2026-01-10T16:00:00Z") },
    });

    expect(await sendCertificates(database, t.event.id)).toBe(1);
    expect(await sendCertificates(database, t.event.id)).toBe(0);
    expect(await certificateSummary(database, t.event.id)).toEqual({ eligible: 1, sent: 1 });
    const [mail] = await deliver();
    const pdf = mail!.mail.attachments.find((file) => file.contentType === "application/pdf");
    expect(pdf?.content.subarray(0, 5).toString()).toBe("%PDF-");
    // PDF/UA: the sessions attended are a list whose items hold a label and a body (they held bare text).
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const tree = await (await (await getDocument({ data: new Uint8Array(pdf!.content), isEvalSupported: false }).promise).getPage(1)).getStructTree();
    const items: string[][] = [];
    const walk = (node: { role?: string; children?: unknown[] }) => {
      if (node.role === "LI") items.push((node.children ?? []).map((child) => (child as { role?: string }).role ?? "content"));
      for (const child of node.children ?? []) walk(child as { role?: string; children?: unknown[] });
    };
    walk(tree as never);
    expect(items).toEqual([["Lbl", "LBody"]]);
    const { certificateCode } = await database.read.attendee.findUniqueOrThrow({ where: { id: attendee.id } });
    expect(mail!.mail.text).toContain(certificateCode!);
    expect(await verifyCertificate(database.read, certificateCode!.toLowerCase(), "de")).toEqual({
      name: `Zoë ${attendee.lastName}`,
      event: "Testkongress",
      date: new Date("2026-01-10T08:00:00Z"),
    });
    expect(await verifyCertificate(database.read, "ABCD-EFGH-JKMN", "de")).toBeNull();
  });

  it("a colleague admitted after the first certificates were sent still gets theirs", async () => {
    const t = await createTestEvent(database.write);
    const outcome = await registerAttendees(
      database,
      t.event.slug,
      registrationValues({ ticketTypeId: t.freeTicket.id, attendees: [attendeeValues(), attendeeValues()] }),
    );
    if (!outcome.ok) throw new Error("registration failed");
    const [first, second] = await database.read.attendee.findMany({ where: { registrationId: outcome.registrationId }, orderBy: { position: "asc" } });
    const list = await database.write.checkInList.create({ data: { eventId: t.event.id, nameDe: "Einlass" } });
    const admit = (attendeeId: string) =>
      database.write.checkIn.create({
        data: { checkInListId: list.id, attendeeId, scanId: `scan-${attendeeId}`, scannedCode: "x", result: "valid", activeKey: `${list.id}:${attendeeId}` },
      });
    await admit(first!.id);
    await database.write.event.update({
      where: { id: t.event.id },
      data: { startsAt: new Date("2026-02-10T08:00:00Z"), endsAt: new Date("2026-02-10T16:00:00Z") },
    });
    expect(await sendCertificates(database, t.event.id)).toBe(1);
    // Admitted late (a scan synced after the event): the colleague in the same registration is not skipped.
    await admit(second!.id);
    expect(await sendCertificates(database, t.event.id)).toBe(1);
    expect(await sendCertificates(database, t.event.id)).toBe(0);
  });
});
