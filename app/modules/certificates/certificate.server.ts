import type { Database } from "~/db.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { ACTIVE_ENTRANCE_CHECK_IN, checkedInFilter } from "~/modules/checkin/attendance.server";
import { newPdf, mm } from "~/modules/exports/pdf.server";
import { formatDate } from "~/modules/i18n/format";
import { localized, type Language } from "~/modules/i18n/language";
import { translator } from "~/modules/i18n/messages";
import { queueAttendeeMails } from "~/modules/mail/queue.server";
import { isUniqueViolation } from "~/modules/db/errors.server";
import { newCertificateCode } from "~/modules/tickets/secrets.server";
import { qrPng } from "~/modules/tickets/qr.server";

/**
 * Certificates of attendance (Teilnahmebescheinigungen). After the event, everyone who was admitted at an
 * entrance gets one: a PDF with name, organisation, event, date, the workshops and site visit attended and
 * a verification code. Anyone can check the code at /verify, which shows only name, event and date.
 *
 * "Attended" for a workshop or bus: booked, and checked in on its own list where that item has one (a bus
 * is boarded by scan); an item without a list of its own counts as attended when booked.
 */
const CODE = /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/;

/** Whoever is eligible: a confirmed attendee of an event that is over, admitted at an entrance. */
const eligible = (now: Date) => ({ status: "confirmed" as const, event: { endsAt: { lte: now } }, ...checkedInFilter(true) });

/** Gives the attendee a verification code if they are eligible and have none yet; returns the code or null. */
export async function issueCertificate(database: Database, attendeeId: string, now = new Date()): Promise<string | null> {
  const attendee = await database.read.attendee.findFirst({ where: { id: attendeeId, ...eligible(now) }, select: { certificateCode: true } });
  if (!attendee) return null;
  if (attendee.certificateCode) return attendee.certificateCode;
  for (let attempt = 0; ; attempt++) {
    try {
      // Conditional: of two issuers at once, the first code stays.
      await database.write.$transaction((tx) =>
        tx.attendee.updateMany({ where: { id: attendeeId, certificateCode: null }, data: { certificateCode: newCertificateCode() } }),
      );
      break;
    } catch (error) {
      if (!isUniqueViolation(error, "certificateCode") || attempt >= 3) throw error;
    }
  }
  return (await database.read.attendee.findUniqueOrThrow({ where: { id: attendeeId }, select: { certificateCode: true } })).certificateCode;
}

/** The organisers' numbers: who can get one, and how many have been sent. */
export async function certificateSummary(database: Database, eventId: string, now = new Date()) {
  const [eligibleCount, sent] = await Promise.all([
    database.read.attendee.count({ where: { eventId, ...eligible(now) } }),
    database.read.emailOutbox.count({ where: { kind: "certificate", registration: { eventId } } }),
  ]);
  return { eligible: eligibleCount, sent };
}

/**
 * Issues codes and queues a certificate mail for every eligible attendee of the event who has not been sent one
 * (checked per attendee: a colleague admitted later is not skipped); a second click, or a second organiser, sends
 * nobody a second copy. One write transaction; returns how many were queued.
 */
export async function sendCertificates(database: Database, eventId: string, now = new Date()): Promise<number> {
  const candidates = await database.read.attendee.findMany({ where: { eventId, ...eligible(now) }, select: { id: true, certificateCode: true } });
  for (let attempt = 0; ; attempt++) {
    try {
      return await database.write.$transaction(async (tx) => {
        // Read inside the write transaction: what another sender queued meanwhile is not queued twice.
        const sent = await tx.emailOutbox.findMany({
          where: { kind: "certificate", attendeeId: { in: candidates.map((a) => a.id) } },
          select: { attendeeId: true },
        });
        const already = new Set(sent.map((row) => row.attendeeId));
        const due = candidates.filter((attendee) => !already.has(attendee.id));
        for (const attendee of due.filter((candidate) => !candidate.certificateCode)) {
          await tx.attendee.updateMany({ where: { id: attendee.id, certificateCode: null }, data: { certificateCode: newCertificateCode() } });
        }
        await queueAttendeeMails(
          tx,
          due.map((attendee) => ({ kind: "certificate" as const, attendeeId: attendee.id })),
          now,
        );
        return due.length;
      });
    } catch (error) {
      // Two codes of 59 random bits alike: the database refuses it, and the whole batch is tried again.
      if (!isUniqueViolation(error, "certificateCode") || attempt >= 3) throw error;
    }
  }
}

/** What the public verification page may show of a certificate: name, event and date, nothing else. */
export async function verifyCertificate(db: PrismaClient, code: string, language: Language) {
  const normalised = code.trim().toUpperCase();
  if (!CODE.test(normalised)) return null;
  const attendee = await db.attendee.findUnique({
    where: { certificateCode: normalised },
    select: { firstName: true, lastName: true, status: true, event: { select: { titleDe: true, titleEn: true, startsAt: true } } },
  });
  if (!attendee || attendee.status !== "confirmed") return null;
  return {
    name: `${attendee.firstName} ${attendee.lastName}`,
    event: localized(language, attendee.event.titleDe, attendee.event.titleEn),
    date: attendee.event.startsAt,
  };
}

