import { describe, expect, it } from "vitest";
import { EventCopyFormSchema } from "~/modules/events/editor-schema";
import { saveSlot } from "~/modules/events/editor.server";
import { copyEvent, deleteDraftEvent, deleteProgrammeItem, deleteTicketType, setArchived } from "~/modules/events/lifecycle.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

describe("event copies and clean-up", () => {
  it("copies an event to a new date with its parts and questions, times shifted, none of its people", async () => {
    const { event, freeTicket, workshopA, workshopSlot, bus } = await createTestEvent(database.write);
    await database.write.question.create({
      data: {
        eventId: event.id,
        kind: "choice",
        labelDe: "Art",
        options: { create: [{ labelDe: "A" }, { labelDe: "B" }] },
        ticketTypes: { create: [{ ticketTypeId: freeTicket.id }] },
      },
    });
    await database.write.checkInList.create({ data: { eventId: event.id, nameDe: "Bus", programmeItemId: bus.id } });
    await database.write.programmeItem.update({ where: { id: bus.id }, data: { departureAt: new Date("2027-05-16T12:00:00Z") } });
    const registered = await registerAttendees(
      database,
      event.slug,
      registrationValues({ ticketTypeId: freeTicket.id, attendees: [attendeeValues({ choices: { [workshopSlot.id]: workshopA.id } })] }),
    );
    expect(registered.ok).toBe(true);

    const copied = await copyEvent(
      database,
      event.id,
      EventCopyFormSchema.parse({ slug: `${event.slug}-2028`, titleDe: "Testkongress 2028", titleEn: "", startsAt: "2028-05-16T09:00" }),
    );
    expect(copied.ok).toBe(true);
    if (!copied.ok) return;
    const copy = await database.read.event.findUniqueOrThrow({
      where: { id: copied.id },
      include: {
        ticketTypes: true,
        fieldsOfAction: true,
        programmeItems: true,
        questions: { include: { options: true, ticketTypes: true } },
        checkInLists: true,
        _count: { select: { registrations: true, attendees: true } },
      },
    });
    const shift = copy.startsAt.getTime() - event.startsAt.getTime();
    expect(copy.status).toBe("draft");
    expect(shift).toBe(new Date("2028-05-16T07:00:00Z").getTime() - new Date("2027-05-16T07:00:00Z").getTime());
    expect(copy.endsAt.getTime() - event.endsAt.getTime()).toBe(shift);
    expect(copy.registrationClosesAt!.getTime() - event.registrationClosesAt!.getTime()).toBe(shift);
    expect(copy._count).toEqual({ registrations: 0, attendees: 0 });
    expect(copy.ticketTypes.map((type) => [type.nameDe, type.confirmedCount])).toEqual([
      ["Fachpublikum", 0],
      ["Regulär", 0],
    ]);
    expect(copy.fieldsOfAction.map((field) => field.nameDe)).toEqual(["Teilhabe"]);
    const copiedBus = copy.programmeItems.find((item) => item.titleDe === "Exkursion")!;
    expect(copiedBus.departureAt!.getTime() - new Date("2027-05-16T12:00:00Z").getTime()).toBe(shift);
    expect(copy.programmeItems.every((item) => item.confirmedCount === 0)).toBe(true);
    expect(copy.questions[0]!.options.map((option) => option.labelDe).sort()).toEqual(["A", "B"]);
    // Limits and lists point at the copy's own ticket types and items.
    expect(copy.questions[0]!.ticketTypes[0]!.ticketTypeId).toBe(copy.ticketTypes.find((type) => type.nameDe === "Fachpublikum")!.id);
    expect(copy.checkInLists[0]!.programmeItemId).toBe(copiedBus.id);
    // The same address again is refused as taken.
    const again = await copyEvent(
      database,
      event.id,
      EventCopyFormSchema.parse({ slug: `${event.slug}-2028`, titleDe: "X", titleEn: "", startsAt: "2028-05-16T09:00" }),
    );
    expect(again).toEqual({ ok: false, errors: { slug: ["errors.slugTaken"] } });

    // Used parts stay, unused ones go; a draft without registrations can be deleted, the original cannot.
    expect(await deleteTicketType(database, event.id, freeTicket.id)).toEqual({ ok: false, errors: { form: ["errors.ticketTypeInUse"] } });
    expect(await deleteProgrammeItem(database, event.id, workshopA.id)).toEqual({ ok: false, errors: { form: ["errors.itemInUse"] } });
    expect((await deleteProgrammeItem(database, event.id, bus.id)).ok).toBe(true);
    expect(await deleteDraftEvent(database, event.id)).toEqual({ ok: false, error: "errors.deleteOnlyDrafts" });
    expect(await deleteDraftEvent(database, copied.id)).toEqual({ ok: true });
    expect(await database.read.event.findUnique({ where: { id: copied.id } })).toBeNull();
  });

  it("archives only a past event, which is then read-only and closed", async () => {
    const { event } = await createTestEvent(database.write);
    expect(await setArchived(database, event.id, true, new Date("2027-05-01T00:00:00Z"))).toEqual({ ok: false, error: "errors.archiveNotOver" });
    expect(await setArchived(database, event.id, true, new Date("2027-06-01T00:00:00Z"))).toEqual({ ok: true });
    const saved = await saveSlot(database, event.id, null, { labelDe: "Neu", labelEn: null, startsAt: event.startsAt, endsAt: event.endsAt, sortOrder: 1 });
    expect(saved).toEqual({ ok: false, errors: { form: ["errors.eventArchived"] } });
    const archived = await database.read.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(archived.status).toBe("closed");
  });
});
