import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ConfirmCheckbox, errorId, ErrorList, fieldId, FormErrors, TextField, useFocusOnError } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { loadAttendeeDetail } from "~/modules/attendees/detail.server";
import { answersForPerson, askedOfAttendee, checkPersonAnswers, readAnswerFields } from "~/modules/questions/stored.server";
import { QuestionField } from "~/components/question-field";
import type { AnswerValues } from "~/modules/questions/answers";
import { getLanguage } from "~/modules/i18n/language.server";
import { formatDateTime, formatMoney } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { type MessageKey } from "~/modules/i18n/messages";
import { validateAttendeeDetails } from "~/modules/registration/attendee-schema";
import { cancelAttendee, changeBooking, resendConfirmation, updateAttendeeDetails } from "~/modules/registration/changes.server";
import { NeedsConsent } from "~/components/registration-form";
import { audit, staffActor } from "~/modules/audit/log.server";
import { eraseAttendee } from "~/modules/privacy/anonymise.server";
import { type FieldErrors } from "~/modules/forms/errors";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, notFound, readFormData } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.attendees");

const DETAIL_FIELDS = ["firstName", "lastName", "email", "organisation", "jobFunction", "phone", "dietaryNeeds", "accessibilityNeeds"] as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const detail = await loadAttendeeDetail(database, params.id ?? "");
  if (!detail) throw notFound();
  // Looking at a person's data is itself recorded (who, when, from where).
  await audit(database, staffActor(user, clientAddress(context)), "attendee.view", { subject: `attendee:${detail.attendee.id}` });
  const needsConsent = (await database.read.consent.count({ where: { attendeeId: detail.attendee.id, kind: "special_needs", revokedAt: null } })) > 0;
  const language = await getLanguage(request);
  const [answers, asked] = await Promise.all([answersForPerson(database, detail.attendee, language), askedOfAttendee(database, detail.attendee, language)]);
  return { ...detail, needsConsent, answers, asked };
}

type ActionResult = { intent: string; errors: FieldErrors; values?: Record<string, string>; answers?: AnswerValues };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const actor = staffActor(user, clientAddress(context));
  const id = params.id ?? "";
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const subject = `attendee:${id}`;
  const done = async (what: string, action: "attendee.change" | "attendee.cancel" | "mail.resend" = "attendee.change") => {
    await audit(database, actor, action, { subject, detail: what });
    return redirect(`/admin/attendees/${id}?done=${what}`, 303);
  };
  const refused = (errors: FieldErrors, values?: Record<string, string>) => data<ActionResult>({ intent, errors, values }, { status: 400 });

  switch (intent) {
    case "details": {
      const values = Object.fromEntries(DETAIL_FIELDS.map((name) => [name, String(form.get(name) ?? "")]));
      const needsConsent = form.get("needsConsent") === "on";
      const parsed = validateAttendeeDetails({ ...values, needsConsent });
      values.needsConsent = needsConsent ? "on" : "";
      const attendee = await database.read.attendee.findUnique({ where: { id }, select: { id: true, eventId: true, ticketTypeId: true } });
      if (!attendee) throw notFound();
      const { questions } = await askedOfAttendee(database, attendee, "de");
      const given = readAnswerFields(form);
      const checked = checkPersonAnswers(questions, given);
      const refusedWithAnswers = (errors: FieldErrors) => data<ActionResult>({ intent, errors, values, answers: given }, { status: 400 });
      if (!parsed.ok || Object.keys(checked.errors).length > 0) return refusedWithAnswers({ ...(parsed.ok ? {} : parsed.errors), ...checked.errors });
      const outcome = await updateAttendeeDetails(database, id, parsed.data, {
        answers: { questionIds: questions.map((question) => question.id), values: checked.answers },
      });
      return outcome.ok ? done("details") : refusedWithAnswers(outcome.errors);
    }
    case "booking": {
      const slotId = String(form.get("slotId") ?? "");
      const itemId = String(form.get("itemId") ?? "");
      const outcome = await changeBooking(database, id, slotId, itemId || null);
      return outcome.ok ? done("booking") : refused(outcome.errors);
    }
    case "resend":
      return (await resendConfirmation(database, id)) ? done("resend", "mail.resend") : refused({ form: ["errors.notFound"] });
    case "cancel": {
      if (form.get("confirm") !== "yes") return refused({ confirm: ["errors.confirmCancel"] });
      const outcome = await cancelAttendee(database, id, "organiser");
      return outcome.ok ? done("cancel", "attendee.cancel") : refused(outcome.errors);
    }
    case "erase": {
      if (form.get("confirmErase") !== "yes") return refused({ confirmErase: ["errors.confirmErase"] });
      // Logged inside the erasure's own transaction.
      if (!(await eraseAttendee(database, id, actor))) return refused({ form: ["errors.notFound"] });
      return redirect(`/admin/attendees/${id}?done=erase`, 303);
    }
    default:
      return refused({ form: ["errors.invalid"] });
  }
}

