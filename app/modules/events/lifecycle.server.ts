import type { Database } from "~/db.server";
import type { Prisma } from "~/generated/prisma/client";
import { FormRefused } from "~/modules/forms/refused.server";
import { forgetCatalogue } from "./catalogue.server";
import { save, type SaveOutcome } from "./editor.server";
import { auditIn, SYSTEM_ACTOR, type Actor } from "~/modules/audit/log.server";
import type { EventCopyForm } from "./editor-schema";

/**
 * An event's life beyond editing: copied to a new date as the next year's congress, deleted while it is an unused
 * draft, put in the archive once it is over. Ticket types and programme items nobody used can be deleted; what
 * people booked or were scanned for stays (a capacity of 0 or calling an item off is the way then).
 */
type Tx = Prisma.TransactionClient;

/**
 * A copy of the event with its ticket types, fields of action, time slots, programme items, own questions, check-in
 * lists and its own legal texts, every time shifted by the distance between the old and the new start; as a draft
 * and without any of its people (registrations, bookings, waiting lists, scans, mails, invoices, keys).
 */
export async function copyEvent(database: Database, eventId: string, form: EventCopyForm, actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return save(
    database,
    async (tx, edit) => {
      const source = await tx.event.findUnique({
        where: { id: eventId },
        include: {
          ticketTypes: true,
          fieldsOfAction: true,
          slots: { include: { items: { where: { cancelledAt: null } } } },
          questions: { where: { removedAt: null }, include: { options: { where: { removedAt: null } }, ticketTypes: true } },
          checkInLists: { include: { ticketTypes: true } },
        },
      });
      if (!source) throw new FormRefused({ form: ["errors.notFound"] });
      const shift = form.startsAt.getTime() - source.startsAt.getTime();
      const moved = (date: Date) => new Date(date.getTime() + shift);
      const movedOrNull = (date: Date | null) => (date ? moved(date) : null);
      const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ticketTypes, fieldsOfAction, slots, questions, checkInLists, ...fields } = source;
      const event = await tx.event.create({
        data: {
          ...fields,
          slug: form.slug,
          titleDe: form.titleDe,
          titleEn: form.titleEn,
          status: "draft",
          startsAt: moved(source.startsAt),
          endsAt: moved(source.endsAt),
          registrationOpensAt: movedOrNull(source.registrationOpensAt),
          registrationClosesAt: movedOrNull(source.registrationClosesAt),
          selfServiceUntil: movedOrNull(source.selfServiceUntil),
          refundUntil: movedOrNull(source.refundUntil),
          confirmedCount: 0,
          calendarSequence: 0,
          reminderQueuedAt: null,
          anonymisedAt: null,
          archivedAt: null,
        },
        select: { id: true },
      });
      const newId = new Map<string, string>();
      for (const { id, eventId: _event, confirmedCount: _count, ...type } of ticketTypes) {
        const created = await tx.ticketType.create({
          data: { ...type, eventId: event.id, salesStartAt: movedOrNull(type.salesStartAt), salesEndAt: movedOrNull(type.salesEndAt) },
        });
        newId.set(id, created.id);
      }
      for (const { id, eventId: _event, ...field } of fieldsOfAction)
        newId.set(id, (await tx.fieldOfAction.create({ data: { ...field, eventId: event.id } })).id);
      for (const { id: _slotId, eventId: _event, items, ...slot } of slots) {
        const createdSlot = await tx.programmeSlot.create({ data: { ...slot, eventId: event.id, startsAt: moved(slot.startsAt), endsAt: moved(slot.endsAt) } });
        for (const {
          id: itemId,
          eventId: _itemEvent,
          slotId: _slot,
          confirmedCount: _count,
          calendarSequence: _sequence,
          cancelledAt: _cancelled,
          ...item
        } of items) {
          const created = await tx.programmeItem.create({
            data: {
              ...item,
              eventId: event.id,
              slotId: createdSlot.id,
              fieldOfActionId: item.fieldOfActionId ? (newId.get(item.fieldOfActionId) ?? null) : null,
              startsAt: moved(item.startsAt),
              endsAt: moved(item.endsAt),
              departureAt: movedOrNull(item.departureAt),
              returnAt: movedOrNull(item.returnAt),
            },
          });
          newId.set(itemId, created.id);
        }
      }
      for (const { id: _questionId, eventId: _event, createdAt: _at, updatedAt: _updated, options, ticketTypes: limits, ...question } of questions) {
        await tx.question.create({
          data: {
            ...question,
            eventId: event.id,
            options: { create: options.map(({ labelDe, labelEn, position }) => ({ labelDe, labelEn, position })) },
            ticketTypes: { create: limits.flatMap((limit) => (newId.has(limit.ticketTypeId) ? [{ ticketTypeId: newId.get(limit.ticketTypeId)! }] : [])) },
          },
        });
      }
      for (const list of checkInLists) {
        // A list of an item called off goes with the item.
        if (list.programmeItemId && !newId.has(list.programmeItemId)) continue;
        await tx.checkInList.create({
          data: {
            eventId: event.id,
            nameDe: list.nameDe,
            nameEn: list.nameEn,
            programmeItemId: list.programmeItemId ? newId.get(list.programmeItemId)! : null,
            ticketTypes: { create: list.ticketTypes.flatMap((row) => (newId.has(row.ticketTypeId) ? [{ ticketTypeId: newId.get(row.ticketTypeId)! }] : [])) },
          },
        });
      }
      await copyLegalTexts(tx, eventId, event.id);
      edit.changed = [`copy of event:${eventId}`];
      return event.id;
    },
    null,
    { actor, action: "event.copy", subject: "event" },
  );
}

