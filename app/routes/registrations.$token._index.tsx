import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { formatDate, formatMoney, formatTimeRange } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { type MessageKey } from "~/modules/i18n/messages";
import { bookedItems, loadRegistrationByToken, waitlistedItems } from "~/modules/registration/view.server";
import { ticketQrSvg } from "~/modules/tickets/qr.server";
import { PRIVATE_PAGE_HEADERS, notFound } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.registration.reference} – ${data.registration.eventTitle}` : "Kongress" },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = () => PRIVATE_PAGE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const database = await getDatabase();
  const registration = await loadRegistrationByToken(database.read, params.token ?? "");
  if (!registration) throw notFound();
  const event = registration.event;

  const attendees = await Promise.all(
    registration.attendees.map(async (attendee) => {
      const hasTicket = attendee.status === "confirmed";
      return {
        id: attendee.id,
        name: `${attendee.firstName} ${attendee.lastName}`,
        organisation: attendee.organisation,
        status: attendee.status,
        ticketType: localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn),
        ticketReference: attendee.ticketReference,
        // The QR code is drawn on the server: it shows without JavaScript and prints as vector graphics.
        qrSvg: hasTicket ? await ticketQrSvg(attendee.ticketSecret) : null,
        booked: bookedItems(attendee, language),
        waitlisted: waitlistedItems(attendee, language),
      };
    }),
  );

  return data(
    {
      language,
      registration: {
        reference: registration.reference,
        status: registration.status,
        contactEmail: registration.contactEmail,
        totalCents: registration.totalCents,
        paymentStatus: registration.paymentStatus,
        eventTitle: localized(language, event.titleDe, event.titleEn),
        eventStartsAt: event.startsAt,
        eventEndsAt: event.endsAt,
        venue: `${event.venueName}, ${event.venueAddress}`,
      },
      attendees,
      token: registration.manageToken,
    },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

const TITLES: Record<string, MessageKey> = {
  confirmed: "confirmation.titleConfirmed",
  waitlisted: "confirmation.titleWaitlisted",
  pending_approval: "confirmation.titlePending",
  cancelled: "confirmation.titleCancelled",
};
const INTROS: Record<string, MessageKey> = {
  confirmed: "confirmation.introConfirmed",
  waitlisted: "confirmation.introWaitlisted",
  pending_approval: "confirmation.introPending",
};

export default function ConfirmationPage() {
  const { registration, attendees, token } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const intro = INTROS[registration.status];
  return (
    <article className="confirmation">
      <h1>{t(TITLES[registration.status] ?? "confirmation.titleConfirmed")}</h1>
      <p className="event-meta">
        <strong>{registration.eventTitle}</strong> · {formatDate(registration.eventStartsAt, language)},{" "}
        {formatTimeRange(registration.eventStartsAt, registration.eventEndsAt, language)} · {registration.venue}
      </p>
      {intro ? (
        <p className={`notice notice--${registration.status}`} role="status">
          {t(intro, { reference: registration.reference, email: registration.contactEmail })}
        </p>
      ) : null}
      <p className="hint">{t("confirmation.keepLink")}</p>
      {registration.totalCents > 0 ? (
        <section aria-labelledby="payment">
          <h2 id="payment">{t("confirmation.payment")}</h2>
          <p>
            {registration.paymentStatus === "paid"
              ? t("confirmation.paymentPaid", { amount: formatMoney(registration.totalCents, language) })
              : t("confirmation.paymentInvoice", { amount: formatMoney(registration.totalCents, language) })}
          </p>
        </section>
      ) : null}

      <ul className="tickets">
        {attendees.map((attendee) => (
          <li key={attendee.id} className="ticket card">
            <h2>{t("confirmation.ticketFor", { name: attendee.name })}</h2>
            <p>
              {attendee.organisation} · {attendee.ticketType} ·{" "}
              <span className={`status status--${attendee.status}`}>{t(`confirmation.status.${attendee.status}`)}</span>
            </p>
            {attendee.qrSvg ? (
              <figure className="ticket__qr">
                <div role="img" aria-label={t("confirmation.qrAlt", { name: attendee.name })} dangerouslySetInnerHTML={{ __html: attendee.qrSvg }} />
                <figcaption>
                  {t("confirmation.ticketReference")}: <strong className="ticket__reference">{attendee.ticketReference}</strong>
                </figcaption>
              </figure>
            ) : (
              <p className="hint">{t("confirmation.noTicketYet")}</p>
            )}
            {attendee.qrSvg ? <p className="hint">{t("confirmation.showAtEntrance")}</p> : null}

            <h3>{t("confirmation.yourProgramme")}</h3>
            {attendee.booked.length === 0 && attendee.waitlisted.length === 0 ? <p>{t("confirmation.noProgramme")}</p> : null}
            {attendee.booked.length > 0 ? (
              <ul className="booked">
                {attendee.booked.map((item) => (
                  <li key={item.id}>
                    <span className="slot__time">{formatTimeRange(item.startsAt, item.endsAt, language)}</span> {item.title}
                    {item.meetingPoint ? ` (${t("event.meetingPoint")}: ${item.meetingPoint})` : item.room ? ` (${item.room})` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
            {attendee.waitlisted.length > 0 ? (
              <>
                <h4>{t("confirmation.waitlistedItems")}</h4>
                <ul className="waitlisted">
                  {attendee.waitlisted.map((item) => (
                    <li key={item.id}>
                      <span className="badge badge--waitlist">{t("confirmation.waitlisted")}</span>{" "}
                      <span className="slot__time">{formatTimeRange(item.startsAt, item.endsAt, language)}</span> {item.title}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p>
              <a className="button" href={`/registrations/${token}/calendar.ics?attendee=${attendee.id}`} download>
                {t("confirmation.calendar")}
                <span className="visually-hidden"> – {attendee.name}</span>
              </a>
            </p>
          </li>
        ))}
      </ul>
    </article>
  );
}
