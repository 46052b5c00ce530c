/**
 * The ceiling the registration rush is measured against: a plain `node:http` server on better-sqlite3 doing the
 * database work of a person's visit and nothing else — no framework, no ORM, no validation, no rendering beyond a
 * few strings. The app can never be faster; how far below this it stays is the cost of everything it does on top.
 *
 *   GET  /events/:slug            the event with its items' seats left (one query)
 *   GET  /events/:slug/register   the form's data (the same query)
 *   POST /events/:slug/register   claims seats by conditional UPDATE (ticket type, then each chosen item; a full
 *                                 item is skipped), inserts registration, attendees, bookings, consents and outbox
 *                                 rows in one transaction, answers 303 to the confirmation
 *   GET  /registrations/:token    the registration with its attendees, and a QR code per ticket (the same
 *                                 `qrcode` library as the app)
 *
 * Run by scripts/bench/visit-rush.ts in a process of its own: `tsx scripts/bench/ceiling-server.ts <file> <port>`.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Database from "better-sqlite3";
import QRCode from "qrcode";

const [file, portText] = process.argv.slice(2);
const db = new Database(file!);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");

const id = () => `c${Date.now().toString(36)}${randomBytes(12).toString("hex")}`;
// The adapter's format for DateTime columns (adapter-better-sqlite3, iso8601).
const now = () => new Date().toISOString().replace("Z", "+00:00");

const eventBySlug = db.prepare(`SELECT "id", "titleDe", "privacyNoticeVersion" FROM "Event" WHERE "slug" = ?`);
const itemsOf = db.prepare(`SELECT "id", "slotId", "titleDe", "capacity", "confirmedCount" FROM "ProgrammeItem" WHERE "eventId" = ? ORDER BY "startsAt"`);
const ticketOf = db.prepare(`SELECT "id" FROM "TicketType" WHERE "eventId" = ? LIMIT 1`);
const claimTicket = db.prepare(
  `UPDATE "TicketType" SET "confirmedCount" = "confirmedCount" + ? WHERE "id" = ? AND ("capacity" IS NULL OR "confirmedCount" + ? <= "capacity")`,
);
const claimItem = db.prepare(
  `UPDATE "ProgrammeItem" SET "confirmedCount" = "confirmedCount" + 1 WHERE "id" = ? AND ("capacity" IS NULL OR "confirmedCount" < "capacity")`,
);
const insertRegistration = db.prepare(
  `INSERT INTO "Registration" ("id", "eventId", "reference", "manageToken", "contactEmail", "language", "status", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 'de', 'confirmed', ?, ?)`,
);
const insertAttendee = db.prepare(
  `INSERT INTO "Attendee" ("id", "registrationId", "eventId", "ticketTypeId", "position", "firstName", "lastName", "email", "activeEmail", "organisation",
    "searchText", "sortName", "sortOrganisation", "status", "ticketSecret", "manageToken", "ticketReference", "createdAt", "updatedAt")
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?)`,
);
const insertBooking = db.prepare(`INSERT INTO "Booking" ("id", "attendeeId", "programmeItemId", "slotId", "createdAt") VALUES (?, ?, ?, ?, ?)`);
const insertConsent = db.prepare(`INSERT INTO "Consent" ("id", "attendeeId", "kind", "textVersion", "givenAt") VALUES (?, ?, 'privacy', ?, ?)`);
const insertMail = db.prepare(
  `INSERT INTO "EmailOutbox" ("id", "registrationId", "kind", "recipient", "language", "nextAttemptAt", "createdAt") VALUES (?, ?, 'registration_confirmed', ?, 'de', ?, ?)`,
);
const registrationByToken = db.prepare(`SELECT "id", "reference", "contactEmail" FROM "Registration" WHERE "manageToken" = ?`);
const attendeesOf = db.prepare(
  `SELECT "firstName", "lastName", "ticketSecret", "ticketReference" FROM "Attendee" WHERE "registrationId" = ? ORDER BY "position"`,
);

type EventRow = { id: string; titleDe: string; privacyNoticeVersion: string };
type ItemRow = { id: string; slotId: string; titleDe: string; capacity: number | null; confirmedCount: number };

function eventPage(slug: string): string | null {
  const event = eventBySlug.get(slug) as EventRow | undefined;
  if (!event) return null;
  const items = itemsOf.all(event.id) as ItemRow[];
  const rows = items.map((item) => `<li>${item.titleDe}: ${item.capacity === null ? "–" : item.capacity - item.confirmedCount} frei</li>`).join("");
  return `<!doctype html><html lang="de"><title>${event.titleDe}</title><h1>${event.titleDe}</h1><ul>${rows}</ul></html>`;
}

const register = db.transaction((slug: string, form: URLSearchParams) => {
  const event = eventBySlug.get(slug) as EventRow;
  const ticket = ticketOf.get(event.id) as { id: string };
  const people: number[] = [];
  for (let p = 0; form.has(`attendees[${p}].email`); p++) people.push(p);
  if (claimTicket.run(people.length, ticket.id, people.length).changes !== 1) throw new Error("sold out");
  const items = new Map((itemsOf.all(event.id) as ItemRow[]).map((item) => [item.id, item]));
  const registrationId = id();
  const token = randomBytes(16).toString("base64url");
  const reference = randomBytes(4).toString("hex").toUpperCase();
  const at = now();
  insertRegistration.run(registrationId, event.id, reference, token, form.get("contactEmail"), at, at);
  for (const p of people) {
    const field = (name: string) => form.get(`attendees[${p}].${name}`) ?? "";
    const attendeeId = id();
    const [first, last, email, organisation] = [field("firstName"), field("lastName"), field("email"), field("organisation")];
    insertAttendee.run(
      attendeeId,
      registrationId,
      event.id,
      ticket.id,
      p + 1,
      first,
      last,
      email,
      email,
      organisation,
      `|${first}|${last}|${email}|${organisation}|`.toLowerCase(),
      `${last}\u0001${first}`.toLowerCase(),
      organisation.toLowerCase(),
      randomBytes(16).toString("base64url"),
      randomBytes(16).toString("base64url"),
      `${reference}-${p + 1}`,
      at,
      at,
    );
    for (const [name, value] of form) {
      if (!name.startsWith(`attendees[${p}].slot.`)) continue;
      const item = items.get(value);
      if (item && claimItem.run(item.id).changes === 1) insertBooking.run(id(), attendeeId, item.id, item.slotId, at);
    }
    insertConsent.run(id(), attendeeId, event.privacyNoticeVersion, at);
  }
  insertMail.run(id(), registrationId, form.get("contactEmail"), at, at);
  return token;
});

async function confirmation(token: string): Promise<string | null> {
  const registration = registrationByToken.get(token) as { id: string; reference: string } | undefined;
  if (!registration) return null;
  const people = attendeesOf.all(registration.id) as { firstName: string; lastName: string; ticketSecret: string; ticketReference: string }[];
  const tickets = await Promise.all(people.map((person) => QRCode.toString(person.ticketSecret, { type: "svg", errorCorrectionLevel: "M" })));
  return `<!doctype html><html lang="de"><h1>${registration.reference}</h1>${people.map((person, n) => `<h2>${person.firstName} ${person.lastName}</h2>${tickets[n]}`).join("")}</html>`;
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
  response.end(body);
}

async function handle(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? "/", "http://ceiling");
  const parts = url.pathname.split("/").filter(Boolean);
  if (request.method === "GET" && parts[0] === "healthz") return send(response, 200, "ok");
  if (parts[0] === "events" && parts[1]) {
    if (request.method === "POST" && parts[2] === "register") {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      try {
        const token = register(parts[1], new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
        return send(response, 303, "", { location: `/registrations/${token}` });
      } catch {
        return send(response, 409, "full");
      }
    }
    const page = eventPage(parts[1]);
    return page ? send(response, 200, page) : send(response, 404, "not found");
  }
  if (request.method === "GET" && parts[0] === "registrations" && parts[1]) {
    const page = await confirmation(parts[1]);
    return page ? send(response, 200, page) : send(response, 404, "not found");
  }
  send(response, 404, "not found");
}

createServer((request, response) => {
  handle(request, response).catch((error: unknown) => send(response, 500, String(error)));
}).listen(Number(portText), "127.0.0.1");