/** The newest version of each of the event's own legal texts (privacy notice, imprint, …) starts the copy's history. */
async function copyLegalTexts(tx: Tx, fromEventId: string, toEventId: string) {
  const texts = await tx.legalText.findMany({ where: { eventId: fromEventId }, orderBy: { createdAt: "desc" } });
  const newest = new Map<string, (typeof texts)[number]>();
  for (const text of texts) if (!newest.has(text.kind)) newest.set(text.kind, text);
  for (const { id: _id, eventId: _event, createdAt: _at, ...text } of newest.values()) await tx.legalText.create({ data: { ...text, eventId: toEventId } });
}

/** Deletes a draft nobody registered for, with everything that belongs to it. */
export async function deleteDraftEvent(database: Database, eventId: string, actor: Actor = SYSTEM_ACTOR): Promise<{ ok: true } | { ok: false; error: string }> {
  const outcome = await database.write.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, select: { status: true, _count: { select: { registrations: true } } } });
    if (!event) return { ok: false as const, error: "errors.notFound" };
    if (event.status !== "draft") return { ok: false as const, error: "errors.deleteOnlyDrafts" };
    if (event._count.registrations > 0) return { ok: false as const, error: "errors.eventHasRegistrations" };
    await tx.ticketKey.deleteMany({ where: { eventId } });
    await tx.event.delete({ where: { id: eventId } });
    await auditIn(tx, actor, "event.delete", { subject: `event:${eventId}` });
    return { ok: true as const };
  });
  forgetCatalogue();
  return outcome;
}

/** Deletes a ticket type nobody holds or waits for. */
export function deleteTicketType(database: Database, eventId: string, ticketTypeId: string, actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return save(
    database,
    async (tx) => {
      const type = await tx.ticketType.findFirst({
        where: { id: ticketTypeId, eventId },
        select: { _count: { select: { attendees: true, waitingList: true } } },
      });
      if (!type) throw new FormRefused({ form: ["errors.notFound"] });
      if (type._count.attendees + type._count.waitingList > 0) throw new FormRefused({ form: ["errors.ticketTypeInUse"] });
      await tx.ticketType.delete({ where: { id: ticketTypeId } });
      await auditIn(tx, actor, "ticket_type.delete", { subject: `ticket_type:${ticketTypeId}` });
      return ticketTypeId;
    },
    eventId,
  );
}

/** Deletes a programme item nobody booked, waited for or was scanned for (its own check-in lists go with it). */
export function deleteProgrammeItem(database: Database, eventId: string, itemId: string, actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return save(
    database,
    async (tx) => {
      const item = await tx.programmeItem.findFirst({
        where: { id: itemId, eventId },
        select: { _count: { select: { bookings: true, waitingList: true, calendarRevisions: true } } },
      });
      if (!item) throw new FormRefused({ form: ["errors.notFound"] });
      const scans = await tx.checkIn.count({ where: { checkInList: { programmeItemId: itemId } } });
      if (item._count.bookings + item._count.waitingList + item._count.calendarRevisions + scans > 0) throw new FormRefused({ form: ["errors.itemInUse"] });
      await tx.programmeItem.delete({ where: { id: itemId } });
      await auditIn(tx, actor, "programme.delete", { subject: `item:${itemId}` });
      return itemId;
    },
    eventId,
  );
}

/**
 * Puts a past event in the archive: out of the public list, closed for registration, read-only in the editor.
 * Its people's pages (manage links, certificates) keep working until its retention ends. Taken out again likewise.
 */
export async function setArchived(
  database: Database,
  eventId: string,
  archived: boolean,
  now = new Date(),
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const event = await database.read.event.findUnique({ where: { id: eventId }, select: { endsAt: true } });
  if (!event) return { ok: false, error: "errors.notFound" };
  if (archived && event.endsAt > now) return { ok: false, error: "errors.archiveNotOver" };
  await database.write.$transaction(async (tx) => {
    await tx.event.update({ where: { id: eventId }, data: archived ? { archivedAt: now, status: "closed" } : { archivedAt: null } });
    await auditIn(tx, actor, "event.archive", { subject: `event:${eventId}`, detail: archived ? "archived" : "taken out of the archive" }, now);
  });
  forgetCatalogue();
  return { ok: true };
}