/** The certificate as a PDF, for an attendee whose code has been issued; null otherwise. */
export async function certificatePdf(db: PrismaClient, attendeeId: string, baseUrl: string, language: Language) {
  const attendee = await db.attendee.findUnique({
    where: { id: attendeeId },
    include: {
      event: true,
      bookings: { include: { programmeItem: { include: { checkInLists: { select: { id: true } } } } } },
      checkIns: { where: { activeKey: { not: null } }, select: { checkInListId: true } },
    },
  });
  if (!attendee?.certificateCode || attendee.status !== "confirmed") return null;
  const admitted = await db.checkIn.count({ where: { attendeeId, ...ACTIVE_ENTRANCE_CHECK_IN } });
  if (admitted === 0) return null;
  const scannedLists = new Set(attendee.checkIns.map((scan) => scan.checkInListId));
  const attended = attendee.bookings
    .map((booking) => booking.programmeItem)
    .filter((item) => item.cancelledAt === null)
    .filter((item) => item.checkInLists.length === 0 || item.checkInLists.some((list) => scannedLists.has(list.id)))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((item) => localized(language, item.titleDe, item.titleEn));

  const t = translator(language);
  const event = attendee.event;
  const eventTitle = localized(language, event.titleDe, event.titleEn);
  const verifyUrl = `${baseUrl}/verify?code=${attendee.certificateCode}`;
  const doc = await newPdf({
    size: "A4",
    margins: { top: mm(25), bottom: mm(20), left: mm(25), right: mm(25) },
    title: `${t("certificate.title")} – ${eventTitle}`,
    lang: language === "de" ? "de-DE" : "en-GB",
    accessible: true,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - mm(50);
  // Tagged (PDF/UA): heading, paragraphs, the list of items attended, the QR code as a figure with its text.
  const structure = doc.struct("Document");
  doc.addStructure(structure);
  const block = (tag: "H1" | "P", text: string, font: "bold" | "regular", size: number, align: "center" | "left" = "center") =>
    structure.add(doc.struct(tag, {}, () => doc.font(font).fontSize(size).text(text, { align, width })));

  block("H1", t("certificate.title"), "bold", 26);
  doc.moveDown(2);
  block("P", t("certificate.confirms"), "regular", 13);
  doc.moveDown(0.6);
  block("P", `${attendee.firstName} ${attendee.lastName}`, "bold", 22);
  doc.moveDown(0.4);
  block("P", `${t("certificate.from")} ${attendee.organisation}`, "regular", 13);
  doc.moveDown(1);
  block("P", t("certificate.attended", { date: formatDate(event.startsAt, language) }), "regular", 13);
  doc.moveDown(0.4);
  block("P", eventTitle, "bold", 16);
  doc.moveDown(0.4);
  block("P", t("certificate.at", { venue: `${event.venueName}, ${event.venueAddress}` }), "regular", 13);
  if (attended.length > 0) {
    doc.moveDown(1.5);
    block("P", t("certificate.programme"), "bold", 12, "left");
    const list = doc.struct("L");
    structure.add(list);
    doc.font("regular").fontSize(12);
    // PDF/UA: a list item is its label (the bullet) and its body (the session), each tagged as such.
    const left = doc.page.margins.left;
    for (const title of attended) {
      const y = doc.y;
      list.add(
        doc.struct("LI", {}, [
          doc.struct("Lbl", {}, () => doc.text("•", left, y, { width: mm(6), lineBreak: false })),
          doc.struct("LBody", {}, () => doc.text(title, left + mm(6), y, { width: width - mm(6) })),
        ]),
      );
    }
    list.end();
  }
  doc.moveDown(2);
  block("P", t("certificate.organiser", { organiser: event.organiserName }), "regular", 12, "left");
  block("P", t("certificate.issued", { date: formatDate(new Date(), language) }), "regular", 12, "left");

  const qrSize = mm(30);
  const bottom = doc.page.height - mm(20) - qrSize;
  const verifyText = t("certificate.verify", { url: `${baseUrl}/verify`, code: attendee.certificateCode });
  structure.add(doc.struct("Figure", { alt: verifyText }, () => doc.image(qrPng(verifyUrl, 4), mm(25), bottom, { width: qrSize, height: qrSize })));
  structure.add(
    doc.struct("P", {}, () =>
      doc.fontSize(10).text(verifyText, mm(25) + qrSize + mm(5), bottom + qrSize / 2 - 6, {
        width: width - qrSize - mm(5),
      }),
    ),
  );
  structure.end();
  doc.end();
  return {
    pdf: await done,
    code: attendee.certificateCode,
    filename: `${language === "de" ? "teilnahmebescheinigung" : "certificate"}-${attendee.ticketReference}.pdf`,
  };
}
