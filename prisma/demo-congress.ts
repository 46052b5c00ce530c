import { seedDemoLegalTexts } from "./demo-legal";
import type { PrismaClient } from "../app/generated/prisma/client";
import { berlinTimeToUtc } from "../app/modules/i18n/format";

/**
 * The demo congress that `npm start` seeds into an empty database: the Fachkongress zur sozialen
 * Quartiersentwicklung in Bürstadt on the next 16 May that is a weekday (shared/PRODUCT.md, "The demo congress").
 */
export const DEMO_EVENT_SLUG = "fachkongress-quartiersentwicklung";

/**
 * The next 16 May after `now` that falls on a working day, as YYYY-MM-DD: a congress for municipal and
 * social-work staff is held on a weekday (16 May 2027 is a Sunday, so the demo moves to Tuesday 16 May 2028).
 */
export function nextSixteenthOfMay(now: Date): string {
  let year = now.getUTCFullYear();
  if (now >= berlinTimeToUtc(`${year}-05-16T00:00`)) year += 1;
  const weekday = (candidate: number) => new Date(Date.UTC(candidate, 4, 16)).getUTCDay();
  while (weekday(year) === 0 || weekday(year) === 6) year += 1;
  return `${year}-05-16`;
}

export const FIELDS_OF_ACTION = [
  { position: 1, nameDe: "Gesellschaftliche Teilhabe und Integration", nameEn: "Social participation and integration", colour: "berry" },
  { position: 2, nameDe: "Lebens- und Aufenthaltsqualität", nameEn: "Quality of life and public space", colour: "teal" },
  { position: 3, nameDe: "Nachhaltigkeit und Umweltbewusstsein", nameEn: "Sustainability and environmental awareness", colour: "green" },
  { position: 4, nameDe: "Wirtschaftliche Stabilität und Versorgung", nameEn: "Economic stability and local supply", colour: "amber" },
] as const;

/** The kinds of organisation the funding body's report counts ("Art der Organisation"). */
export const ORGANISATION_TYPES = [
  ["Kommune", "Municipality"],
  ["Landkreis", "District"],
  ["Freier Träger", "Independent provider"],
  ["Wohnungswirtschaft", "Housing company"],
  ["Wissenschaft", "Research"],
  ["Land/Bund", "State or federal government"],
  ["Sonstige", "Other"],
] as const;

/** Hesse's 21 districts and 5 district-free cities, and everyone from elsewhere. */
export const HESSIAN_DISTRICTS = [
  "Bergstraße",
  "Darmstadt-Dieburg",
  "Fulda",
  "Gießen",
  "Groß-Gerau",
  "Hersfeld-Rotenburg",
  "Hochtaunuskreis",
  "Kassel (Landkreis)",
  "Lahn-Dill-Kreis",
  "Limburg-Weilburg",
  "Main-Kinzig-Kreis",
  "Main-Taunus-Kreis",
  "Marburg-Biedenkopf",
  "Odenwaldkreis",
  "Offenbach (Landkreis)",
  "Rheingau-Taunus-Kreis",
  "Schwalm-Eder-Kreis",
  "Vogelsbergkreis",
  "Waldeck-Frankenberg",
  "Werra-Meißner-Kreis",
  "Wetteraukreis",
  "Darmstadt (Stadt)",
  "Frankfurt am Main (Stadt)",
  "Kassel (Stadt)",
  "Offenbach am Main (Stadt)",
  "Wiesbaden (Stadt)",
] as const;

