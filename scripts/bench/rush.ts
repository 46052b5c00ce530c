/**
 * The registration rush's parts, shared by `npm run bench` and `npm run bench:questions`: an event whose workshops
 * and buses fill up, the urlencoded body a browser sends without JavaScript, and closed-loop clients posting it.
 */
import { request, type Agent } from "undici";
import { openDatabase } from "../../app/db.server";
import { berlinTimeToUtc } from "../../app/modules/i18n/format";

export const WORKSHOP_SEATS = 350; // 4 workshops × 350 = 1,400 per slot: full before 2,000 submissions are in
export const BUS_SEATS = 45;

export type RushSetup = Awaited<ReturnType<typeof createRushEvent>>;

export async function createRushEvent(databaseUrl: string, slug: string) {
  const database = await openDatabase(databaseUrl);
  const at = (time: string) => berlinTimeToUtc(`2027-05-16T${time}`);
  try {
    return await database.write.$transaction(async (tx) => {
      const event = await tx.event.create({
        data: {
          slug,
          titleDe: "Ansturm",
          descriptionDe: "Benchmark",
          venueName: "Halle",
          venueAddress: "Bürstadt",
          startsAt: at("09:00"),
          endsAt: at("17:00"),
          registrationOpensAt: new Date("2026-01-01T00:00:00Z"),
          status: "published",
          organiserName: "Bench",
          organiserEmail: "bench@example.org",
          privacyNoticeDe: "Datenschutz",
          privacyNoticeVersion: "bench",
          ticketTypes: { create: [{ nameDe: "Fachpublikum", priceCents: 0, capacity: 10_000 }] },
        },
        include: { ticketTypes: true },
      });
      const slots = [];
      for (const [index, time] of [
        ["10:00", "11:00"],
        ["11:30", "12:30"],
      ].entries()) {
        const slot = await tx.programmeSlot.create({
          data: { eventId: event.id, labelDe: `Workshops ${index + 1}`, startsAt: at(time[0]!), endsAt: at(time[1]!) },
        });
        const items = [];
        for (let w = 1; w <= 4; w++) {
          items.push(
            (
              await tx.programmeItem.create({
                data: {
                  eventId: event.id,
                  slotId: slot.id,
                  kind: "workshop",
                  titleDe: `Workshop ${index + 1}.${w}`,
                  startsAt: slot.startsAt,
                  endsAt: slot.endsAt,
                  capacity: WORKSHOP_SEATS,
                },
              })
            ).id,
          );
        }
        slots.push({ id: slot.id, items });
      }
      const busSlot = await tx.programmeSlot.create({ data: { eventId: event.id, labelDe: "Exkursionen", startsAt: at("14:00"), endsAt: at("17:00") } });
      const buses = [];
      for (let b = 1; b <= 3; b++) {
        buses.push(
          (
            await tx.programmeItem.create({
              data: {
                eventId: event.id,
                slotId: busSlot.id,
                kind: "site_visit",
                titleDe: `Bus ${b}`,
                startsAt: busSlot.startsAt,
                endsAt: busSlot.endsAt,
                capacity: BUS_SEATS,
              },
            })
          ).id,
        );
      }
      slots.push({ id: busSlot.id, items: buses });
      return { eventId: event.id, ticketTypeId: event.ticketTypes[0]!.id, slots };
    });
  } finally {
    await database.close();
  }
}

/** The urlencoded body a browser sends for one registration; about one in ten registers a colleague too. */
export function submission(setup: RushSetup, n: number, addAnswers?: (form: URLSearchParams, people: number) => void): string {
  const form = new URLSearchParams();
  form.set("ticketTypeId", setup.ticketTypeId);
  form.set("contactEmail", `kontakt${n}@kommune.example`);
  form.set("language", "de");
  form.set("waitlistIfFull", "on");
  form.set("privacyConsent", "on");
  form.set("website", "");
  form.set("intent", "register");
  const people = n % 10 === 0 ? 2 : 1;
  for (let p = 0; p < people; p++) {
    const prefix = `attendees[${p}]`;
    form.set(`${prefix}.firstName`, "Erika");
    form.set(`${prefix}.lastName`, `Müller ${n}-${p}`);
    form.set(`${prefix}.email`, `person${n}-${p}@kommune.example`);
    form.set(`${prefix}.organisation`, "Stadt Bürstadt");
    form.set(`${prefix}.jobFunction`, "Quartiersmanagement");
    for (const slot of setup.slots) form.set(`${prefix}.slot.${slot.id}`, slot.items[(n + p) % slot.items.length]!);
  }
  addAnswers?.(form, people);
  return form.toString();
}

/**
 * `connections` clients, each sending its next submission as soon as the answer to the last one is in
 * (a closed loop, like people pressing "register"), until `amount` submissions are sent. Latency is
 * measured per request from sending to the full answer; redirects are not followed.
 */
export async function rush(
  agent: Agent,
  url: string,
  setup: RushSetup,
  amount: number,
  connections: number,
  offset: number,
  addAnswers?: (form: URLSearchParams, people: number) => void,
) {
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < amount) {
      const body = submission(setup, offset + next++, addAnswers);
      const sent = performance.now();
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
        dispatcher: agent,
      });
      await response.body.dump();
      latencies.push(performance.now() - sent);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: connections }, client));
  const durationMs = performance.now() - started;
  return { statuses, latencies, durationMs };
}
