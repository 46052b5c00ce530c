import type { Prisma, PrismaClient } from "~/generated/prisma/client";

/** The event's questions still on the form, in order, with their choices and ticket-type limits. */
export const ASKED_QUESTIONS = {
  where: { removedAt: null },
  orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  include: { options: { where: { removedAt: null }, orderBy: [{ position: "asc" }, { labelDe: "asc" }] }, ticketTypes: { select: { ticketTypeId: true } } },
} satisfies Prisma.Event$questionsArgs;

/**
 * An event as the public pages, the registration and the manage page need it: all its ticket types (offered
 * ones are those `ticketTypeOnSale`; a deactivated one is still what its holders hold), fields of action,
 * questions, and the programme by time slot with seats taken. One query with includes.
 */
const CATALOGUE_INCLUDE = {
  ticketTypes: { orderBy: [{ sortOrder: "asc" }, { nameDe: "asc" }] },
  fieldsOfAction: { orderBy: [{ position: "asc" }, { nameDe: "asc" }] },
  questions: ASKED_QUESTIONS,
  slots: {
    orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
    include: { items: { orderBy: [{ sortOrder: "asc" }, { titleDe: "asc" }] } },
  },
} satisfies Prisma.EventInclude;

type CatalogueKey = { slug: string } | { id: string };

function loadCatalogue(db: PrismaClient, where: CatalogueKey) {
  return db.event.findUnique({ where, include: CATALOGUE_INCLUDE });
}

export function loadEventCatalogue(db: PrismaClient, slug: string) {
  return loadCatalogue(db, { slug });
}

export type EventCatalogue = NonNullable<Awaited<ReturnType<typeof loadEventCatalogue>>>;
export type CatalogueItem = EventCatalogue["slots"][number]["items"][number];
export type CatalogueTicketType = EventCatalogue["ticketTypes"][number];
export type CatalogueQuestion = EventCatalogue["questions"][number];

/** Workshops and site visits are booked; plenary talks and breaks are open to every attendee. */
export const isBookable = (item: Pick<CatalogueItem, "kind">) => item.kind === "workshop" || item.kind === "site_visit";

export const seatsLeft = (holder: { capacity: number | null; confirmedCount: number }) =>
  holder.capacity === null ? null : Math.max(0, holder.capacity - holder.confirmedCount);

export type RegistrationWindow = "open" | "not_yet_open" | "closed";

export function registrationWindow(
  event: Pick<EventCatalogue, "status" | "registrationOpensAt" | "registrationClosesAt" | "endsAt"> & { archivedAt?: Date | null },
  now: Date,
): RegistrationWindow {
  if (event.status !== "published" || event.archivedAt) return "closed";
  if (event.registrationOpensAt && now < event.registrationOpensAt) return "not_yet_open";
  const closesAt = event.registrationClosesAt ?? event.endsAt;
  return now <= closesAt ? "open" : "closed";
}

export function ticketTypeOnSale(ticketType: Pick<CatalogueTicketType, "active" | "salesStartAt" | "salesEndAt">, now: Date) {
  if (!ticketType.active) return false;
  if (ticketType.salesStartAt && now < ticketType.salesStartAt) return false;
  if (ticketType.salesEndAt && now > ticketType.salesEndAt) return false;
  return true;
}

export async function listPublishedEvents(db: PrismaClient) {
  return db.event.findMany({
    where: { status: { in: ["published", "closed"] }, archivedAt: null },
    orderBy: { startsAt: "asc" },
    select: {
      slug: true,
      titleDe: true,
      titleEn: true,
      descriptionDe: true,
      descriptionEn: true,
      venueName: true,
      startsAt: true,
      endsAt: true,
      status: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
    },
  });
}

/**
 * The catalogue kept in memory for a few seconds. During a rush every submission needs the same event, ticket
 * types and programme, and every confirmation page the same programme; loading them costs more than the whole
 * booking transaction. Safe because nothing capacity-related is decided from it: seats are claimed by
 * conditional updates in the transaction (docs/decisions/003-registration-hot-path.md). A copy is at most a second
 * old (a caller may ask for a fresher one). It gives the seats-left figures shown to people and the seats a
 * registration expects to claim last (decision 021); an older copy gets those wrong for longer at the end of a rush,
 * and each registration it misleads runs its transaction twice. Editors of events call `forgetCatalogue` so their
 * changes apply at once in this process (and within that age on the others).
 */
export const CATALOGUE_MAX_AGE_MS = 1_000;
const catalogueCache = new Map<string, { loadedAt: number; catalogue: Promise<EventCatalogue | null> }>();

export function cachedEventCatalogue(db: PrismaClient, slug: string, maxAgeMs: number = CATALOGUE_MAX_AGE_MS, now = Date.now()) {
  return cached(db, { slug }, maxAgeMs, now);
}

export function cachedEventCatalogueById(db: PrismaClient, id: string, maxAgeMs: number = CATALOGUE_MAX_AGE_MS, now = Date.now()) {
  return cached(db, { id }, maxAgeMs, now);
}

function cached(db: PrismaClient, where: CatalogueKey, maxAgeMs: number, now: number): Promise<EventCatalogue | null> {
  const key = "slug" in where ? `slug:${where.slug}` : `id:${where.id}`;
  const entry = catalogueCache.get(key);
  if (entry && now - entry.loadedAt < maxAgeMs) return entry.catalogue;
  const catalogue = loadCatalogue(db, where);
  catalogueCache.set(key, { loadedAt: now, catalogue });
  // A failed load is not remembered.
  catalogue.catch(() => catalogueCache.delete(key));
  return catalogue;
}

/** Forgets the cached catalogues (of all events: an event is cached under its slug and its id). */
export function forgetCatalogue() {
  catalogueCache.clear();
}
