import type { EventView, SlotView } from "~/modules/events/view.server";
import { formatMoney, formatShortDate, formatTimeRange, ticketTypeWithPrice } from "~/modules/i18n/format";
import type { MessageKey, Translate } from "~/modules/i18n/messages";
import { MAX_ATTENDEES, type AttendeeFormValues, type RegistrationFormValues } from "~/modules/registration/schema";
import { type FieldErrors } from "~/modules/forms/errors";
import { ErrorList, RequiredMark, TextField, errorId, fieldId, translateError } from "./forms";
import { FieldOfActionBadge, seatsText } from "./programme";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { useState } from "react";
import { appliesTo, questionFieldName, type FormQuestion } from "~/modules/questions/answers";
import { QuestionField } from "./question-field";

/** The person just added or removed: focus moves there and screen readers hear it. */
export type PeopleChange = { kind: "added" | "removed"; number: number };

type Props = {
  change?: PeopleChange;
  event: EventView & { onlinePayment: boolean };
  values: RegistrationFormValues;
  errors: FieldErrors;
  errorCount: number;
  order: string[];
  submitting: boolean;
};

const bookableSlots = (event: EventView) => event.slots.filter((slot) => slot.items.some((item) => item.bookable));
const attendeeName = (index: number, field: string) => `attendees[${index}].${field}`;
const slotFieldName = (index: number, slotId: string) => attendeeName(index, `slot.${slotId}`);

/** Every field name in the order the form shows them: for the error summary and the first focus. */
export function registrationFieldOrder(values: RegistrationFormValues, event: EventView): string[] {
  const names = ["ticketTypeId", "contactEmail"];
  values.attendees.forEach((_, index) => {
    for (const field of ["firstName", "lastName", "email", "organisation", "jobFunction", "phone", "dietaryNeeds", "accessibilityNeeds", "needsConsent"]) {
      names.push(attendeeName(index, field));
    }
    for (const question of questionsOf(event, "attendee")) names.push(questionFieldName(question.id, index));
    names.push(attendeeName(index, "programme"));
    for (const slot of bookableSlots(event)) names.push(slotFieldName(index, slot.id));
  });
  for (const question of questionsOf(event, "registration")) names.push(questionFieldName(question.id));
  names.push("paymentMethod", "invoiceAddress", "purchaseOrder", "leitwegId", "waitlistIfFull", "privacyConsent", "website");
  return names;
}

const ATTENDEE_LABELS: Record<string, MessageKey> = {
  firstName: "register.firstName",
  lastName: "register.lastName",
  email: "register.email",
  organisation: "register.organisation",
  jobFunction: "register.jobFunction",
  phone: "register.phone",
  dietaryNeeds: "register.dietaryNeeds",
  accessibilityNeeds: "register.accessibilityNeeds",
  needsConsent: "register.needsConsentShort",
  programme: "register.programmeChoices",
};
const FORM_LABELS: Record<string, MessageKey> = {
  ticketTypeId: "register.ticketType",
  contactEmail: "register.contactEmail",
  invoiceAddress: "register.invoiceAddress",
  paymentMethod: "register.paymentMethod",
  purchaseOrder: "register.purchaseOrder",
  leitwegId: "register.leitwegId",
  waitlistIfFull: "register.waitlistIfFull",
  privacyConsent: "register.privacyNotice",
  website: "register.honeypot",
};

const questionsOf = (event: EventView, scope: FormQuestion["scope"]) => event.questions.filter((question) => question.scope === scope);
const questionLabel = (event: EventView, field: string) => event.questions.find((question) => `q.${question.id}` === field)?.label;

/** The ticket types a limited question applies to, by name; null when it is asked for every ticket type. */
function onlyForText(question: FormQuestion, event: EventView): string | null {
  if (question.ticketTypeIds.length === 0) return null;
  return event.ticketTypes
    .filter((type) => question.ticketTypeIds.includes(type.id))
    .map((type) => type.name)
    .join(", ");
}

/** The field's label as the error summary names it, e.g. "Nachname (Person 2)". */
function fieldLabel(name: string, event: EventView, t: Translate): string {
  const match = /^attendees\[(\d+)\]\.(.+)$/.exec(name);
  if (!match) return FORM_LABELS[name] ? t(FORM_LABELS[name]!) : (questionLabel(event, name) ?? "");
  const number = Number(match[1]) + 1;
  const field = match[2]!;
  const person = t("register.attendee", { number });
  if (field.startsWith("slot.")) {
    const slot = event.slots.find((candidate) => candidate.id === field.slice("slot.".length));
    return `${slot?.label ?? ""} (${person})`;
  }
  const ownQuestion = questionLabel(event, field);
  if (ownQuestion) return `${ownQuestion} (${person})`;
  const key = ATTENDEE_LABELS[field];
  return key ? `${t(key, { number })}${field === "programme" ? "" : ` (${person})`}` : person;
}

