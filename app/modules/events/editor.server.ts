import type { Database } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { promoteForItem, promoteForTicket } from "~/modules/capacity/waitlist.server";
import { removeBooking } from "~/modules/capacity/bookings.server";
import { queueAttendeeMails, queueMoveMails } from "~/modules/mail/queue.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { FormRefused } from "~/modules/forms/refused.server";
import { recordPrivacyNotice } from "~/modules/legal/texts.server";
import { ASKED_QUESTIONS, forgetCatalogue } from "./catalogue.server";
import { auditIn, SYSTEM_ACTOR, type Actor, type AuditAction } from "~/modules/audit/log.server";
import type { CheckInListForm, EventForm, FieldOfActionForm, ProgrammeItemForm, SlotForm, TicketTypeForm } from "./editor-schema";

/**
 * Creating and changing events and what belongs to them. The form schemas have checked each field; the
 * rules here need the database: a unique address, capacities not below the seats already taken, items
 * in a slot of their own event, bookings that stay valid. A raised capacity moves the waiting list up at
 * once; a changed time raises the calendar SEQUENCE so calendars replace their entry.
 */
type Tx = Prisma.TransactionClient;
export type SaveOutcome = { ok: true; id: string } | { ok: false; errors: FieldErrors };

/**
 * What a save writes to the audit log, in its own transaction (the entry exists exactly when the change does): who,
 * which action, on what, and which fields changed (their names: values may hold more than the log should).
 */
export type EditRecord = { actor: Actor; action: AuditAction; subject: string };
/** What a save found changed, for its audit entry: null for something new. Each save has its own. */
type Edit = { changed: string[] | null };

/** Saves inside one transaction; an archived event is read-only, so nothing of it is changed. */
export async function save(
  database: Database,
  work: (tx: Tx, edit: Edit) => Promise<string>,
  eventId?: string | null,
  record?: EditRecord,
): Promise<SaveOutcome> {
  try {
    const id = await database.write.$transaction(async (tx) => {
      if (eventId && (await tx.event.findUnique({ where: { id: eventId }, select: { archivedAt: true } }))?.archivedAt)
        throw new FormRefused({ form: ["errors.eventArchived"] });
      const edit: Edit = { changed: null };
      const saved = await work(tx, edit);
      if (record) {
        const detail = edit.changed === null ? "created" : `changed: ${edit.changed.join(", ") || "nothing"}`;
        await auditIn(tx, record.actor, record.action, { subject: `${record.subject}:${saved}`, detail });
      }
      return saved;
    });
    forgetCatalogue();
    return { ok: true, id };
  } catch (error) {
    if (error instanceof FormRefused) return { ok: false, errors: error.errors };
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, errors: { slug: ["errors.slugTaken"] } };
    throw error;
  }
}

const saveIn = (database: Database, eventId: string | null, work: (tx: Tx, edit: Edit) => Promise<string>, record?: EditRecord) =>
  save(database, work, eventId, record);

/** Notes, for the audit entry of the save under way, which of `after`'s fields differ from `before`. */
function noteChanges(edit: Edit, before: Record<string, unknown>, after: Record<string, unknown>) {
  const same = (a: unknown, b: unknown) =>
    a instanceof Date || b instanceof Date ? (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.() : a === b;
  edit.changed = Object.keys(after).filter((key) => key in before && !same(before[key] ?? null, after[key] ?? null));
}

function checkCapacity(capacity: number | null, taken: number) {
  if (capacity !== null && capacity < taken) throw new FormRefused({ capacity: [`errors.capacityBelowTaken:${taken}`] });
}

const changed = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) !== (b?.getTime() ?? null);

