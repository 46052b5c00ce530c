import { openDatabase, type Database } from "../../app/db.server";
import { registerAttendees } from "../../app/modules/registration/register.server";
import { signedTicketPayload, signingKey } from "../../app/modules/tickets/signing.server";

/** Opens the demo congress to any number of people: no overall, ticket or (with `items`) programme item limits, no window. */
export async function liftLimits(database: Database, eventId: string, { items }: { items: boolean }) {
  await database.write.$transaction(async (tx) => {
    await tx.event.update({ where: { id: eventId }, data: { capacity: null, registrationClosesAt: null, registrationOpensAt: null } });
    await tx.ticketType.updateMany({ where: { eventId }, data: { capacity: null } });
    if (items) await tx.programmeItem.updateMany({ where: { eventId }, data: { capacity: null } });
  });
}

/**
 * Registers `count` people for the demo congress (its limits lifted for the purpose), one per registration,
 * and returns their ticket secrets and the entrance's check-in list.
 */
export async function registerEntranceCrowd(databaseUrl: string, count: number) {
  const database = await openDatabase(databaseUrl);
  try {
    const event = await database.read.event.findFirstOrThrow({
      include: { ticketTypes: { where: { priceCents: 0 } }, checkInLists: { where: { programmeItemId: null } } },
    });
    await liftLimits(database, event.id, { items: false });
    for (let n = 0; n < count; n++) {
      const outcome = await registerAttendees(
        database,
        event.slug,
        {
          ticketTypeId: event.ticketTypes[0]!.id,
          contactEmail: `kontakt${n}@kommune.example`,
          language: "de",
          invoiceAddress: "",
          waitlistIfFull: true,
          privacyConsent: true,
          website: "",
          attendees: [
            {
              firstName: "Erika",
              lastName: `Muster ${n}`,
              email: `person${n}@kommune.example`,
              organisation: "Stadt Bürstadt",
              jobFunction: "",
              phone: "",
              dietaryNeeds: "",
              accessibilityNeeds: "",
              needsConsent: false,
              choices: {},
            },
          ],
        },
        new Date("2027-01-15T10:00:00Z"),
      );
      if (!outcome.ok) throw new Error(`registration ${n} refused: ${JSON.stringify(outcome.errors)}`);
    }
    const attendees = await database.read.attendee.findMany({
      where: { eventId: event.id, status: "confirmed" },
      select: { ticketSecret: true, ticketReference: true },
    });
    // The codes as tickets carry them now: signed with the event's key.
    const key = await signingKey(database.write, event.id);
    return {
      listId: event.checkInLists[0]!.id,
      secrets: attendees.map((attendee) => attendee.ticketSecret),
      signedCodes: attendees.map((attendee) => signedTicketPayload(key, attendee)),
    };
  } finally {
    await database.close();
  }
}