export function RegistrationForm({ change, event, values, errors, errorCount, order, submitting }: Props) {
  const t = useT();
  const language = useLanguage();
  const firstInvalid = order.find((name) => errors[name]?.length);
  const addedIndex = change?.kind === "added" ? change.number - 1 : -1;
  const autoFocusIf = (name: string) => (name === firstInvalid ? { autoFocus: true } : {});
  const hasPaidTicket = event.ticketTypes.some((type) => type.priceCents > 0);
  // With JavaScript, questions limited to other ticket types are hidden; without it they say whom they are for.
  const [ticketTypeId, setTicketTypeId] = useState<string | null>(null);
  const hiddenFor = (question: FormQuestion) => ticketTypeId !== null && !appliesTo(question, ticketTypeId);
  // The price the payment box names: the chosen ticket's, else the only paid one's (the box shows only once a paid
  // ticket is chosen: a stylesheet rule that needs no JavaScript), else none.
  const paidTypes = event.ticketTypes.filter((type) => type.priceCents > 0);
  const chosen = event.ticketTypes.find((type) => type.id === (ticketTypeId ?? values.ticketTypeId));
  const paidPrice = chosen && chosen.priceCents > 0 ? chosen.priceCents : paidTypes.length === 1 ? paidTypes[0]!.priceCents : null;
  const registrationQuestions = questionsOf(event, "registration");

  return (
    <>
      {/* Enter in any field submits the form through its first submit button: this one, not "add a person". */}
      <button type="submit" name="intent" value="register" className="default-submit" tabIndex={-1} aria-hidden="true" disabled={submitting}>
        {t("register.submit")}
      </button>
      <input type="hidden" name="language" value={language} />
      {change ? (
        <p className="visually-hidden" role="status" tabIndex={-1} {...(change.kind === "removed" ? { autoFocus: true } : {})}>
          {t(change.kind === "added" ? "register.personAdded" : "register.personRemoved", { number: change.number })}
        </p>
      ) : null}
      {errorCount > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1} {...(firstInvalid ? {} : { autoFocus: true })}>
          <p>{errorCount === 1 ? t("register.errorSummaryOne") : t("register.errorSummary", { count: errorCount })}</p>
          <ul>
            {(errors.form ?? []).map((code) => (
              <li key={code}>{translateError(t, code)}</li>
            ))}
            {order
              .filter((name) => errors[name]?.length)
              .map((name) => (
                <li key={name}>
                  <a href={`#${fieldId(name)}`}>
                    {fieldLabel(name, event, t)}: {translateError(t, errors[name]![0]!)}
                  </a>
                </li>
              ))}
          </ul>
        </div>
      ) : null}

      <fieldset className="group" aria-describedby={errors.ticketTypeId ? errorId("ticketTypeId") : undefined}>
        <legend>
          {t("register.ticketType")}
          <RequiredMark />
        </legend>
        <ErrorList id={errorId("ticketTypeId")} errors={errors.ticketTypeId} />
        <div className="choices">
          {event.ticketTypes.map((type, index) => {
            const id = index === 0 ? fieldId("ticketTypeId") : `${fieldId("ticketTypeId")}-${type.id}`;
            return (
              <div className="choice" key={type.id}>
                <input
                  type="radio"
                  id={id}
                  name="ticketTypeId"
                  value={type.id}
                  defaultChecked={values.ticketTypeId === type.id}
                  onChange={() => setTicketTypeId(type.id)}
                  data-paid={type.priceCents > 0 ? "" : undefined}
                  aria-invalid={errors.ticketTypeId ? true : undefined}
                  {...(index === 0 ? autoFocusIf("ticketTypeId") : {})}
                />
                <label htmlFor={id}>
                  <strong>{ticketTypeWithPrice(type.name, type.priceCents, language, t("event.free"))}</strong>
                  {type.description ? <span className="choice__detail">{type.description}</span> : null}
                  {type.seatsLeft === 0 ? <span className="choice__detail seats--full">{t("event.seatsFull")}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>{t("register.contact")}</legend>
        <TextField
          name="contactEmail"
          label={t("register.contactEmail")}
          hint={t("register.contactEmailHint")}
          type="email"
          autoComplete="email"
          maxLength={254}
          required
          defaultValue={values.contactEmail}
          errors={errors.contactEmail}
          {...autoFocusIf("contactEmail")}
        />
      </fieldset>

      {values.attendees.map((attendee, index) => (
        <AttendeeFields
          key={index}
          index={index}
          attendee={attendee}
          event={event}
          errors={errors}
          canRemove={values.attendees.length > 1}
          firstInvalid={firstInvalid}
          justAdded={index === addedIndex}
          hiddenFor={hiddenFor}
        />
      ))}

      <div className="form-actions form-actions--secondary">
        {values.attendees.length < MAX_ATTENDEES ? (
          <button type="submit" name="intent" value="add-attendee" className="button">
            + {t("register.addAttendee")}
          </button>
        ) : (
          <p className="hint">{t("register.maxAttendees", { count: MAX_ATTENDEES })}</p>
        )}
      </div>

      {registrationQuestions.length > 0 ? (
        <fieldset className="group">
          <legend>{t("register.moreQuestions")}</legend>
          {registrationQuestions.map((question) => {
            const name = questionFieldName(question.id);
            return (
              <QuestionField
                key={question.id}
                question={question}
                name={name}
                values={values.answers?.[question.id] ?? []}
                errors={errors[name]}
                autoFocus={name === firstInvalid}
                onlyFor={onlyForText(question, event)}
                hidden={hiddenFor(question)}
              />
            );
          })}
        </fieldset>
      ) : null}

      {hasPaidTicket ? <PaymentFields event={event} values={values} errors={errors} autoFocusIf={autoFocusIf} paidPrice={paidPrice} /> : null}

      <div className="field field--checkbox">
        <input type="checkbox" id={fieldId("waitlistIfFull")} name="waitlistIfFull" defaultChecked={values.waitlistIfFull} />
        <label htmlFor={fieldId("waitlistIfFull")}>{t("register.waitlistIfFull")}</label>
      </div>

      <details className="privacy-notice">
        <summary>{t("register.privacyNotice")}</summary>
        <p>{event.privacyNotice}</p>
      </details>
      <div className={`field field--checkbox${errors.privacyConsent ? " field--invalid" : ""}`}>
        <ErrorList id={errorId("privacyConsent")} errors={errors.privacyConsent} />
        <input
          type="checkbox"
          id={fieldId("privacyConsent")}
          name="privacyConsent"
          defaultChecked={values.privacyConsent}
          required
          aria-invalid={errors.privacyConsent ? true : undefined}
          aria-describedby={errors.privacyConsent ? errorId("privacyConsent") : undefined}
          {...autoFocusIf("privacyConsent")}
        />
        <label htmlFor={fieldId("privacyConsent")}>
          {t("register.privacyConsent")}
          <RequiredMark />
        </label>
      </div>

      {/* Honeypot: hidden from people and assistive technology, filled in by naive bots. */}
      <div className="honeypot" aria-hidden="true">
        <label htmlFor={fieldId("website")}>{t("register.honeypot")}</label>
        <input type="text" id={fieldId("website")} name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>

      <div className="form-actions">
        <button type="submit" name="intent" value="register" className="button button--primary" disabled={submitting}>
          {t("register.submit")}
        </button>
      </div>
    </>
  );
}

function AttendeeFields({
  index,
  attendee,
  event,
  errors,
  canRemove,
  firstInvalid,
  justAdded,
  hiddenFor,
}: {
  index: number;
  attendee: AttendeeFormValues;
  event: EventView;
  errors: FieldErrors;
  canRemove: boolean;
  firstInvalid: string | undefined;
  justAdded: boolean;
  hiddenFor: (question: FormQuestion) => boolean;
}) {
  const t = useT();
  const number = index + 1;
  const field = (name: keyof Omit<AttendeeFormValues, "choices" | "needsConsent" | "answers">) => {
    const fullName = attendeeName(index, name);
    return {
      name: fullName,
      defaultValue: attendee[name],
      errors: errors[fullName],
      t,
      // autoFocus works without JavaScript too: the page opens at the new person's first field.
      ...(fullName === firstInvalid || (justAdded && name === "firstName") ? { autoFocus: true } : {}),
    };
  };
  const programmeErrors = errors[attendeeName(index, "programme")];
  return (
    <fieldset className="group attendee">
      <legend>{t("register.attendee", { number })}</legend>
      <div className="field-row">
        <TextField {...field("firstName")} label={t("register.firstName")} autoComplete={index === 0 ? "given-name" : "off"} maxLength={100} required />
        <TextField {...field("lastName")} label={t("register.lastName")} autoComplete={index === 0 ? "family-name" : "off"} maxLength={100} required />
      </div>
      <TextField {...field("email")} label={t("register.email")} type="email" autoComplete={index === 0 ? "email" : "off"} maxLength={254} required />
      <div className="field-row">
        <TextField {...field("organisation")} label={t("register.organisation")} autoComplete={index === 0 ? "organization" : "off"} maxLength={200} required />
        <TextField {...field("jobFunction")} label={t("register.jobFunction")} autoComplete={index === 0 ? "organization-title" : "off"} maxLength={150} />
      </div>
      <TextField {...field("phone")} label={t("register.phone")} type="tel" autoComplete={index === 0 ? "tel" : "off"} maxLength={40} />
      <TextField {...field("dietaryNeeds")} label={t("register.dietaryNeeds")} maxLength={500} />
      <TextField {...field("accessibilityNeeds")} label={t("register.accessibilityNeeds")} maxLength={500} />
      <NeedsConsent
        name={attendeeName(index, "needsConsent")}
        checked={attendee.needsConsent}
        errors={errors[attendeeName(index, "needsConsent")]}
        autoFocus={firstInvalid === attendeeName(index, "needsConsent")}
      />
      {questionsOf(event, "attendee").map((question) => {
        const name = questionFieldName(question.id, index);
        return (
          <QuestionField
            key={question.id}
            question={question}
            name={name}
            values={attendee.answers?.[question.id] ?? []}
            errors={errors[name]}
            autoFocus={name === firstInvalid}
            onlyFor={onlyForText(question, event)}
            hidden={hiddenFor(question)}
          />
        );
      })}

      <fieldset className="programme-choices" id={fieldId(attendeeName(index, "programme"))} tabIndex={-1}>
        <legend>{t("register.programmeChoices", { number })}</legend>
        <ErrorList id={errorId(attendeeName(index, "programme"))} errors={programmeErrors} />
        {bookableSlots(event).map((slot) => (
          <SlotChoice key={slot.id} index={index} slot={slot} attendee={attendee} errors={errors} firstInvalid={firstInvalid} />
        ))}
      </fieldset>

      {canRemove ? (
        <button type="submit" name="intent" value={`remove-attendee:${index}`} className="button button--quiet">
          {t("register.removeAttendee", { number })}
        </button>
      ) : null}
    </fieldset>
  );
}

function SlotChoice({
  index,
  slot,
  attendee,
  errors,
  firstInvalid,
}: {
  index: number;
  slot: SlotView;
  attendee: AttendeeFormValues;
  errors: FieldErrors;
  firstInvalid: string | undefined;
}) {
  const t = useT();
  const language = useLanguage();
  const name = slotFieldName(index, slot.id);
  const slotErrors = errors[name];
  const chosen = attendee.choices[slot.id] ?? "";
  const radioId = (itemId: string) => (itemId === "" ? fieldId(name) : `${fieldId(name)}-${itemId}`);
  const invalid = slotErrors?.length ? true : undefined;
  return (
    <fieldset className={`slot-choice${invalid ? " field--invalid" : ""}`} aria-describedby={invalid ? errorId(name) : undefined}>
      <legend>
        {formatTimeRange(slot.startsAt, slot.endsAt, language)} · {slot.label}
      </legend>
      <ErrorList id={errorId(name)} errors={slotErrors} />
      <div className="choices">
        <div className="choice">
          <input
            type="radio"
            id={radioId("")}
            name={name}
            value=""
            defaultChecked={chosen === ""}
            aria-invalid={invalid}
            {...(name === firstInvalid ? { autoFocus: true } : {})}
          />
          <label htmlFor={radioId("")}>{t("register.noChoice")}</label>
        </div>
        {slot.items
          .filter((item) => item.bookable)
          .map((item) => {
            const full = item.seatsLeft === 0;
            const seats = seatsText(item, t);
            return (
              <div className={`choice${full ? " choice--full" : ""}`} key={item.id}>
                <input type="radio" id={radioId(item.id)} name={name} value={item.id} defaultChecked={chosen === item.id} aria-invalid={invalid} />
                <label htmlFor={radioId(item.id)}>
                  <strong lang={item.titleLang}>{item.title}</strong>
                  <span className="choice__detail">
                    <FieldOfActionBadge field={item.fieldOfAction} />
                    {item.municipality ? ` ${item.municipality}` : ""}
                    {item.room ? ` ${item.room}` : ""}
                  </span>
                  {full ? (
                    <span className="choice__detail seats--full">{t("register.waitlistOption")}</span>
                  ) : seats ? (
                    <span className="choice__detail seats">{seats}</span>
                  ) : null}
                </label>
              </div>
            );
          })}
      </div>
    </fieldset>
  );
}

/**
 * The separate consent for dietary and accessibility needs (health data, Art. 9 GDPR). Without it those fields
 * are not stored; the form says so next to the box rather than dropping what was typed.
 */
export function NeedsConsent({ name, checked, errors, autoFocus }: { name: string; checked: boolean; errors: string[] | undefined; autoFocus?: boolean }) {
  const t = useT();
  return (
    <div className={`field field--checkbox${errors ? " field--invalid" : ""}`}>
      <ErrorList id={errorId(name)} errors={errors} />
      <input
        type="checkbox"
        id={fieldId(name)}
        name={name}
        defaultChecked={checked}
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? errorId(name) : undefined}
        autoFocus={autoFocus}
      />
      <label htmlFor={fieldId(name)}>{t("register.needsConsent")}</label>
    </div>
  );
}

/**
 * How paid tickets are paid: online (when Stripe is configured) or by invoice, with the invoice's address, the
 * buyer's order number and, for public bodies, the Leitweg-ID of their e-invoice portal; and the refund terms.
 * Shown only while a paid ticket is chosen (app.css, `.payment-fields`), with JavaScript and without.
 */
function PaymentFields({
  event,
  values,
  errors,
  autoFocusIf,
  paidPrice,
}: {
  event: Props["event"];
  values: RegistrationFormValues;
  errors: FieldErrors;
  autoFocusIf: (name: string) => { autoFocus?: boolean };
  paidPrice: number | null;
}) {
  const t = useT();
  const language = useLanguage();
  const rule = event.refundRule;
  const ruleText = t(`register.refundRule.${rule.rule}` as MessageKey, {
    date: rule.until ? formatShortDate(new Date(rule.until), language) : "",
    fee: formatMoney(rule.feeCents, language),
  });
  const paidOnly = t("register.requiredWhenPaid");
  return (
    <fieldset className="group payment-fields">
      <legend>{t("register.payment")}</legend>
      <p>
        {paidPrice === null
          ? t(event.onlinePayment ? "register.paymentOnlineOrInvoiceChosen" : "register.paymentInvoiceChosen")
          : t(event.onlinePayment ? "register.paymentOnlineOrInvoice" : "register.paymentInvoice", { amount: formatMoney(paidPrice, language) })}
      </p>
      <p className="hint">{ruleText}</p>
      {event.onlinePayment ? (
        <fieldset className="group group--plain" aria-describedby={errors.paymentMethod ? errorId("paymentMethod") : undefined}>
          <legend>{t("register.paymentMethod")}</legend>
          <ErrorList id={errorId("paymentMethod")} errors={errors.paymentMethod} />
          <div className="choices">
            {(["stripe", "invoice"] as const).map((method, index) => (
              <div className="choice" key={method}>
                <input
                  type="radio"
                  name="paymentMethod"
                  value={method}
                  id={index === 0 ? fieldId("paymentMethod") : `${fieldId("paymentMethod")}-${method}`}
                  defaultChecked={(values.paymentMethod ?? "invoice") === method}
                  {...(index === 0 ? autoFocusIf("paymentMethod") : {})}
                />
                <label htmlFor={index === 0 ? fieldId("paymentMethod") : `${fieldId("paymentMethod")}-${method}`}>
                  {t(method === "stripe" ? "register.paymentMethodStripe" : "register.paymentMethodInvoice")}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      ) : null}
      <TextField
        name="invoiceAddress"
        label={t("register.invoiceAddress")}
        hint={t("register.invoiceAddressHintPaid")}
        autoComplete="street-address"
        maxLength={500}
        multiline
        requiredWhen={paidOnly}
        defaultValue={values.invoiceAddress}
        errors={errors.invoiceAddress}
        {...autoFocusIf("invoiceAddress")}
      />
      <TextField
        name="purchaseOrder"
        label={t("register.purchaseOrder")}
        hint={t("register.purchaseOrderHint")}
        maxLength={60}
        bareLabel
        defaultValue={values.purchaseOrder ?? ""}
        errors={errors.purchaseOrder}
        {...autoFocusIf("purchaseOrder")}
      />
      <TextField
        name="leitwegId"
        label={t("register.leitwegId")}
        hint={t("register.leitwegIdHint")}
        maxLength={46}
        bareLabel
        defaultValue={values.leitwegId ?? ""}
        errors={errors.leitwegId}
        {...autoFocusIf("leitwegId")}
      />
    </fieldset>
  );
}