export function saveEvent(database: Database, eventId: string | null, form: EventForm, actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      const keepNotice = async (id: string) => {
        const recorded = await recordPrivacyNotice(tx, id, form, new Date());
        if (recorded !== "ok") throw new FormRefused({ privacyNoticeVersion: [recorded] });
      };
      if (!eventId) {
        const created = await tx.event.create({ data: form, select: { id: true } });
        await keepNotice(created.id);
        return created.id;
      }
      const event = await tx.event.findUnique({ where: { id: eventId } });
      if (!event) throw new FormRefused({ form: ["errors.notFound"] });
      checkCapacity(form.capacity, event.confirmedCount);
      const moved =
        changed(event.startsAt, form.startsAt) ||
        changed(event.endsAt, form.endsAt) ||
        event.venueName !== form.venueName ||
        event.venueAddress !== form.venueAddress;
      await keepNotice(eventId);
      noteChanges(edit, event, form);
      await tx.event.update({ where: { id: eventId }, data: { ...form, calendarSequence: moved ? { increment: 1 } : undefined } });
      if (event.capacity !== null && (form.capacity === null || form.capacity > event.capacity)) {
        const types = await tx.ticketType.findMany({ where: { eventId }, select: { id: true } });
        for (const type of types) await queueMoveMails(tx, await promoteForTicket(tx, eventId, type.id, new Date()));
      }
      return eventId;
    },
    { actor, action: "event.save", subject: "event" },
  );
}

export function saveTicketType(
  database: Database,
  eventId: string,
  ticketTypeId: string | null,
  form: TicketTypeForm,
  actor: Actor = SYSTEM_ACTOR,
): Promise<SaveOutcome> {
  const { price, ...rest } = form;
  const data = { ...rest, priceCents: price };
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      if (!ticketTypeId) return (await tx.ticketType.create({ data: { ...data, eventId }, select: { id: true } })).id;
      const type = await tx.ticketType.findFirst({ where: { id: ticketTypeId, eventId } });
      if (!type) throw new FormRefused({ form: ["errors.notFound"] });
      checkCapacity(form.capacity, type.confirmedCount);
      noteChanges(edit, type, data);
      await tx.ticketType.update({ where: { id: ticketTypeId }, data });
      if (type.capacity !== null && (form.capacity === null || form.capacity > type.capacity)) {
        await queueMoveMails(tx, await promoteForTicket(tx, eventId, ticketTypeId, new Date()));
      }
      return ticketTypeId;
    },
    { actor, action: "ticket_type.save", subject: "ticket_type" },
  );
}

export function saveSlot(database: Database, eventId: string, slotId: string | null, form: SlotForm, actor: Actor = SYSTEM_ACTOR): Promise<SaveOutcome> {
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      if (!slotId) return (await tx.programmeSlot.create({ data: { ...form, eventId }, select: { id: true } })).id;
      const slot = await tx.programmeSlot.findFirst({ where: { id: slotId, eventId } });
      if (!slot) throw new FormRefused({ form: ["errors.notFound"] });
      noteChanges(edit, slot, form);
      await tx.programmeSlot.update({ where: { id: slotId }, data: form });
      return slotId;
    },
    { actor, action: "slot.save", subject: "slot" },
  );
}

/** Whether a saved item would move for the people booked on it: what calendars and change notices follow. */
function itemMoves(
  item: { startsAt: Date; endsAt: Date; room: string | null; meetingPoint: string | null; departureAt: Date | null; returnAt: Date | null },
  form: ProgrammeItemForm,
) {
  return (
    changed(item.startsAt, form.startsAt) ||
    changed(item.endsAt, form.endsAt) ||
    item.room !== form.room ||
    item.meetingPoint !== form.meetingPoint ||
    changed(item.departureAt, form.departureAt) ||
    changed(item.returnAt, form.returnAt)
  );
}

/**
 * How many booked people a change to an item concerns (0 when it does not move them): the editor asks the
 * organiser to confirm the notice to them before saving.
 */
export async function programmeItemNoticeCount(database: Database, eventId: string, itemId: string, form: ProgrammeItemForm): Promise<number> {
  const item = await database.read.programmeItem.findFirst({ where: { id: itemId, eventId } });
  if (!item || !itemMoves(item, form)) return 0;
  return database.read.booking.count({ where: { programmeItemId: itemId } });
}

