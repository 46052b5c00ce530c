import type { Prisma, PrismaClient } from "~/generated/prisma/client";

/** The event's questions still on the form, in order, with their choices and ticket-type limits. */
export const ASKED_QUESTIONS = {
  where: { removedAt: null },
  orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  include: { options: { where: { removedAt: null }, orderBy: [{ position: "asc" }, { labelDe: "asc" }] }, ticketTypes: { select: { ticketTypeId: true } } },
} satisfies Prisma.Event$questionsArgs;

/**
 * An event as the public pages and the registration need it: ticket types, fields of action, and the
 * programme by time slot with seats taken. One query with includes.
 */
export async function loadEventCatalogue(db: PrismaClient, slug: string) {
  return db.event.findUnique({
    where: { slug },
    include: {
      ticketTypes: { where: { active: true }, orderBy: [{ sortOrder: "asc" }, { nameDe: "asc" }] },
      fieldsOfAction: { orderBy: [{ position: "asc" }, { nameDe: "asc" }] },
      questions: {
        where: { removedAt: null },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        include: {
          options: { where: { removedAt: null }, orderBy: [{ position: "asc" }, { labelDe: "asc" }] },
          ticketTypes: { select: { ticketTypeId: true } },
        },
      },
      slots: {
        orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }],
        include: { items: { orderBy: [{ sortOrder: "asc" }, { titleDe: "asc" }] } },
      },
    },
  });
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
 * The catalogue as the registration use case needs it, kept in memory for a few seconds. During a rush
 * every submission needs the same event, ticket types and programme; loading them costs more than the
 * whole booking transaction. Safe because nothing capacity-related is decided from it: seats are
 * claimed by conditional updates in the transaction (docs/decisions/003-registration-hot-path.md).
 * Editors of events call `forgetCatalogue` so their changes apply at once in this process.
 */
const CATALOGUE_TTL_MS = 5_000;
const catalogueCache = new Map<string, { loadedAt: number; catalogue: Promise<EventCatalogue | null> }>();

export function cachedEventCatalogue(db: PrismaClient, slug: string, now = Date.now()): Promise<EventCatalogue | null> {
  const cached = catalogueCache.get(slug);
  if (cached && now - cached.loadedAt < CATALOGUE_TTL_MS) return cached.catalogue;
  const catalogue = loadEventCatalogue(db, slug);
  catalogueCache.set(slug, { loadedAt: now, catalogue });
  // A failed load is not remembered.
  catalogue.catch(() => catalogueCache.delete(slug));
  return catalogue;
}

export function forgetCatalogue(slug?: string) {
  if (slug === undefined) catalogueCache.clear();
  else catalogueCache.delete(slug);
}
