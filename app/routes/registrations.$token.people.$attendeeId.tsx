import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CancelForm } from "~/components/cancel-form";
import { errorId, ErrorList, fieldId, FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { QuestionField } from "~/components/question-field";
import { NeedsConsent } from "~/components/registration-form";
import { getDatabase } from "~/db.server";
import { isBookable, seatsLeft } from "~/modules/events/catalogue.server";
import { type FieldErrors } from "~/modules/forms/errors";
import { formatDate, formatDateTime } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { type MessageKey } from "~/modules/i18n/messages";
import type { AnswerValues } from "~/modules/questions/answers";
import { askedOf, askedOfAttendee, checkPersonAnswers, readAnswerFields } from "~/modules/questions/stored.server";
import { validateAttendeeDetails } from "~/modules/registration/attendee-schema";
import { ATTENDEE_TEXT_FIELDS } from "~/modules/registration/schema";
import { loadManageScope, type SelfServiceAction } from "~/modules/registration/self-service.server";
import { notFound, PRIVATE_PAGE_HEADERS, readFormData } from "~/utils/http.server";
import { carryOutSelfService } from "~/utils/self-service.server";

/**
 * One person's changes, reached from the manage page: workshop and site-visit choices, details and own
 * questions, the consent to needs data, and cancellation. Each is a plain form that works without JavaScript.
 * Changes are open until the self-service deadline; revoking the consent stays possible after it.
 * The manage page itself shows tickets and programme only, so the page everyone loads after registering stays
 * small (its forms were two thirds of its markup).
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.attendee.name} – ${data.eventTitle}` : "Kongress" },
  { name: "robots", content: "noindex" },
];

export const headers: HeadersFunction = () => PRIVATE_PAGE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const scope = await loadManageScope(await getDatabase(), params.token ?? "");
  // Only a person the link covers: a colleague's own link cannot open the others.
  const attendee = scope?.attendees.find((candidate) => candidate.id === params.attendeeId);
  if (!scope || !attendee) throw notFound();
  const event = scope.registration.event;
  const local = (de: string, en: string | null) => localized(language, de, en);
  const slots = event.slots
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
  return data(
    {
      token: params.token ?? "",
      open: scope.open,
      deadline: scope.deadline,
      eventTitle: local(event.titleDe, event.titleEn),
      eventStartsAt: event.startsAt,
      organiserName: event.organiserName,
      organiserEmail: event.organiserEmail,
      slots,
      attendee: {
        id: attendee.id,
        name: `${attendee.firstName} ${attendee.lastName}`,
        status: attendee.status,
        bookingBySlot: Object.fromEntries(attendee.bookings.map((booking) => [booking.slotId, booking.programmeItemId])),
        details: Object.fromEntries(ATTENDEE_TEXT_FIELDS.map((name) => [name, attendee[name] ?? ""])) as Record<(typeof ATTENDEE_TEXT_FIELDS)[number], string>,
        needsConsent: attendee.consents.length > 0,
        asked: askedOf(event.questions, attendee, language),
      },
    },
    { headers: PRIVATE_PAGE_HEADERS },
  );
}

type ActionResult = { intent: string; slotId?: string; errors: FieldErrors; values?: Record<string, string>; answers?: AnswerValues };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const attendeeId = params.attendeeId ?? "";
  const database = await getDatabase();
  // The link's scope first: a person it does not cover, or a link that leads nowhere, is the same 404 for everyone,
  // before anything about that person (their questions) is read. Whether they may still change anything is decided
  // by the self-service use case, on the event as it is now.
  const scope = await loadManageScope(database, token);
  const person = scope?.attendees.find((candidate) => candidate.id === attendeeId);
  if (!scope || !person) throw notFound();
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const slotId = String(form.get("slotId") ?? "");
  const refused = (errors: FieldErrors, values?: Record<string, string>, answers?: AnswerValues) =>
    data<ActionResult>({ intent, slotId, errors, values, answers }, { status: 400 });
  const overview = `/registrations/${token}`;

  let selfAction: SelfServiceAction;
  switch (intent) {
    case "details": {
      const values = Object.fromEntries(ATTENDEE_TEXT_FIELDS.map((name) => [name, String(form.get(name) ?? "").slice(0, 1000)]));
      const needsConsent = form.get("needsConsent") === "on";
      const parsed = validateAttendeeDetails({ ...values, needsConsent });
      values.needsConsent = needsConsent ? "on" : "";
      const { questions } = await askedOfAttendee(database, { id: person.id, eventId: scope.registration.eventId, ticketTypeId: person.ticketTypeId }, "de");
      const given = readAnswerFields(form);
      const checked = checkPersonAnswers(questions, given);
      if (!parsed.ok || Object.keys(checked.errors).length > 0) return refused({ ...(parsed.ok ? {} : parsed.errors), ...checked.errors }, values, given);
      selfAction = { intent, attendeeId, details: parsed.data, answers: { questionIds: questions.map((question) => question.id), values: checked.answers } };
      const outcome = await carryOutSelfService(database, token, selfAction, context);
      if (!outcome.ok) return refused(outcome.errors, values, given);
      return redirect(`${overview}?done=${outcome.mailHeld ? "detailsQuiet" : "details"}`, 303);
    }
    case "programme": {
      selfAction = { intent, attendeeId, slotId, itemId: String(form.get("itemId") ?? "") || null, waitlistIfFull: form.get("waitlistIfFull") === "on" };
      const outcome = await carryOutSelfService(database, token, selfAction, context);
      if (!outcome.ok) return refused(outcome.errors);
      // Back to this page: the next slot is often changed right after.
      return redirect(`${overview}/people/${attendeeId}?done=${outcome.waitlisted ? "waitlisted" : outcome.mailHeld ? "programmeQuiet" : "programme"}`, 303);
    }
    case "cancel": {
      if (form.get("confirm") !== "yes") return refused({ confirm: ["errors.confirmCancelBox"] });
      const outcome = await carryOutSelfService(database, token, { intent, attendeeId }, context);
      if (!outcome.ok) return refused(outcome.errors);
      return redirect(`${overview}?done=cancelled`, 303);
    }
    case "revokeNeeds": {
      const outcome = await carryOutSelfService(database, token, { intent, attendeeId }, context);
      if (!outcome.ok) return refused(outcome.errors);
      return redirect(`${overview}?done=revoked`, 303);
    }
    default:
      return refused({ form: ["errors.invalid"] });
  }
}

const DONE: Record<string, MessageKey> = {
  programme: "manage.done.programme",
  programmeQuiet: "manage.done.programmeQuiet",
  waitlisted: "manage.done.waitlisted",
};

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PersonChangesPage() {
  const { token, open, deadline, eventTitle, eventStartsAt, organiserName, organiserEmail, slots, attendee } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  useFocusOnError(result?.errors);
  const done = DONE[params.get("done") ?? ""];
  const active = attendee.status !== "cancelled";
  const canChange = open && active;
  return (
    <article className="confirmation">
      <p>
        <Link to={`/registrations/${token}`}>{t("manage.back")}</Link>
      </p>
      <h1>{t("manage.personTitle", { name: attendee.name })}</h1>
      <p className="event-meta">
        <strong>{eventTitle}</strong> · {formatDate(new Date(eventStartsAt), language)}
      </p>
      {done ? (
        <p className="notice notice--confirmed" role="status">
          {t(done)}
        </p>
      ) : null}
      <FormErrors errors={result?.errors.form} />
      {!active ? (
        <p className="notice">{t("errors.attendeeCancelled")}</p>
      ) : (
        <p className={open ? "hint" : "notice"}>
          {open
            ? t("manage.until", { date: formatDateTime(new Date(deadline), language) })
            : t("manage.closed", { organiser: organiserName, email: organiserEmail })}
        </p>
      )}

      {canChange && attendee.status === "confirmed" && slots.length > 0 ? (
        <section aria-labelledby="programme" className="card">
          <h2 id="programme">{t("manage.programme", { name: attendee.name })}</h2>
          {slots.map((slot) => (
            <SlotForm key={slot.id} slot={slot} attendee={attendee} result={result?.intent === "programme" && result.slotId === slot.id ? result : undefined} />
          ))}
        </section>
      ) : null}
      {canChange ? <DetailsForm attendee={attendee} result={result?.intent === "details" ? result : undefined} /> : null}
      {active && attendee.needsConsent ? (
        <section aria-labelledby="needs-consent" className="card">
          <h2 id="needs-consent">{t("manage.needsConsentTitle")}</h2>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="revokeNeeds" />
            <button type="submit" className="button">
              {t("manage.revokeNeeds")}
            </button>
          </Form>
        </section>
      ) : null}
      {canChange ? (
        <section aria-labelledby="cancel" className="card danger-zone">
          <h2 id="cancel">{t("manage.cancelOne", { name: attendee.name })}</h2>
          <CancelForm
            intent="cancel"
            idPrefix={attendee.id}
            label={t("manage.cancelOneConfirm", { name: attendee.name })}
            errors={result?.intent === "cancel" ? result.errors.confirm : undefined}
          />
        </section>
      ) : null}
    </article>
  );
}

function SlotForm({ slot, attendee, result }: { slot: LoaderData["slots"][number]; attendee: LoaderData["attendee"]; result: ActionResult | undefined }) {
  const t = useT();
  const name = `slot.${slot.id}`;
  const errors = result?.errors[name];
  const current = attendee.bookingBySlot[slot.id] ?? "";
  return (
    <Form method="post" className="booking-row">
      <input type="hidden" name="intent" value="programme" />
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
        <span className="visually-hidden">: {slot.label}</span>
      </button>
    </Form>
  );
}

function DetailsForm({ attendee, result }: { attendee: LoaderData["attendee"]; result: ActionResult | undefined }) {
  const t = useT();
  const errors = result?.errors ?? {};
  const firstInvalid = ATTENDEE_TEXT_FIELDS.find((name) => errors[name]);
  return (
    <section aria-labelledby="details" className="card">
      <h2 id="details">{t("manage.details", { name: attendee.name })}</h2>
      <Form method="post" noValidate className="narrow">
        <input type="hidden" name="intent" value="details" />
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
    </section>
  );
}