/**
 * Saves a programme item. With `notify`, a change of time, room, meeting point or departure is mailed to
 * everyone booked on it (with the updated calendar file: same UID, higher SEQUENCE), in the same transaction.
 */
export function saveProgrammeItem(
  database: Database,
  eventId: string,
  itemId: string | null,
  form: ProgrammeItemForm,
  options: { notify?: boolean; actor?: Actor } = {},
): Promise<SaveOutcome> {
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      if (!(await tx.programmeSlot.findFirst({ where: { id: form.slotId, eventId }, select: { id: true } })))
        throw new FormRefused({ slotId: ["errors.invalidChoice"] });
      if (form.fieldOfActionId && !(await tx.fieldOfAction.findFirst({ where: { id: form.fieldOfActionId, eventId }, select: { id: true } }))) {
        throw new FormRefused({ fieldOfActionId: ["errors.invalidChoice"] });
      }
      const bookable = form.kind === "workshop" || form.kind === "site_visit";
      // Plenary talks and breaks are open to everyone: they have no seats to count.
      const data = { ...form, capacity: bookable ? form.capacity : null };
      if (!itemId) return (await tx.programmeItem.create({ data: { ...data, eventId }, select: { id: true } })).id;

      const item = await tx.programmeItem.findFirst({ where: { id: itemId, eventId } });
      if (!item) throw new FormRefused({ form: ["errors.notFound"] });
      checkCapacity(data.capacity, item.confirmedCount);
      if (item.confirmedCount > 0 && item.slotId !== form.slotId) throw new FormRefused({ slotId: ["errors.slotHasBookings"] });
      if (item.confirmedCount > 0 && !bookable) throw new FormRefused({ kind: ["errors.kindHasBookings"] });
      const moved = itemMoves(item, form);
      noteChanges(edit, item, data);
      await tx.programmeItem.update({ where: { id: itemId }, data: { ...data, calendarSequence: moved ? { increment: 1 } : undefined } });
      if (moved && options.notify) {
        const booked = await tx.booking.findMany({ where: { programmeItemId: itemId }, select: { attendeeId: true } });
        await queueAttendeeMails(
          tx,
          booked.map((booking) => ({ kind: "programme_changed" as const, attendeeId: booking.attendeeId, programmeItemId: itemId })),
        );
      }
      if (item.capacity !== null && (data.capacity === null || data.capacity > item.capacity)) {
        await queueMoveMails(tx, await promoteForItem(tx, itemId, new Date()));
      }
      return itemId;
    },
    { actor: options.actor ?? SYSTEM_ACTOR, action: "programme.save", subject: "item" },
  );
}

/**
 * Calls an item off: it is no longer offered, everyone booked on it loses the booking (their calendars get
 * the entry as CANCELLED) and is told, and whoever waited for it stops waiting. Returns how many were booked.
 */
export async function cancelProgrammeItem(
  database: Database,
  eventId: string,
  itemId: string,
  now = new Date(),
  actor: Actor = SYSTEM_ACTOR,
): Promise<{ ok: true; notified: number } | { ok: false }> {
  const outcome = await database.write.$transaction(async (tx) => {
    const claimed = await tx.programmeItem.updateMany({
      where: { id: itemId, eventId, cancelledAt: null },
      data: { cancelledAt: now, calendarSequence: { increment: 1 } },
    });
    if (claimed.count !== 1) return { ok: false as const };
    const bookings = await tx.booking.findMany({ where: { programmeItemId: itemId } });
    for (const booking of bookings) await removeBooking(tx, booking);
    const offers = await tx.waitingListEntry.count({ where: { programmeItemId: itemId, status: "offered" } });
    await tx.waitingListEntry.updateMany({
      where: { programmeItemId: itemId, status: { in: ["waiting", "offered"] } },
      data: { status: "withdrawn" },
    });
    // Seats held for offers are simply gone with the item; its counter is reset so nothing looks taken.
    if (offers > 0) await tx.programmeItem.update({ where: { id: itemId }, data: { confirmedCount: 0 } });
    await queueAttendeeMails(
      tx,
      bookings.map((booking) => ({ kind: "programme_cancelled" as const, attendeeId: booking.attendeeId, programmeItemId: itemId })),
      now,
    );
    await auditIn(tx, actor, "programme.cancel", { subject: `item:${itemId}`, detail: `${bookings.length} booked people told` }, now);
    return { ok: true as const, notified: bookings.length };
  });
  forgetCatalogue();
  return outcome;
}