export async function seedDemoCongress(db: PrismaClient, now = new Date()) {
  const day = nextSixteenthOfMay(now);
  const at = (time: string) => berlinTimeToUtc(`${day}T${time}`);
  const closesAt = new Date(at("23:59").getTime() - 7 * 24 * 3600_000);

  return db.$transaction(async (tx) => {
    const event = await tx.event.create({
      data: {
        slug: DEMO_EVENT_SLUG,
        titleDe: "Fachkongress zur sozialen Quartiersentwicklung",
        titleEn: "Congress on social neighbourhood development",
        descriptionDe:
          "Das Zukunftsbündnis für sozialen Zusammenhalt lädt Kommunen, Träger der sozialen Arbeit und Quartiersmanagements nach Bürstadt ein: Fachvorträge im Plenum, Workshops entlang der vier Handlungsfelder der sozialen Quartiersentwicklung und Exkursionen mit dem Bus zu neu geförderten Kommunen.",
        descriptionEn:
          "The alliance for social cohesion invites municipalities, social-work providers and neighbourhood managers to Bürstadt: plenary talks, workshops along the four fields of action of social neighbourhood development, and bus site visits to newly funded municipalities.",
        venueName: "Bürgerhaus Bürstadt",
        venueAddress: "Rathausstraße 2, 68642 Bürstadt",
        startsAt: at("09:30"),
        endsAt: at("17:30"),
        registrationOpensAt: new Date(now.getTime() - 24 * 3600_000),
        registrationClosesAt: closesAt,
        capacity: 250,
        status: "published",
        organiserName: "ProjektStadt – Geschäftsstelle des Zukunftsbündnisses für sozialen Zusammenhalt",
        organiserEmail: "fachkongress@projektstadt.example",
        privacyNoticeDe:
          "Wir verarbeiten Ihre Angaben (Name, Kontakt, Organisation, Programmwahl, freiwillige Angaben zu Ernährung und Barrierefreiheit) ausschließlich zur Durchführung des Fachkongresses, zur Einlasskontrolle und für die Abrechnung. Teilnahmelisten erhalten nur das Organisationsteam und für die Exkursionen das Busunternehmen. Die Daten werden sechs Monate nach der Veranstaltung gelöscht. Verantwortlich: ProjektStadt, fachkongress@projektstadt.example.",
        privacyNoticeEn:
          "We process your details (name, contact, organisation, programme choices, optional dietary and accessibility needs) only to run the congress, for admission and for invoicing. Only the organising team, and for the site visits the bus company, receive attendee lists. The data is deleted six months after the event. Controller: ProjektStadt, fachkongress@projektstadt.example.",
        privacyNoticeVersion: "2026-11-v1",
        // Attendees change or cancel themselves until three days before; freed seats are offered, not booked unasked.
        selfServiceUntil: new Date(at("09:30").getTime() - 3 * 86_400_000),
        waitlistMode: "offer",
        offerHours: 48,
        reminderTime: "16:00",
        // Invoices for the paid ticket: issued by the alliance's office, exempt from VAT as a course of a public body.
        invoiceIssuer: "ProjektStadt – Geschäftsstelle des Zukunftsbündnisses\nWilhelmshöher Allee 1\n34117 Kassel",
        invoiceTaxId: "026 250 12345",
        // A tax number alone does not identify the seller of an e-invoice (EN 16931 BR-CO-26).
        invoiceLegalId: "HRB 12345, Amtsgericht Kassel (DEMO)",
        invoicePhone: "+49 561 000000",
        vatRatePercent: 0,
        vatExemptionNote: "Steuerfrei nach § 4 Nr. 22 Buchst. a UStG",
        bankAccountHolder: "ProjektStadt Kassel",
        bankIban: "DE02500105170137075030",
        bankBic: "INGDDEFFXXX",
        paymentTermDays: 14,
        invoicePrefix: "FK",
        // Full refund until four weeks before, then a processing fee of 25 € per ticket.
        refundRule: "fee",
        refundUntil: new Date(at("09:30").getTime() - 28 * 86_400_000),
        cancellationFeeCents: 2500,
        fieldsOfAction: { create: FIELDS_OF_ACTION.map((field) => ({ ...field })) },
        // Voluntary, for the funding body's statistics ("Statistische Auswertung"); broken down in the report.
        questions: {
          create: [
            {
              kind: "choice",
              labelDe: "Art der Organisation",
              labelEn: "Kind of organisation",
              hintDe: "Freiwillig: für die Statistik des Fördermittelgebers.",
              hintEn: "Voluntary: for the funding body's statistics.",
              position: 1,
              inReport: true,
              options: { create: ORGANISATION_TYPES.map(([labelDe, labelEn], index) => ({ labelDe, labelEn, position: index + 1 })) },
            },
            {
              kind: "choice",
              labelDe: "Landkreis / kreisfreie Stadt",
              labelEn: "District or district-free city",
              hintDe: "Sitz Ihrer Organisation. Freiwillig: für die Statistik des Fördermittelgebers.",
              hintEn: "Where your organisation is based. Voluntary: for the funding body's statistics.",
              position: 2,
              inReport: true,
              options: {
                create: [
                  ...HESSIAN_DISTRICTS.map((labelDe, index) => ({ labelDe, position: index + 1 })),
                  { labelDe: "Außerhalb Hessens", labelEn: "Outside Hesse", position: HESSIAN_DISTRICTS.length + 1 },
                ],
              },
            },
          ],
        },
        ticketTypes: {
          create: [
            {
              nameDe: "Fachpublikum (kostenfrei)",
              nameEn: "Professionals (free of charge)",
              descriptionDe: "Für Beschäftigte von Kommunen, Trägern und Quartiersmanagements in Hessen.",
              descriptionEn: "For staff of municipalities, providers and neighbourhood managements in Hesse.",
              priceCents: 0,
              capacity: 220,
              sortOrder: 1,
            },
            {
              nameDe: "Regulär",
              nameEn: "Regular",
              descriptionDe: "Für Teilnehmende aus Wirtschaft, Beratung und von außerhalb Hessens. Inklusive Mittagessen.",
              descriptionEn: "For attendees from business, consultancy and from outside Hesse. Lunch included.",
              priceCents: 8900,
              capacity: 30,
              sortOrder: 2,
            },
          ],
        },
      },
      include: { fieldsOfAction: true },
    });
    const field = (position: number) => event.fieldsOfAction.find((f) => f.position === position)!.id;

    const slot = (sortOrder: number, labelDe: string, labelEn: string, from: string, to: string) =>
      tx.programmeSlot.create({ data: { eventId: event.id, sortOrder, labelDe, labelEn, startsAt: at(from), endsAt: at(to) } });

    const arrival = await slot(1, "Ankommen und Plenum", "Arrival and plenary", "09:30", "11:00");
    const workshopsOne = await slot(2, "Workshops, Runde 1", "Workshops, round 1", "11:15", "12:30");
    const lunch = await slot(3, "Mittagspause", "Lunch break", "12:30", "13:30");
    const workshopsTwo = await slot(4, "Workshops, Runde 2", "Workshops, round 2", "13:30", "14:45");
    const siteVisits = await slot(5, "Exkursionen", "Site visits", "15:00", "17:30");

    const base = { eventId: event.id };
    await tx.programmeItem.createMany({
      data: [
        {
          ...base,
          slotId: arrival.id,
          kind: "plenary",
          sortOrder: 1,
          startsAt: at("09:30"),
          endsAt: at("11:00"),
          room: "Großer Saal",
          titleDe: "Begrüßung und Impulsvorträge: Quartiere, die zusammenhalten",
          titleEn: "Welcome and keynotes: neighbourhoods that hold together",
          speakers: "Staatsministerium für Soziales und Integration; ProjektStadt",
        },
        ...workshops(workshopsOne.id, "11:15", "12:30", 1),
        {
          ...base,
          slotId: lunch.id,
          kind: "break",
          sortOrder: 1,
          startsAt: at("12:30"),
          endsAt: at("13:30"),
          room: "Foyer",
          titleDe: "Mittagessen und Markt der Möglichkeiten",
          titleEn: "Lunch and project fair",
        },
        ...workshops(workshopsTwo.id, "13:30", "14:45", 2),
        ...[
          {
            municipality: "Lampertheim",
            titleDe: "Exkursion Lampertheim: Quartierszentrum Neue Schule",
            titleEn: "Site visit Lampertheim: Neue Schule neighbourhood centre",
            position: 1,
          },
          {
            municipality: "Biblis",
            titleDe: "Exkursion Biblis: Ortsmitte und Nahversorgung",
            titleEn: "Site visit Biblis: village centre and local supply",
            position: 4,
          },
          {
            municipality: "Groß-Rohrheim",
            titleDe: "Exkursion Groß-Rohrheim: Klimaangepasster Dorfplatz",
            titleEn: "Site visit Groß-Rohrheim: climate-adapted village square",
            position: 3,
          },
        ].map((visit, index) => ({
          ...base,
          slotId: siteVisits.id,
          kind: "site_visit" as const,
          sortOrder: index + 1,
          startsAt: at("15:00"),
          endsAt: at("17:30"),
          departureAt: at("15:00"),
          returnAt: at("17:30"),
          titleDe: visit.titleDe,
          titleEn: visit.titleEn,
          municipality: visit.municipality,
          meetingPoint: `Bushaltestelle vor dem Bürgerhaus, Bus ${index + 1}`,
          fieldOfActionId: field(visit.position),
          capacity: 45,
        })),
      ],
    });

    function workshops(slotId: string, from: string, to: string, round: number) {
      const topics = [
        { de: "Nachbarschaften stärken: Beteiligung, die alle erreicht", en: "Stronger neighbourhoods: participation that reaches everyone" },
        { de: "Plätze und Wege für alle: Aufenthaltsqualität im Quartier", en: "Squares and paths for everyone: quality of public space" },
        { de: "Klimaresilientes Quartier: Grün, Schatten und Wasser", en: "Climate-resilient neighbourhoods: green, shade and water" },
        { de: "Nahversorgung sichern: Läden, Dienste und Treffpunkte", en: "Securing local supply: shops, services and meeting places" },
      ];
      return topics.map((topic, index) => ({
        ...base,
        slotId,
        kind: "workshop" as const,
        sortOrder: index + 1,
        startsAt: at(from),
        endsAt: at(to),
        room: `Raum ${round}.${index + 1}`,
        titleDe: `${round === 1 ? "" : "Vertiefung: "}${topic.de}`,
        titleEn: `${round === 1 ? "" : "In depth: "}${topic.en}`,
        fieldOfActionId: field(index + 1),
        capacity: round === 1 ? 60 : 50,
      }));
    }

    const buses = await tx.programmeItem.findMany({ where: { eventId: event.id, kind: "site_visit" }, orderBy: { sortOrder: "asc" } });
    await tx.checkInList.create({ data: { eventId: event.id, nameDe: "Einlass Bürgerhaus", nameEn: "Entrance" } });
    for (const [index, bus] of buses.entries()) {
      await tx.checkInList.create({
        data: { eventId: event.id, programmeItemId: bus.id, nameDe: `Bus ${index + 1}: ${bus.municipality}`, nameEn: `Bus ${index + 1}: ${bus.municipality}` },
      });
    }
    await seedDemoLegalTexts(tx, event, now);
    return event;
  });
}
