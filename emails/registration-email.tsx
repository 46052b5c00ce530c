import { renderToStaticMarkup } from "react-dom/server";
import type { Language } from "../app/modules/i18n/language";
import { translator } from "../app/modules/i18n/messages";
import type { EmailKind } from "../app/modules/mail/kinds";

/**
 * The registration emails (confirmed, waiting list, pending approval, promoted, cancelled) in German or
 * English, as HTML and plain text. HTML is rendered by React, which escapes every value: an attendee called
 * `<img src=x onerror=…>` shows as text. Styles are inline and layout is a single table column, which
 * Outlook, Gmail and Apple Mail all render alike; colours match the site.
 */
export type EmailItem = { time: string; title: string; place: string | null };
export type EmailAttendee = {
  name: string;
  organisation: string;
  ticketType: string;
  ticketReference: string;
  /** Content-ID of the inline QR image; null when the attendee holds no ticket (yet). */
  qrCid: string | null;
  booked: EmailItem[];
  waitlisted: EmailItem[];
};
export type RegistrationEmailView = {
  kind: EmailKind;
  language: Language;
  eventTitle: string;
  eventWhen: string;
  venue: string;
  reference: string;
  manageUrl: string;
  organiserName: string;
  organiserEmail: string;
  paymentText: string | null;
  /** Set when the mail goes to a registered colleague rather than to whoever registered. */
  registeredBy: string | null;
  attendees: EmailAttendee[];
  hasCalendar: boolean;
  /** Waiting-list offers to answer, each with its own link. */
  offers?: { what: string; until: string; url: string }[];
  /** Sentences about what changed (a programme item moved or called off), or how to verify a certificate. */
  notices?: string[];
  /** The organisers' own words in a group message (plain text), and its subject. */
  messageBody?: string;
  subjectOverride?: string;
  /** Group messages only: the recipient's way to decline further ones (also in the List-Unsubscribe header). */
  unsubscribeUrl?: string | null;
};

const BRAND = "#0b4f6c";
const INK = "#1b1f24";
const MUTED = "#4a5560";
const font = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export function registrationSubject(view: RegistrationEmailView): string {
  if (view.subjectOverride) return `${view.subjectOverride} – ${view.eventTitle}`;
  return translator(view.language)(`mail.subject.${view.kind}`, { event: view.eventTitle });
}

/** Mails after which the person holds no place: no manage button, no tickets. */
const showsManageLink = (view: RegistrationEmailView) => !["registration_cancelled", "registration_rejected", "waitlist_offer_expired"].includes(view.kind);

