import type { Prisma } from "../app/generated/prisma/client";

/**
 * Demo legal texts for the installation and the demo congress's privacy notice as its first version. Realistic
 * in shape (what § 5 DDG, Art. 13 GDPR and the BITV 2.0 sample ask for), clearly marked as demo text: an
 * operator replaces every one of them under /admin/legal before going online.
 */
const DEMO = "DEMO-TEXT – vor dem Betrieb ersetzen. ";
const DEMO_EN = "DEMO TEXT – replace before going live. ";

export async function seedDemoLegalTexts(
  tx: Prisma.TransactionClient,
  event: { id: string; privacyNoticeVersion: string; privacyNoticeDe: string; privacyNoticeEn: string | null },
  now: Date,
) {
  const version = `${now.toISOString().slice(0, 10)}.1`;
  const texts: Prisma.LegalTextCreateManyInput[] = [
    {
      kind: "imprint",
      version,
      contactEmail: "fachkongress@projektstadt.example",
      bodyDe: `${DEMO}

## Angaben gemäß § 5 DDG
ProjektStadt – Geschäftsstelle des Zukunftsbündnisses für sozialen Zusammenhalt
Musterstraße 12
65185 Wiesbaden

## Vertreten durch
Dr. Erika Beispiel (Geschäftsführung)

## Kontakt
Telefon: +49 611 000000-0
E-Mail: fachkongress@projektstadt.example

## Umsatzsteuer-Identifikationsnummer
DE000000000 (Demo)

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV
Dr. Erika Beispiel, Anschrift wie oben`,
      bodyEn: `${DEMO_EN}

## Information under § 5 DDG
ProjektStadt – office of the alliance for social cohesion
Musterstraße 12
65185 Wiesbaden, Germany

## Represented by
Dr. Erika Beispiel (managing director)

## Contact
Phone: +49 611 000000-0
Email: fachkongress@projektstadt.example

## VAT identification number
DE000000000 (demo)`,
    },
    {
      kind: "privacy",
      version,
      bodyDe: `${DEMO}

## Verantwortliche Stelle
ProjektStadt, Musterstraße 12, 65185 Wiesbaden, fachkongress@projektstadt.example

## Datenschutzbeauftragte
Datenschutz Beispiel GmbH, datenschutz@projektstadt.example

## Zwecke und Rechtsgrundlagen
Wir verarbeiten Ihre Angaben zur Anmeldung, Durchführung und Abrechnung der Veranstaltungen (Art. 6 Abs. 1 lit. b und e DSGVO). Angaben zu Ernährung und Barrierefreiheit verarbeiten wir nur mit Ihrer ausdrücklichen Einwilligung (Art. 9 Abs. 2 lit. a DSGVO); Sie können sie jederzeit über Ihren persönlichen Link widerrufen.

## Speicherdauer
Teilnehmendendaten werden sechs Monate nach der Veranstaltung anonymisiert. Rechnungsdaten bewahren wir acht Jahre auf (§ 147 AO).

## Ihre Rechte
Auskunft (Art. 15), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung (Art. 18), Widerspruch (Art. 21) und Beschwerde bei der Aufsichtsbehörde: Der Hessische Beauftragte für Datenschutz und Informationsfreiheit, Gustav-Stresemann-Ring 1, 65189 Wiesbaden. Ihre gespeicherten Daten können Sie über Ihren persönlichen Link selbst herunterladen.`,
      bodyEn: `${DEMO_EN}

## Controller
ProjektStadt, Musterstraße 12, 65185 Wiesbaden, fachkongress@projektstadt.example

## Purposes and legal bases
We process your details to register you, run and invoice the events (Art. 6(1)(b) and (e) GDPR). Dietary and accessibility details are processed only with your explicit consent (Art. 9(2)(a) GDPR), which you can revoke at any time through your personal link.

## Retention
Attendee data is anonymised six months after the event. Invoice data is kept for eight years (§ 147 AO).

## Your rights
Access, rectification, erasure, restriction, objection, and complaint to the supervisory authority (Hessian Commissioner for Data Protection and Freedom of Information). You can download your stored data yourself through your personal link.`,
    },
    {
      kind: "accessibility",
      version,
      conformity: "partial",
      preparedOn: now,
      contactEmail: "barrierefreiheit@projektstadt.example",
      limitationsDe:
        "Die Namensschilder (PDF zum Ausschneiden) für das Organisationsteam haben keine getaggte Struktur. Sie sind nur für den internen Gebrauch bestimmt; auf Anfrage erhalten Sie die Inhalte in anderer Form.",
      limitationsEn:
        "The badges (a PDF to cut out) for the organising team have no tagged structure. They are for internal use only; on request you get their content in another form.",
      bodyDe: `${DEMO}

Die ProjektStadt ist bemüht, ihre Anmeldeplattform im Einklang mit dem Hessischen Behinderten-Gleichstellungsgesetz (HessBGG) und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Diese Erklärung gilt für die Anmeldeplattform Kongress.

## Durchsetzungsverfahren
Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Durchsetzungsstelle wenden: Beauftragte der Hessischen Landesregierung für Menschen mit Behinderungen, Durchsetzungs- und Überwachungsstelle, Sonnenberger Straße 2/2a, 65193 Wiesbaden (Demo-Angabe, vor dem Betrieb prüfen).`,
      bodyEn: `${DEMO_EN}

ProjektStadt strives to make its registration platform accessible in accordance with the Hessian disability equality act (HessBGG) and the BITV 2.0. This statement applies to the Kongress registration platform.

## Enforcement procedure
If you do not receive a satisfactory answer to your feedback, you can contact the enforcement body: the Hessian state government's commissioner for people with disabilities, enforcement and monitoring body, Sonnenberger Straße 2/2a, 65193 Wiesbaden (demo entry, check before going live).`,
    },
    {
      kind: "easy_language",
      version,
      bodyDe: `${DEMO}

## Anmelden zum Fach-Kongress

Sie wollen zum Fach-Kongress kommen?
Dann melden Sie sich an.
Das geht im Internet.

## So geht es

1. Klicken Sie auf: Jetzt anmelden.
2. Wählen Sie die Teilnahme-Art.
3. Schreiben Sie Ihren Namen und Ihre E-Mail-Adresse.
4. Wählen Sie Workshops und eine Bus-Fahrt.
5. Klicken Sie auf: Verbindlich anmelden.

## Danach

Sie bekommen eine E-Mail.
In der E-Mail ist Ihr Ticket.
Das Ticket ist ein Bild mit Punkten: ein QR-Code.
Zeigen Sie das Ticket am Eingang.

## Sie brauchen Hilfe?

Schreiben Sie eine E-Mail an: fachkongress@projektstadt.example
Oder rufen Sie an: 0611 000000-0`,
      bodyEn: null,
    },
  ];
  await tx.legalText.createMany({ data: texts.map((text) => ({ ...text, createdAt: now, createdBy: "Demo" })) });
  await tx.legalText.create({
    data: {
      eventId: event.id,
      kind: "privacy",
      version: event.privacyNoticeVersion,
      bodyDe: event.privacyNoticeDe,
      bodyEn: event.privacyNoticeEn,
      createdAt: now,
    },
  });
}
