import { describe, expect, it } from "vitest";
import { eventDashboard } from "~/modules/dashboard/stats.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { useTestDatabase } from "../support/database";
import { expectSearchedBy, readPlans } from "../support/query-plans";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

describe("the organisers' dashboard of one event", () => {
  it("counts the event's people, bookings and waiting list", async () => {
    const setup = await createTestEvent(database.write, { workshopCapacity: 1 });
    for (const email of ["eins@example.org", "zwei@example.org"]) {
      const values = registrationValues({
        ticketTypeId: setup.freeTicket.id,
        waitlistIfFull: true,
        attendees: [attendeeValues({ email, choices: { [setup.workshopSlot.id]: setup.workshopA.id } })],
      });
      const outcome = await registerAttendees(database, setup.event.slug, values);
      expect(outcome.ok).toBe(true);
    }
    const dashboard = await eventDashboard(database, setup.event.id);
    expect(dashboard.attendees.confirmed).toBe(2);
    const workshop = dashboard.items.find((item) => item.id === setup.workshopA.id)!;
    expect([workshop.confirmedCount, workshop.waiting]).toEqual([1, 1]);
  });

  it.runIf(database.dialect === "sqlite")("reads the event's rows through indexes: its cost does not grow with other events", async () => {
    const setup = await createTestEvent(database.write);
    expectSearchedBy(await readPlans(database, () => eventDashboard(database, setup.event.id)), ["eventId", "programmeItemId", "checkInListId", "slotId"]);
  });
});