export function renderRegistrationHtml(view: RegistrationEmailView): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<RegistrationEmail view={view} />)}`;
}

function RegistrationEmail({ view }: { view: RegistrationEmailView }) {
  const t = translator(view.language);
  const heading = headingOf(view);
  const intro = introSentence(view);
  return (
    <html lang={view.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{registrationSubject(view)}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f3f6f8", color: INK, fontFamily: font }}>
        <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ background: "#f3f6f8" }}>
          <tbody>
            <tr>
              <td align="center" style={{ padding: "16px 8px" }}>
                <table
                  role="presentation"
                  width="600"
                  cellPadding={0}
                  cellSpacing={0}
                  style={{ maxWidth: 600, width: "100%", background: "#ffffff", borderRadius: 6 }}
                >
                  <tbody>
                    <tr>
                      <td style={{ background: BRAND, color: "#ffffff", padding: "14px 24px", fontSize: 18, fontWeight: 700, borderRadius: "6px 6px 0 0" }}>
                        {view.eventTitle}
                      </td>
                    </tr>
                    <tr>
                      <td style={{ padding: "24px", fontSize: 16, lineHeight: 1.5 }}>
                        <h1 style={{ fontSize: 22, margin: "0 0 12px" }}>{heading}</h1>
                        <p style={{ margin: "0 0 12px" }}>
                          {t("mail.greeting")}
                          <br />
                          {intro}
                        </p>
                        <p style={{ margin: "0 0 16px", color: MUTED }}>
                          <strong style={{ color: INK }}>{view.eventWhen}</strong>
                          <br />
                          {view.venue}
                        </p>
                        {view.messageBody ? (
                          <div style={{ margin: "0 0 16px", padding: "12px 16px", borderLeft: `4px solid ${BRAND}`, background: "#f3f6f8" }}>
                            {view.messageBody.split(/\n{2,}/).map((paragraph, index) => (
                              <p key={index} style={{ margin: "0 0 8px", whiteSpace: "pre-line" }}>
                                {paragraph}
                              </p>
                            ))}
                          </div>
                        ) : null}
                        {(view.notices ?? []).map((notice) => (
                          <p key={notice} style={{ margin: "0 0 16px", fontWeight: 700 }}>
                            {notice}
                          </p>
                        ))}
                        {(view.offers ?? []).map((offer) => (
                          <div key={offer.url} style={{ margin: "0 0 16px", padding: "12px 16px", border: `2px solid ${BRAND}`, borderRadius: 6 }}>
                            <p style={{ margin: "0 0 8px", fontWeight: 700 }}>{offer.what}</p>
                            <p style={{ margin: "0 0 12px" }}>{offer.until}</p>
                            <a
                              href={offer.url}
                              style={{
                                display: "inline-block",
                                background: BRAND,
                                color: "#ffffff",
                                padding: "10px 16px",
                                borderRadius: 6,
                                fontWeight: 700,
                                textDecoration: "none",
                              }}
                            >
                              {t("mail.offerAnswer")}
                            </a>
                          </div>
                        ))}
                        {view.paymentText ? <p style={{ margin: "0 0 16px" }}>{view.paymentText}</p> : null}
                        {view.attendees.map((attendee) => (
                          <AttendeeBlock key={attendee.ticketReference} attendee={attendee} language={view.language} />
                        ))}
                        {showsManageLink(view) ? (
                          <p style={{ margin: "24px 0 8px" }}>
                            <a
                              href={view.manageUrl}
                              style={{
                                display: "inline-block",
                                background: BRAND,
                                color: "#ffffff",
                                padding: "12px 18px",
                                borderRadius: 6,
                                fontWeight: 700,
                                textDecoration: "none",
                              }}
                            >
                              {t("mail.manage")}
                            </a>
                          </p>
                        ) : null}
                        {showsManageLink(view) ? <p style={{ margin: "0 0 16px", color: MUTED, fontSize: 14 }}>{t("mail.manageHint")}</p> : null}
                        {view.hasCalendar ? <p style={{ margin: "0 0 16px" }}>{t("mail.calendarHint")}</p> : null}
                        <p style={{ margin: "16px 0 0" }}>{t("mail.questions", { email: view.organiserEmail })}</p>
                      </td>
                    </tr>
                    <tr>
                      <td style={{ padding: "12px 24px 20px", color: MUTED, fontSize: 13, borderTop: "1px solid #c4ccd4" }}>
                        {t("mail.footer", { organiser: view.organiserName })}
                        {view.unsubscribeUrl ? (
                          <>
                            <br />
                            <a href={view.unsubscribeUrl} style={{ color: MUTED }}>
                              {t("mail.unsubscribe")}
                            </a>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            </tr>
          </tbody>
        </table>
      </body>
    </html>
  );
}

function AttendeeBlock({ attendee, language }: { attendee: EmailAttendee; language: Language }) {
  const t = translator(language);
  return (
    <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ border: "1px solid #c4ccd4", borderRadius: 6, margin: "0 0 16px" }}>
      <tbody>
        <tr>
          <td style={{ padding: "16px" }}>
            <h2 style={{ fontSize: 18, margin: "0 0 4px" }}>{t("mail.ticketFor", { name: attendee.name })}</h2>
            <p style={{ margin: "0 0 8px", color: MUTED }}>
              {attendee.organisation} · {attendee.ticketType}
            </p>
            {attendee.qrCid ? (
              <>
                <img
                  src={`cid:${attendee.qrCid}`}
                  width={200}
                  height={200}
                  alt={t("mail.qrAlt", { name: attendee.name })}
                  style={{ display: "block", width: 200, height: 200 }}
                />
                <p style={{ margin: "8px 0", fontSize: 15 }}>
                  {t("confirmation.ticketReference")}:{" "}
                  <strong style={{ fontFamily: "Menlo, Consolas, monospace", letterSpacing: 1 }}>{attendee.ticketReference}</strong>
                </p>
                <p style={{ margin: "0 0 8px", color: MUTED, fontSize: 14 }}>{t("mail.qrHint")}</p>
              </>
            ) : null}
            <ItemList heading={t("confirmation.yourProgramme")} items={attendee.booked} />
            <ItemList heading={t("confirmation.waitlistedItems")} items={attendee.waitlisted} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function ItemList({ heading, items }: { heading: string; items: EmailItem[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3 style={{ fontSize: 16, margin: "12px 0 4px" }}>{heading}</h3>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {items.map((item) => (
          <li key={`${item.time}${item.title}`}>
            <strong>{item.time}</strong> {item.title}
            {item.place ? ` (${item.place})` : ""}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The mail's first sentences: a colleague registered by someone else is told by whom, in a sentence of its own. */
/** The mail's heading, the same in both parts: an organiser's message is headed by its own subject. */
function headingOf(view: RegistrationEmailView): string {
  return view.kind === "group_message" && view.subjectOverride ? view.subjectOverride : translator(view.language)(`mail.heading.${view.kind}`);
}

function introSentence(view: RegistrationEmailView): string {
  const t = translator(view.language);
  return view.registeredBy
    ? t(`mail.colleagueIntro.${view.kind}`, { contact: view.registeredBy, reference: view.reference })
    : t(`mail.intro.${view.kind}`, { reference: view.reference });
}

/** The plain-text part: the same content, readable in any client and by screen readers. */
export function renderRegistrationText(view: RegistrationEmailView): string {
  const t = translator(view.language);
  const lines: string[] = [headingOf(view), "", t("mail.greeting"), introSentence(view), "", view.eventTitle, view.eventWhen, view.venue];
  if (view.messageBody) lines.push("", view.messageBody);
  for (const notice of view.notices ?? []) lines.push("", notice);
  for (const offer of view.offers ?? []) lines.push("", offer.what, offer.until, `${t("mail.offerAnswer")}: ${offer.url}`);
  if (view.paymentText) lines.push("", view.paymentText);
  for (const attendee of view.attendees) {
    lines.push("", `== ${t("mail.ticketFor", { name: attendee.name })} ==`, `${attendee.organisation} · ${attendee.ticketType}`);
    if (attendee.qrCid) lines.push(`${t("confirmation.ticketReference")}: ${attendee.ticketReference}`, t("mail.qrHint"));
    const list = (heading: string, items: EmailItem[]) => {
      if (items.length === 0) return;
      lines.push("", `${heading}:`, ...items.map((item) => `- ${item.time} ${item.title}${item.place ? ` (${item.place})` : ""}`));
    };
    list(t("confirmation.yourProgramme"), attendee.booked);
    list(t("confirmation.waitlistedItems"), attendee.waitlisted);
  }
  if (showsManageLink(view)) lines.push("", `${t("mail.manage")}:`, view.manageUrl, t("mail.manageHint"));
  if (view.hasCalendar) lines.push("", t("mail.calendarHint"));
  lines.push("", t("mail.questions", { email: view.organiserEmail }), "", "--", t("mail.footer", { organiser: view.organiserName }));
  if (view.unsubscribeUrl) lines.push(`${t("mail.unsubscribe")}: ${view.unsubscribeUrl}`);
  return lines.join("\n");
}