const DONE_MESSAGES: Record<string, MessageKey> = {
  details: "admin.attendee.savedDetails",
  booking: "admin.attendee.savedBooking",
  resend: "admin.attendee.resent",
  cancel: "admin.attendee.cancelled",
  erase: "admin.attendee.erased",
};

export default function AttendeeDetail() {
  const { attendee, slots, needsConsent, answers, asked } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const local = (de: string, en: string | null) => localized(language, de, en);
  const done = DONE_MESSAGES[params.get("done") ?? ""];
  const errors = result?.errors ?? {};
  useFocusOnError(result?.errors);
  const detailErrors = result?.intent === "details" ? errors : {};
  const value = (name: (typeof DETAIL_FIELDS)[number]) => (result?.intent === "details" ? (result.values?.[name] ?? "") : (attendee[name] ?? ""));
  const firstInvalid = DETAIL_FIELDS.find((name) => detailErrors[name]);
  const registration = attendee.registration;

  return (
    <>
      <p>
        <Link to={`/admin/attendees?event=${attendee.eventId}`}>{t("admin.attendee.back")}</Link>
      </p>
      <h1>
        {attendee.firstName} {attendee.lastName}
      </h1>
      {done ? (
        <p className="notice notice--confirmed" role="status">
          {t(done)}
        </p>
      ) : null}
      <FormErrors errors={errors.form} />
      <dl className="event-facts">
        <div>
          <dt>{t("admin.attendees.status")}</dt>
          <dd>{t(`admin.attendeeStatus.${attendee.status}`)}</dd>
        </div>
        <div>
          <dt>{t("admin.attendees.ticketType")}</dt>
          <dd>
            {local(attendee.ticketType.nameDe, attendee.ticketType.nameEn)} · {attendee.ticketReference}
          </dd>
        </div>
        <div>
          <dt>{t("admin.attendee.registration")}</dt>
          <dd>
            {registration.reference} · {registration.contactEmail} · {formatDateTime(new Date(registration.createdAt), language)}
          </dd>
        </div>
        {registration.totalCents > 0 || registration.paidCents > 0 || registration.invoices.length > 0 ? (
          <div>
            <dt>{t("payment.title")}</dt>
            <dd>
              {formatMoney(registration.totalCents, language)} · {t(`admin.payment.${registration.paymentStatus}`)} ·{" "}
              {t(`payment.method.${registration.paymentMethod}`)}
              {registration.paidCents > 0 ? ` · ${t("payment.paid")} ${formatMoney(registration.paidCents, language)}` : ""}
              {registration.refundedCents > 0 ? ` · ${t("payment.refunded")} ${formatMoney(registration.refundedCents, language)}` : ""}
              {registration.invoices.map((invoice) => (
                <span key={invoice.id}>
                  {" · "}
                  {invoice.kind === "credit_note" ? `${t("invoice.creditNoteTitle")} ` : ""}
                  <a href={`/admin/invoices/${invoice.id}/pdf`} download>
                    {invoice.number}
                  </a>
                </span>
              ))}
              {" · "}
              <Link to={`/admin/payments?event=${attendee.eventId}&show=all`}>{t("payments.title")}</Link>
              {registration.invoiceAddress ? (
                <>
                  <br />
                  {t("register.invoiceAddress")}: {registration.invoiceAddress.replace(/\s*\n\s*/g, ", ")}
                </>
              ) : null}
              {registration.purchaseOrder ? ` · ${t("invoice.purchaseOrder")}: ${registration.purchaseOrder}` : ""}
              {registration.leitwegId ? ` · ${t("invoice.leitwegId")}: ${registration.leitwegId}` : ""}
            </dd>
          </div>
        ) : null}
      </dl>

      <h2>{t("admin.attendee.details")}</h2>
      <Form method="post" noValidate className="narrow">
        <input type="hidden" name="intent" value="details" />
        {DETAIL_FIELDS.map((name) => (
          <TextField
            key={name}
            name={name}
            label={t(`register.${name}`)}
            type={name === "email" ? "email" : name === "phone" ? "tel" : "text"}
            required={["firstName", "lastName", "email", "organisation"].includes(name)}
            multiline={name === "dietaryNeeds" || name === "accessibilityNeeds"}
            defaultValue={value(name)}
            errors={detailErrors[name]}
            autoFocus={firstInvalid === name}
          />
        ))}
        <NeedsConsent
          name="needsConsent"
          checked={result?.intent === "details" && result.values ? result.values.needsConsent === "on" : needsConsent}
          errors={detailErrors.needsConsent}
        />
        {asked.questions.map((question) => (
          <QuestionField
            key={question.id}
            question={question}
            name={`q.${question.id}`}
            values={result?.intent === "details" && result.answers ? (result.answers[question.id] ?? []) : (asked.values[question.id] ?? [])}
            errors={detailErrors[`q.${question.id}`]}
            autoFocus={false}
            onlyFor={null}
            hidden={false}
          />
        ))}
        <button type="submit" className="button button--primary">
          {t("admin.save")}
        </button>
      </Form>

      {answers.length > 0 ? (
        <>
          <h2>{t("admin.attendee.answers")}</h2>
          <dl className="event-facts answers">
            {answers.map((answer) => (
              <div key={answer.question}>
                <dt>
                  {answer.question}
                  {answer.removed ? ` (${t("admin.attendee.questionRemoved")})` : ""}
                </dt>
                <dd>{answer.answer}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}

      <h2>{t("admin.attendee.bookings")}</h2>
      {slots.map((slot) => {
        const booked = attendee.bookings.find((booking) => booking.slotId === slot.id)?.programmeItemId ?? "";
        const waitingFor = slot.items.filter((item) => attendee.waitingList.some((entry) => entry.programmeItemId === item.id));
        const field = `slot.${slot.id}`;
        return (
          <Form method="post" key={slot.id} className="booking-row">
            <input type="hidden" name="intent" value="booking" />
            <input type="hidden" name="slotId" value={slot.id} />
            <div className={`field${errors[field] ? " field--invalid" : ""}`}>
              <label htmlFor={fieldId(field)}>{local(slot.labelDe, slot.labelEn)}</label>
              <select
                id={fieldId(field)}
                name="itemId"
                defaultValue={booked}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={errors[field] ? errorId(field) : undefined}
              >
                <option value="">{t("admin.attendee.noBooking")}</option>
                {slot.items.map((item) => (
                  <option key={item.id} value={item.id}>
                    {local(item.titleDe, item.titleEn)}
                    {item.capacity === null ? "" : ` (${t("admin.attendee.seats", { taken: item.confirmedCount, capacity: item.capacity })})`}
                  </option>
                ))}
              </select>
              <ErrorList id={errorId(field)} errors={errors[field]} />
              {waitingFor.length > 0 ? (
                <p className="hint">
                  {t("admin.attendees.waitingFor")}: {waitingFor.map((item) => local(item.titleDe, item.titleEn)).join(", ")}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button">
              {t("admin.attendee.changeBooking")}
              <span className="visually-hidden">: {local(slot.labelDe, slot.labelEn)}</span>
            </button>
          </Form>
        );
      })}

      {attendee.status === "confirmed" ? (
        <p>
          <a href={`/admin/attendees/${attendee.id}/certificate.pdf`} download>
            {t("admin.certificates.download")}
          </a>
        </p>
      ) : null}
      <h2>{t("admin.attendee.checkIns")}</h2>
      {attendee.checkIns.length === 0 ? (
        <p>{t("admin.attendee.noCheckIns")}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("admin.attendee.when")}</th>
              <th scope="col">{t("admin.attendee.list")}</th>
              <th scope="col">{t("admin.attendees.status")}</th>
              <th scope="col">{t("admin.attendee.by")}</th>
            </tr>
          </thead>
          <tbody>
            {attendee.checkIns.map((scan) => (
              <tr key={scan.id}>
                <td>{formatDateTime(new Date(scan.createdAt), language)}</td>
                <td>{local(scan.checkInList.nameDe, scan.checkInList.nameEn)}</td>
                <td>
                  {t(`checkin.result.${scan.result}`)}
                  {scan.revertedAt ? ` · ${t("checkin.result.reverted")}` : ""}
                </td>
                <td>{scan.staffUser?.name ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t("admin.attendee.actions")}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="resend" />
        <button type="submit" className="button">
          {t("admin.attendee.resend")}
        </button>
      </Form>
      {attendee.status !== "cancelled" ? (
        <Form method="post" className="danger-zone">
          <input type="hidden" name="intent" value="cancel" />
          <ConfirmCheckbox name="confirm" label={t("admin.attendee.confirmCancel")} errors={errors.confirm} />
          <button type="submit" className="button button--danger">
            {t("admin.attendee.cancel")}
          </button>
        </Form>
      ) : null}
      {attendee.anonymisedAt ? null : (
        <Form method="post" className="danger-zone">
          <h2>{t("admin.attendee.erase")}</h2>
          <p>{t("admin.attendee.eraseText")}</p>
          <input type="hidden" name="intent" value="erase" />
          <ConfirmCheckbox name="confirmErase" label={t("admin.attendee.confirmErase")} errors={errors.confirmErase} />
          <button type="submit" className="button button--danger">
            {t("admin.attendee.erase")}
          </button>
        </Form>
      )}
    </>
  );
}
