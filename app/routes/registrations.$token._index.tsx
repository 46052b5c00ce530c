import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { errorId, ErrorList, fieldId, FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { isBookable, seatsLeft } from "~/modules/events/catalogue.server";
import { type FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate, formatDateTime, formatTimeRange } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { askedOf, askedOfAttendee, checkPersonAnswers, readAnswerFields } from "~/modules/questions/stored.server";
import { QuestionField } from "~/components/question-field";
import type { AnswerValues } from "~/modules/questions/answers";
import { type MessageKey } from "~/modules/i18n/messages";
import { validateAttendeeDetails } from "~/modules/registration/attendee-schema";
import { NeedsConsent } from "~/components/registration-form";
import { ATTENDEE_TEXT_FIELDS } from "~/modules/registration/schema";
import { loadManageScope, selfService, type SelfServiceAction } from "~/modules/registration/self-service.server";
import { bookedItems, waitlistedItems } from "~/modules/registration/view.server";
import { ticketPayload, ticketQrSvg } from "~/modules/tickets/qr.server";
import { signingKey } from "~/modules/tickets/signing.server";
import { checkedInAmong } from "~/modules/checkin/attendance.server";
import { PRIVATE_PAGE_HEADERS, clientAddress, notFound, readFormData } from "~/utils/http.server";
import { ATTENDEE_ACTOR, audit } from "~/modules/audit/log.server";
import { PaymentSection } from "~/components/payment-section";
import { paymentView } from "~/modules/payments/manage-view.server";
import { startCheckout } from "~/modules/payments/checkout.server";
import { getEnv } from "~/env.server";

/**
 * The private manage page: the registration's link manages the whole group, an attendee's own link only
 * that attendee. Tickets, programme and calendar; until the deadline also details, workshop and site-visit
 * choices and cancellation, each a plain form that works without JavaScript.
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
  const bookableSlots = event.slots
    .map((slot) => ({
      id: slot.id,
      label: local(slot.labelDe, slot.labelEn),
      items: slot.items.filter(isBookable).map((item) => ({
        id: item.id,
        title: local(item.titleDe, item.titleEn),
        left: seatsLeft(item),
        cancelled: item.cancelledAt !== null,
      })),
    }))
    .filter((slot) => slot.items.length > 0);

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
      // The QR code is drawn on the server: it shows without JavaScript and prints as vector graphics.
      qrSvg: attendee.status === "confirmed" ? ticketQrSvg(ticketPayload(key, attendee)) : null,
      booked: bookedItems(attendee, language),
      waitlisted: waitlistedItems(attendee, language),
      bookingBySlot: Object.fromEntries(attendee.bookings.map((booking) => [booking.slotId, booking.programmeItemId])),
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
      details: Object.fromEntries(ATTENDEE_TEXT_FIELDS.map((name) => [name, attendee[name] ?? ""])) as Record<(typeof ATTENDEE_TEXT_FIELDS)[number], string>,
      needsConsent: attendee.consents.length > 0,
      asked: askedOf(event.questions, attendee, language),
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
      slots: bookableSlots,
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

type ActionResult = { intent: string; attendeeId: string; slotId?: string; errors: FieldErrors; values?: Record<string, string>; answers?: AnswerValues };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const token = params.token ?? "";
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const attendeeId = String(form.get("attendeeId") ?? "");
  const slotId = String(form.get("slotId") ?? "");
  const refused = (errors: FieldErrors, values?: Record<string, string>) => data<ActionResult>({ intent, attendeeId, slotId, errors, values }, { status: 400 });

  let selfAction: SelfServiceAction;
  switch (intent) {
    case "pay": {
      // Back to the open checkout (an abandoned one, or after "back" on Stripe's page) while the seats are held.
      const registration = await database.read.registration.findUnique({ where: { manageToken: token }, select: { id: true } });
      if (!registration) return notFoundPage();
      const checkout = await startCheckout(database, registration.id, getEnv().BASE_URL);
      if (!checkout.ok) return refused({ form: ["payment.expired"] });
      return redirect(checkout.url, 303);
    }
    case "details": {
      const values = Object.fromEntries(ATTENDEE_TEXT_FIELDS.map((name) => [name, String(form.get(name) ?? "").slice(0, 1000)]));
      const needsConsent = form.get("needsConsent") === "on";
      const parsed = validateAttendeeDetails({ ...values, needsConsent });
      values.needsConsent = needsConsent ? "on" : "";
      // The questions asked of this person; the self-service use case checks that the person belongs to the link.
      const person = await database.read.attendee.findUnique({ where: { id: attendeeId }, select: { id: true, eventId: true, ticketTypeId: true } });
      const { questions } = person ? await askedOfAttendee(database, person, "de") : { questions: [] };
      const given = readAnswerFields(form);
      const checked = checkPersonAnswers(questions, given);
      const refusedWithAnswers = (errors: FieldErrors) => data<ActionResult>({ intent, attendeeId, slotId, errors, values, answers: given }, { status: 400 });
      if (!parsed.ok || Object.keys(checked.errors).length > 0) return refusedWithAnswers({ ...(parsed.ok ? {} : parsed.errors), ...checked.errors });
      selfAction = { intent, attendeeId, details: parsed.data, answers: { questionIds: questions.map((question) => question.id), values: checked.answers } };
      const outcome = await selfService(database, token, selfAction);
      if (!outcome.ok) return "gone" in outcome ? notFoundPage() : refusedWithAnswers(outcome.errors);
      await audit(database, ATTENDEE_ACTOR(clientAddress(context)), "attendee.self_service", { subject: `attendee:${attendeeId}`, detail: intent });
      return redirect(`/registrations/${token}?done=details`, 303);
    }
    case "programme":
      selfAction = { intent, attendeeId, slotId, itemId: String(form.get("itemId") ?? "") || null, waitlistIfFull: form.get("waitlistIfFull") === "on" };
      break;
    case "cancel":
    case "cancelAll":
      if (form.get("confirm") !== "yes") return refused({ confirm: ["errors.confirmCancelBox"] });
      selfAction = intent === "cancel" ? { intent, attendeeId } : { intent };
      break;
    case "resend":
    case "revokeNeeds":
      selfAction = { intent, attendeeId };
      break;
    default:
      return refused({ form: ["errors.invalid"] });
  }
  const outcome = await selfService(database, token, selfAction);
  if (!outcome.ok) return "gone" in outcome ? notFoundPage() : refused(outcome.errors);
  await audit(database, ATTENDEE_ACTOR(clientAddress(context)), "attendee.self_service", {
    subject: attendeeId ? `attendee:${attendeeId}` : null,
    detail: intent,
  });
  const done =
    intent === "programme"
      ? outcome.waitlisted
        ? "waitlisted"
        : "programme"
      : intent === "resend"
        ? "resent"
        : intent === "revokeNeeds"
          ? "revoked"
          : "cancelled";
  return redirect(`/registrations/${token}?done=${done}`, 303);
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
  programme: "manage.done.programme",
  waitlisted: "manage.done.waitlisted",
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
          <CancelForm intent="cancelAll" attendeeId="" label={t("manage.cancelAllConfirm")} result={result} />
        </section>
      ) : null}
    </article>
  );
}

function AttendeeCard({ attendee, result }: { attendee: PageAttendee; result: ActionResult | undefined }) {
  const { token, open, slots } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const mine = result?.attendeeId === attendee.id ? result : undefined;
  const active = attendee.status !== "cancelled";
  const canChange = open && active;
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
      {attendee.qrSvg ? (
        <figure className="ticket__qr">
          <div role="img" aria-label={t("confirmation.qrAlt", { name: attendee.name })} dangerouslySetInnerHTML={{ __html: attendee.qrSvg }} />
          <figcaption>
            {t("confirmation.ticketReference")}: <strong className="ticket__reference">{attendee.ticketReference}</strong>
          </figcaption>
        </figure>
      ) : active ? (
        <p className="hint">{t("confirmation.noTicketYet")}</p>
      ) : null}
      {attendee.qrSvg ? <p className="hint">{t("confirmation.showAtEntrance")}</p> : null}

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
            {attendee.qrSvg ? (
              <a className="button" href={`/registrations/${token}/ticket.png?attendee=${attendee.id}`} download>
                {t("manage.ticketImage")}
                <span className="visually-hidden"> – {attendee.name}</span>
              </a>
            ) : null}
            {attendee.qrSvg ? (
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

      {canChange && attendee.status === "confirmed" && slots.length > 0 ? (
        <section aria-labelledby={`programme-${attendee.id}`}>
          <h3 id={`programme-${attendee.id}`}>{t("manage.programme", { name: attendee.name })}</h3>
          {slots.map((slot) => (
            <SlotForm key={slot.id} slot={slot} attendee={attendee} result={mine?.intent === "programme" && mine.slotId === slot.id ? mine : undefined} />
          ))}
        </section>
      ) : null}
      {canChange ? <DetailsForm attendee={attendee} result={mine?.intent === "details" ? mine : undefined} /> : null}
      {canChange ? (
        <details className="danger-zone" open={mine?.intent === "cancel" || undefined}>
          <summary>{t("manage.cancelOne", { name: attendee.name })}</summary>
          <CancelForm
            intent="cancel"
            attendeeId={attendee.id}
            label={t("manage.cancelOneConfirm", { name: attendee.name })}
            result={mine?.intent === "cancel" ? mine : undefined}
          />
        </details>
      ) : null}
    </li>
  );
}

function SlotForm({ slot, attendee, result }: { slot: LoaderData["slots"][number]; attendee: PageAttendee; result: ActionResult | undefined }) {
  const t = useT();
  const field = `slot.${slot.id}`;
  const name = `${field}.${attendee.id}`;
  const errors = result?.errors[field];
  const current = attendee.bookingBySlot[slot.id] ?? "";
  return (
    <Form method="post" className="booking-row">
      <input type="hidden" name="intent" value="programme" />
      <input type="hidden" name="attendeeId" value={attendee.id} />
      <input type="hidden" name="slotId" value={slot.id} />
      <div className={`field${errors ? " field--invalid" : ""}`}>
        <label htmlFor={fieldId(name)}>{slot.label}</label>
        <select
          id={fieldId(name)}
          name="itemId"
          defaultValue={current}
          aria-invalid={errors ? true : undefined}
          aria-describedby={errors ? errorId(name) : undefined}
        >
          <option value="">{t("manage.nothing")}</option>
          {slot.items
            .filter((item) => !item.cancelled || item.id === current)
            .map((item) => (
              <option key={item.id} value={item.id}>
                {item.title}
                {item.cancelled
                  ? ` (${t("manage.cancelled")})`
                  : item.left === null || item.id === current
                    ? ""
                    : item.left === 0
                      ? ` (${t("manage.full")})`
                      : ` (${t("manage.seatsLeft", { count: item.left })})`}
              </option>
            ))}
        </select>
        <ErrorList id={errorId(name)} errors={errors} />
        <label className="checkbox">
          <input type="checkbox" name="waitlistIfFull" defaultChecked />
          {t("manage.waitlistIfFull")}
        </label>
      </div>
      <button type="submit" className="button">
        {t("manage.saveProgramme")}
        <span className="visually-hidden">
          : {slot.label} – {attendee.name}
        </span>
      </button>
    </Form>
  );
}

function DetailsForm({ attendee, result }: { attendee: PageAttendee; result: ActionResult | undefined }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const firstInvalid = ATTENDEE_TEXT_FIELDS.find((name) => errors[name]);
  return (
    <details open={result ? true : undefined}>
      <summary>{t("manage.details", { name: attendee.name })}</summary>
      <Form method="post" noValidate className="narrow">
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="attendeeId" value={attendee.id} />
        {ATTENDEE_TEXT_FIELDS.map((name) => (
          <TextField
            key={name}
            name={name}
            label={t(`register.${name}`)}
            type={name === "email" ? "email" : name === "phone" ? "tel" : "text"}
            required={["firstName", "lastName", "email", "organisation"].includes(name)}
            multiline={name === "dietaryNeeds" || name === "accessibilityNeeds"}
            defaultValue={result?.values?.[name] ?? attendee.details[name]}
            errors={errors[name]}
            autoFocus={firstInvalid === name}
          />
        ))}
        <NeedsConsent name="needsConsent" checked={result?.values ? result.values.needsConsent === "on" : attendee.needsConsent} errors={errors.needsConsent} />
        {attendee.asked.questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            name={`q.${question.id}`}
            values={result?.answers ? (result.answers[question.id] ?? []) : (attendee.asked.values[question.id] ?? [])}
            errors={errors[`q.${question.id}`]}
            autoFocus={false}
            onlyFor={null}
            hidden={false}
            idPrefix={attendee.id}
          />
        ))}
        <button type="submit" className="button button--primary">
          {t("manage.saveDetails")}
        </button>
      </Form>
      {attendee.needsConsent ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="revokeNeeds" />
          <input type="hidden" name="attendeeId" value={attendee.id} />
          <button type="submit" className="button">
            {t("manage.revokeNeeds")}
          </button>
        </Form>
      ) : null}
    </details>
  );
}

function CancelForm({
  intent,
  attendeeId,
  label,
  result,
}: {
  intent: "cancel" | "cancelAll";
  attendeeId: string;
  label: string;
  result: ActionResult | undefined;
}) {
  const t = useT();
  const mine = result?.intent === intent && result.attendeeId === attendeeId ? result : undefined;
  const name = `confirm-${intent}-${attendeeId}`;
  const errors = mine?.errors.confirm;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="attendeeId" value={attendeeId} />
      <div className={`field${errors ? " field--invalid" : ""}`}>
        <ErrorList id={errorId(name)} errors={errors} />
        <label className="checkbox">
          <input
            type="checkbox"
            id={fieldId(name)}
            name="confirm"
            value="yes"
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? errorId(name) : undefined}
          />
          {label}
        </label>
      </div>
      <button type="submit" className="button button--danger">
        {t("manage.cancelSubmit")}
      </button>
    </Form>
  );
}