export function saveCheckInList(
  database: Database,
  eventId: string,
  listId: string | null,
  form: CheckInListForm,
  actor: Actor = SYSTEM_ACTOR,
): Promise<SaveOutcome> {
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      if (form.programmeItemId && !(await tx.programmeItem.findFirst({ where: { id: form.programmeItemId, eventId }, select: { id: true } }))) {
        throw new FormRefused({ programmeItemId: ["errors.invalidChoice"] });
      }
      const ticketTypeIds = [...new Set(form.ticketTypeIds)];
      if ((await tx.ticketType.count({ where: { eventId, id: { in: ticketTypeIds } } })) !== ticketTypeIds.length)
        throw new FormRefused({ ticketTypeIds: ["errors.invalidChoice"] });
      const data = { nameDe: form.nameDe, nameEn: form.nameEn, programmeItemId: form.programmeItemId };
      let id = listId;
      if (!id) id = (await tx.checkInList.create({ data: { ...data, eventId }, select: { id: true } })).id;
      else {
        if (!(await tx.checkInList.findFirst({ where: { id, eventId }, select: { id: true } }))) throw new FormRefused({ form: ["errors.notFound"] });
        await tx.checkInList.update({ where: { id }, data });
        await tx.checkInListTicketType.deleteMany({ where: { checkInListId: id } });
      }
      for (const ticketTypeId of ticketTypeIds) await tx.checkInListTicketType.create({ data: { checkInListId: id, ticketTypeId } });
      if (listId) edit.changed = [...Object.keys(data), "ticketTypeIds"];
      return id;
    },
    { actor, action: "check_in_list.save", subject: "check_in_list" },
  );
}

export function saveFieldOfAction(
  database: Database,
  eventId: string,
  fieldId: string | null,
  form: FieldOfActionForm,
  actor: Actor = SYSTEM_ACTOR,
): Promise<SaveOutcome> {
  return saveIn(
    database,
    eventId,
    async (tx, edit) => {
      if (!fieldId) return (await tx.fieldOfAction.create({ data: { ...form, eventId }, select: { id: true } })).id;
      const updated = await tx.fieldOfAction.updateMany({ where: { id: fieldId, eventId }, data: form });
      if (updated.count !== 1) throw new FormRefused({ form: ["errors.notFound"] });
      edit.changed = Object.keys(form);
      return fieldId;
    },
    { actor, action: "field_of_action.save", subject: "field_of_action" },
  );
}

/** An event with everything the editor lists. */
export async function loadEventForEditor(database: Database, eventId: string) {
  return database.read.event.findUnique({
    where: { id: eventId },
    include: {
      ticketTypes: { orderBy: { sortOrder: "asc" } },
      fieldsOfAction: { orderBy: [{ position: "asc" }, { nameDe: "asc" }], include: { _count: { select: { items: true } } } },
      questions: { ...ASKED_QUESTIONS, include: { ...ASKED_QUESTIONS.include, _count: { select: { answers: true } } } },
      slots: { orderBy: [{ startsAt: "asc" }, { sortOrder: "asc" }], include: { items: { orderBy: [{ sortOrder: "asc" }, { startsAt: "asc" }] } } },
      checkInLists: { orderBy: { createdAt: "asc" }, include: { ticketTypes: true } },
    },
  });
}

export async function listEventsForEditor(database: Database) {
  return database.read.event.findMany({
    orderBy: { startsAt: "desc" },
    select: {
      id: true,
      titleDe: true,
      titleEn: true,
      startsAt: true,
      status: true,
      slug: true,
      archivedAt: true,
      _count: { select: { attendees: { where: { status: { not: "cancelled" } } } } },
    },
  });
}
