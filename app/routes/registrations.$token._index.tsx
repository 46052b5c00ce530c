import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CancelForm } from "~/components/cancel-form";
import { FormErrors, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { type FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate, formatDateTime, formatTimeRange } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { type MessageKey } from "~/modules/i18n/messages";
import { loadManageScope } from "~/modules/registration/self-service.server";
import { bookedItems, waitlistedItems } from "~/modules/registration/view.server";
import { ticketPayload, ticketQrMatrix } from "~/modules/tickets/qr.server";
import { signingKey } from "~/modules/tickets/signing.server";
import { checkedInAmong } from "~/modules/checkin/attendance.server";
import { PRIVATE_PAGE_HEADERS, notFound, readFormData } from "~/utils/http.server";
import { PaymentSection } from "~/components/payment-section";
import { QrCode } from "~/components/qr-code";
import { paymentView } from "~/modules/payments/manage-view.server";
import { startCheckout } from "~/modules/payments/checkout.server";
import { getEnv } from "~/env.server";
import { carryOutSelfService } from "~/utils/self-service.server";

/**
 * The private manage page: the registration's link manages the whole group, an attendee's own link only
 * that attendee. Tickets, programme, calendar and downloads; each person's changes and cancellation are on a
 * page of their own (registrations.$token.people.$attendeeId.tsx), the whole group's cancellation here. This is
 * the page everyone loads right after registering, so it carries no more than that.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.registration.reference} – ${data.registration.eventTitle}` : "Kongress" },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = () => PRIVATE_PAGE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const database = await getDatabase();
  const scope = await loadManageScope(database, params.token ?? "");
  if (!scope) throw notFound();
  const { registration } = scope;
  const event = registration.event;
  const local = (de: string, en: string | null) => localized(language, de, en);
  // After the event, whoever was admitted at an entrance can download their certificate of attendance.
  const admitted =
    event.endsAt <= new Date()
      ? await checkedInAmong(
          database,
          scope.attendees.map((attendee) => attendee.id),
        )
      : new Set<string>();
  const key = await signingKey(database.read, event.id);
  const attendees = await Promise.all(
    scope.attendees.map(async (attendee) => ({
      id: attendee.id,
      name: `${attendee.firstName} ${attendee.lastName}`,
      organisation: attendee.organisation,
      status: attendee.status,
      ticketType: local(attendee.ticketType.nameDe, attendee.ticketType.nameEn),
      ticketReference: attendee.ticketReference,
      qr: attendee.status === "confirmed" ? ticketQrMatrix(ticketPayload(key, attendee)) : null,
      booked: bookedItems(attendee, language),
      waitlisted: waitlistedItems(attendee, language),
      offers: attendee.waitingList
        .filter((entry) => entry.status === "offered" && entry.offerToken && entry.offerExpiresAt)
        .map((entry) => ({
          token: entry.offerToken!,
          title: entry.programmeItem
            ? local(entry.programmeItem.titleDe, entry.programmeItem.titleEn)
            : entry.ticketType
              ? local(entry.ticketType.nameDe, entry.ticketType.nameEn)
              : "",
          deadline: entry.offerExpiresAt!,
        })),
      certificate: attendee.status === "confirmed" && admitted.has(attendee.id),
      needsConsent: attendee.consents.length > 0,
    })),
  );

  // The money is the contact's business: a colleague's own link does not show it.
  const payment = scope.isContact ? paymentView(registration) : null;
  return data(
    {
      language,
      payment,
      token: params.token ?? "",
      isContact: scope.isContact,
      open: scope.open,
      deadline: scope.deadline,
      registration: {
        reference: registration.reference,
        status: scope.isContact ? registration.status : (attendees[0]?.status ?? registration.status),
        contactEmail: registration.contactEmail,
        totalCents: registration.totalCents,
        paymentStatus: registration.paymentStatus,
        eventTitle: local(event.titleDe, event.titleEn),
        eventStartsAt: event.startsAt,
        eventEndsAt: event.endsAt,
        venue: `${event.venueName}, ${event.venueAddress}`,
        organiserName: event.organiserName,
        organiserEmail: event.organiserEmail,
      },
      attendees,
    },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

type ActionResult = { intent: string; attendeeId: string; errors: FieldErrors };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const token = params.token ?? "";
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const attendeeId = String(form.get("attendeeId") ?? "");
  const refused = (errors: FieldErrors) => data<ActionResult>({ intent, attendeeId, errors }, { status: 400 });

  switch (intent) {
    case "pay": {
      // Back to the open checkout (an abandoned one, or after "back" on Stripe's page) while the seats are held.
      const registration = await database.read.registration.findUnique({ where: { manageToken: token }, select: { id: true } });
      if (!registration) return notFoundPage();
      const checkout = await startCheckout(database, registration.id, getEnv().BASE_URL);
      if (!checkout.ok) return refused({ form: ["payment.expired"] });
      return redirect(checkout.url, 303);
    }
    case "resend": {
      const outcome = await carryOutSelfService(database, token, { intent, attendeeId }, context);
      if (outcome.ok) return redirect(`/registrations/${token}?done=resent`, 303);
      // Pressed too often: 429, and the page says how long to wait.
      const limited = outcome.errors.form?.some((code) => code.startsWith("errors.mailLimit"));
      return limited ? data<ActionResult>({ intent, attendeeId, errors: outcome.errors }, { status: 429 }) : refused(outcome.errors);
    }
    case "cancelAll": {
      if (form.get("confirm") !== "yes") return refused({ confirm: ["errors.confirmCancelBox"] });
      const outcome = await carryOutSelfService(database, token, { intent }, context);
      return outcome.ok ? redirect(`/registrations/${token}?done=cancelled`, 303) : refused(outcome.errors);
    }
    default:
      return refused({ form: ["errors.invalid"] });
  }
}

function notFoundPage(): never {
  throw notFound();
}

const TITLES: Record<string, MessageKey> = {
  awaiting_payment: "payment.awaitingTitle",
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
const DONE: Record<string, MessageKey> = {
  details: "manage.done.details",
  detailsQuiet: "manage.done.detailsQuiet",
  cancelled: "manage.done.cancelled",
  resent: "manage.done.resent",
  revoked: "manage.done.revoked",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type PageAttendee = LoaderData["attendees"][number];

export default function ManagePage() {
  const { registration, attendees, isContact, open, deadline, payment, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  useFocusOnError(result?.errors);
  const intro = INTROS[registration.status];
  const done = DONE[params.get("done") ?? ""];
  const activeCount = attendees.filter((attendee) => attendee.status !== "cancelled").length;
  return (
    <article className="confirmation">
      <h1>{t(TITLES[registration.status] ?? "confirmation.titleConfirmed")}</h1>
      <p className="event-meta">
        <strong>{registration.eventTitle}</strong> · {formatDate(new Date(registration.eventStartsAt), language)},{" "}
        {formatTimeRange(new Date(registration.eventStartsAt), new Date(registration.eventEndsAt), language)} · {registration.venue}
      </p>
      {done ? (
        <p className="notice notice--confirmed" role="status">
          {t(done)}
        </p>
      ) : intro ? (
        <p className={`notice notice--${registration.status}`} role="status">
          {t(intro, { reference: registration.reference, email: registration.contactEmail })}
        </p>
      ) : null}
      {result?.intent && !result.attendeeId ? <FormErrors errors={result.errors.form} /> : null}
      <p className="hint">{t("confirmation.keepLink")}</p>
      {!isContact ? <p className="hint">{t("manage.scopeOwn", { contact: registration.contactEmail })}</p> : null}
      {activeCount > 0 ? (
        <p className={open ? "hint" : "notice"}>
          {open
            ? t("manage.until", { date: formatDateTime(new Date(deadline), language) })
            : t("manage.closed", { organiser: registration.organiserName, email: registration.organiserEmail })}
        </p>
      ) : null}
      {payment ? <PaymentSection token={token} payment={payment} returned={params.get("payment")} open={open} /> : null}

      <ul className="tickets">
        {attendees.map((attendee) => (
          <AttendeeCard key={attendee.id} attendee={attendee} result={result} />
        ))}
      </ul>

      {isContact && open && activeCount > 1 ? (
        <section aria-labelledby="cancel-all" className="card danger-zone">
          <h2 id="cancel-all">{t("manage.cancelAll")}</h2>
          <CancelForm
            intent="cancelAll"
            idPrefix="all"
            label={t("manage.cancelAllConfirm")}
            errors={result?.intent === "cancelAll" ? result.errors.confirm : undefined}
          />
        </section>
      ) : null}
    </article>
  );
}

function AttendeeCard({ attendee, result }: { attendee: PageAttendee; result: ActionResult | undefined }) {
  const { token, open } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const mine = result?.attendeeId === attendee.id ? result : undefined;
  const active = attendee.status !== "cancelled";
  return (
    <li className="ticket card">
      <h2>{t("confirmation.ticketFor", { name: attendee.name })}</h2>
      <p>
        {attendee.organisation} · {attendee.ticketType} ·{" "}
        <span className={`status status--${attendee.status}`}>{t(`confirmation.status.${attendee.status}`)}</span>
      </p>
      {mine ? <FormErrors errors={mine.errors.form} /> : null}
      {attendee.offers.map((offer) => (
        <p key={offer.token} className="notice notice--waitlisted">
          {t("manage.offer", { title: offer.title, deadline: formatDateTime(new Date(offer.deadline), language) })}{" "}
          <a href={`/offers/${offer.token}`}>{t("manage.offerAnswer")}</a>
        </p>
      ))}
      {attendee.qr ? (
        <figure className="ticket__qr">
          <QrCode matrix={attendee.qr} label={t("confirmation.qrAlt", { name: attendee.name })} />
          <figcaption>
            {t("confirmation.ticketReference")}: <strong className="ticket__reference">{attendee.ticketReference}</strong>
          </figcaption>
        </figure>
      ) : active ? (
        <p className="hint">{t("confirmation.noTicketYet")}</p>
      ) : null}
      {attendee.qr ? <p className="hint">{t("confirmation.showAtEntrance")}</p> : null}

      {active ? (
        <>
          <h3>{t("confirmation.yourProgramme")}</h3>
          {attendee.booked.length === 0 && attendee.waitlisted.length === 0 ? <p>{t("confirmation.noProgramme")}</p> : null}
          {attendee.booked.length > 0 ? (
            <ul className="booked">
              {attendee.booked.map((item) => (
                <li key={item.id}>
                  <span className="slot__time">{formatTimeRange(new Date(item.startsAt), new Date(item.endsAt), language)}</span> {item.title}
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
                    <span className="slot__time">{formatTimeRange(new Date(item.startsAt), new Date(item.endsAt), language)}</span> {item.title}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="actions">
            {attendee.qr ? (
              <a className="button" href={`/registrations/${token}/ticket.png?attendee=${attendee.id}`} download>
                {t("manage.ticketImage")}
                <span className="visually-hidden"> – {attendee.name}</span>
              </a>
            ) : null}
            {attendee.qr ? (
              <a className="button" href={`/registrations/${token}/calendar.ics?attendee=${attendee.id}`} download>
                {t("confirmation.calendar")}
                <span className="visually-hidden"> – {attendee.name}</span>
              </a>
            ) : null}
            {attendee.certificate ? (
              <a className="button" href={`/registrations/${token}/certificate.pdf?attendee=${attendee.id}`} download>
                {t("manage.certificate")}
                <span className="visually-hidden"> – {attendee.name}</span>
              </a>
            ) : null}
          </p>
          <p>
            <a href={`/registrations/${token}/data?attendee=${attendee.id}`}>
              {t("manage.myData")}
              <span className="visually-hidden"> – {attendee.name}</span>
            </a>
          </p>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="resend" />
            <input type="hidden" name="attendeeId" value={attendee.id} />
            <button type="submit" className="button button--secondary">
              {t("manage.resend")}
              <span className="visually-hidden"> – {attendee.name}</span>
            </button>
          </Form>
        </>
      ) : null}

      {active && (open || attendee.needsConsent) ? (
        <p>
          {/* After the deadline only revoking the consent is left to do there. */}
          <Link className="button" to={`/registrations/${token}/people/${attendee.id}`}>
            {t(open ? "manage.changePerson" : "manage.revokeNeedsLink")}
            <span className="visually-hidden"> – {attendee.name}</span>
          </Link>
        </p>
      ) : null}
    </li>
  );
}
