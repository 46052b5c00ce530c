import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorList, FormErrors, RequiredMark, TextField, errorId, fieldId } from "~/components/forms";
import { TableScroll } from "~/components/table-scroll";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { fieldErrorsFrom, type FieldErrors } from "~/modules/forms/errors";
import { formatMoney, formatShortDate } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { localized } from "~/modules/i18n/language";
import { formatAmountInput } from "~/modules/money/money";
import type { MessageKey } from "~/modules/i18n/messages";
import { teamPageMeta } from "~/modules/i18n/meta";
import {
  issueMissingInvoice,
  listPayments,
  paymentSummary,
  recordRefundTransfer,
  recordTransfer,
  sendPaymentReminder,
} from "~/modules/payments/accounts.server";
import { PAYMENT_FILTERS, TransferFormSchema, type PaymentFilter } from "~/modules/payments/accounts-schema";
import { openPaymentIssues, resolvePaymentIssue } from "~/modules/payments/payment-issues.server";
import { berlinIsoDate } from "~/modules/payments/invoices.server";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, readFormData } from "~/utils/http.server";

/**
 * The accounts department's page per event: totals, open invoices (overdue marked), transfers received (also
 * in part), reminders, refunds owed and made, invoices for older registrations without one; and the overview
 * as XLSX. Cancelling with a credit note is done where registrations are cancelled (attendee detail).
 */
export const meta = teamPageMeta("payments.title");

const isFilter = (value: string | null): value is PaymentFilter => (PAYMENT_FILTERS as readonly string[]).includes(value ?? "");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const url = new URL(request.url);
  const event = await currentEvent(database, url.searchParams.get("event"));
  const show = url.searchParams.get("show");
  const filter: PaymentFilter = isFilter(show) ? show : "open";
  if (!event) return { event: null, filter, rows: [], summary: null, issues: [], today: berlinIsoDate(new Date()) };
  await audit(database, staffActor(user, clientAddress(context)), "attendee.list_view", { detail: `payments ${filter}` });
  const [rows, summary, issues] = await Promise.all([
    listPayments(database, event.id, filter),
    paymentSummary(database, event.id),
    openPaymentIssues(database, event.id),
  ]);
  return { event, filter, rows, summary, issues, today: berlinIsoDate(new Date()) };
}

type ActionResult = { registrationId: string; intent: string; errors: FieldErrors; values?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const form = await readFormData(request);
  const intent = String(form.get("intent") ?? "");
  const registrationId = String(form.get("registrationId") ?? "");
  const back = new URLSearchParams({ event: String(form.get("event") ?? ""), show: String(form.get("show") ?? "open") });
  const actor = staffActor(user, clientAddress(context));
  if (intent === "resolve-issue") {
    const issueId = String(form.get("issueId") ?? "");
    const eventId = String(form.get("event") ?? "");
    const resolved = /^[a-z0-9]{1,64}$/i.test(issueId) && /^[a-z0-9]{1,64}$/i.test(eventId) && (await resolvePaymentIssue(database, eventId, issueId, actor));
    if (!resolved) return data<ActionResult>({ registrationId: "", intent, errors: { form: ["errors.notFound"] } }, { status: 404 });
    back.set("done", "payments.issueResolved");
    return redirect(`/admin/payments?${back.toString()}`, 303);
  }
  if (!/^[a-z0-9]{1,64}$/i.test(registrationId)) return data<ActionResult>({ registrationId, intent, errors: { form: ["errors.notFound"] } }, { status: 400 });

  let outcome;
  if (intent === "record" || intent === "refund") {
    const values = {
      amount: String(form.get("amount") ?? "").slice(0, 40),
      receivedAt: String(form.get("receivedAt") ?? "").slice(0, 20),
      note: String(form.get("note") ?? "").slice(0, 400),
    };
    const parsed = TransferFormSchema.safeParse(values);
    if (!parsed.success) return data<ActionResult>({ registrationId, intent, errors: fieldErrorsFrom(parsed.error), values }, { status: 400 });
    const input = { amountCents: parsed.data.amount, receivedAt: parsed.data.receivedAt, note: parsed.data.note };
    outcome =
      intent === "record" ? await recordTransfer(database, registrationId, input, actor) : await recordRefundTransfer(database, registrationId, input, actor);
    if (!outcome.ok) return data<ActionResult>({ registrationId, intent, errors: outcome.errors, values }, { status: 400 });
  } else if (intent === "remind") {
    outcome = await sendPaymentReminder(database, registrationId, actor);
  } else if (intent === "issue") {
    outcome = await issueMissingInvoice(database, registrationId, actor);
  } else {
    return data<ActionResult>({ registrationId, intent, errors: { form: ["errors.invalid"] } }, { status: 400 });
  }
  if (!outcome.ok) return data<ActionResult>({ registrationId, intent, errors: outcome.errors }, { status: 400 });
  back.set("done", outcome.message);
  for (const [key, value] of Object.entries(outcome.values ?? {})) back.set(key, String(value));
  return redirect(`/admin/payments?${back.toString()}`, 303);
}

const DONE: ReadonlySet<string> = new Set(["payments.recorded", "payments.refundRecorded", "payments.reminded", "payments.issued", "payments.issueResolved"]);

export default function Payments() {
  const { event, filter, rows, summary, issues, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  const money = (cents: number) => formatMoney(cents, language);
  const done = params.get("done");
  const doneValues = { amount: money(Number(params.get("amount") ?? 0)), email: params.get("email") ?? "", number: params.get("number") ?? "" };
  const eventQuery = event ? `event=${event.id}` : "";
  return (
    <>
      <h1>{t("payments.title")}</h1>
      {event ? <p>{localized(language, event.titleDe, event.titleEn)}</p> : null}
      <p>{t("payments.intro")}</p>
      {done && DONE.has(done) ? (
        <p className="notice notice--confirmed" role="status">
          {t(done as MessageKey, doneValues)}
        </p>
      ) : null}
      {result && !result.values ? <FormErrors errors={result.errors.form} /> : null}
      {summary ? (
        <section aria-labelledby="summary">
          <h2 id="summary">{t("payments.summary")}</h2>
          <dl className="facts">
            <dt>{t("payments.invoiced")}</dt>
            <dd>{money(summary.invoiced)}</dd>
            <dt>{t("payments.received")}</dt>
            <dd>{money(summary.received)}</dd>
            <dt>{t("payments.openSum")}</dt>
            <dd>{money(summary.open)}</dd>
            <dt>{t("payments.refundedSum")}</dt>
            <dd>{money(summary.refunded)}</dd>
            <dt>{t("payments.refundOwedSum")}</dt>
            <dd>{money(summary.refundOwed)}</dd>
          </dl>
          <p>
            <a href={`/admin/payments/export?${eventQuery}`} download>
              {t("payments.export")}
            </a>
          </p>
        </section>
      ) : null}
      {event && issues.length > 0 ? <PaymentIssues issues={issues} eventId={event.id} filter={filter} /> : null}
      <nav aria-label={t("payments.filter")} className="filters">
        <ul className="inline-list">
          {PAYMENT_FILTERS.map((option) => (
            <li key={option}>
              <Link to={`/admin/payments?${eventQuery}&show=${option}`} aria-current={option === filter ? "page" : undefined}>
                {t(`payments.filter.${option}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {rows.length === 0 ? (
        <p>{t("payments.none")}</p>
      ) : (
        <TableScroll label={t(`payments.filter.${filter}`)}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("payments.registration")}</th>
                <th scope="col">{t("payments.recipient")}</th>
                <th scope="col">{t("payments.invoiceNumbers")}</th>
                <th scope="col">{t("payment.total")}</th>
                <th scope="col">{t("payment.paid")}</th>
                <th scope="col">{t("payment.open")}</th>
                <th scope="col">{t("admin.attendees.status")}</th>
                <th scope="col">{t("payments.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const mine = result?.registrationId === row.id ? result : undefined;
                const invoices = row.invoices.filter((invoice) => invoice.kind === "invoice" && !invoice.cancelledAt);
                const due = invoices.at(-1)?.dueAt;
                const overdue = due && row.open > 0 && new Date(due) < new Date();
                return (
                  <tr key={row.id}>
                    <th scope="row">
                      {row.reference}
                      <br />
                      <span className="hint">{t(`payment.method.${row.paymentMethod}` as MessageKey)}</span>
                    </th>
                    <td>
                      {(row.invoiceAddress ?? "").split("\n")[0]}
                      <br />
                      <span className="hint">{row.contactEmail}</span>
                      {row.leitwegId ? (
                        <>
                          <br />
                          <span className="hint">
                            {t("invoice.leitwegId")}: {row.leitwegId}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <ul className="plain-list">
                        {row.invoices.map((invoice) => (
                          <li key={invoice.id}>
                            {invoice.kind === "credit_note" ? `${t("invoice.creditNoteTitle")} ` : ""}
                            <a href={`/admin/invoices/${invoice.id}/pdf`} download>
                              {invoice.number}
                            </a>{" "}
                            (
                            <a href={`/admin/invoices/${invoice.id}/xml`} download>
                              XML<span className="visually-hidden"> {invoice.number}</span>
                            </a>
                            ){invoice.cancelledAt ? ` – ${t("payment.status.cancelled")}` : ""}
                          </li>
                        ))}
                      </ul>
                      {due ? (
                        <span className={overdue ? "badge badge--warning" : "hint"}>
                          {t("payments.dueAt")}: {formatShortDate(new Date(due), language)}
                          {overdue ? ` – ${t("payments.overdue")}` : ""}
                        </span>
                      ) : null}
                    </td>
                    <td>{money(row.totalCents)}</td>
                    <td>{money(row.paidCents - row.refundedCents)}</td>
                    <td>
                      {money(row.open)}
                      {row.refundOwed > 0 ? (
                        <>
                          <br />
                          <strong>
                            {t("payment.refundOwed")}: {money(row.refundOwed)}
                          </strong>
                        </>
                      ) : null}
                    </td>
                    <td>{t(`payment.status.${row.paymentStatus}` as MessageKey)}</td>
                    <td>
                      <FormErrors errors={mine?.errors.form} />
                      {row.open > 0 && row.status !== "awaiting_payment" ? (
                        <TransferForm row={row} intent="record" filter={filter} eventId={event?.id ?? ""} today={today} result={mine} defaultCents={row.open} />
                      ) : null}
                      {row.refundOwed > 0 && row.paymentMethod !== "stripe" ? (
                        <TransferForm
                          row={row}
                          intent="refund"
                          filter={filter}
                          eventId={event?.id ?? ""}
                          today={today}
                          result={mine}
                          defaultCents={row.refundOwed}
                        />
                      ) : null}
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="registrationId" value={row.id} />
                        <input type="hidden" name="event" value={event?.id ?? ""} />
                        <input type="hidden" name="show" value={filter} />
                        {invoices.length > 0 && row.open > 0 ? (
                          <button type="submit" name="intent" value="remind" className="button">
                            {t("payments.remind")}
                            <span className="visually-hidden">: {row.reference}</span>
                          </button>
                        ) : null}
                        {invoices.length === 0 && row.status === "confirmed" && row.totalCents > 0 ? (
                          <button type="submit" name="intent" value="issue" className="button">
                            {t("payments.issueInvoice")}
                            <span className="visually-hidden">: {row.reference}</span>
                          </button>
                        ) : null}
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

/** Records a transfer received (or a refund paid out): the open amount and today are filled in. */
function TransferForm(props: {
  row: Row;
  intent: "record" | "refund";
  filter: string;
  eventId: string;
  today: string;
  result: ActionResult | undefined;
  defaultCents: number;
}) {
  const { row, intent, filter, eventId, today, result, defaultCents } = props;
  const t = useT();
  const language = useLanguage();
  const mine = result?.intent === intent ? result : undefined;
  const prefix = `${intent}-${row.id}`;
  const values = mine?.values ?? { amount: formatAmountInput(defaultCents, language), receivedAt: today, note: "" };
  // Keyed by the amount it proposes: after a booking the form is drawn anew with the new open amount (an
  // uncontrolled field would otherwise keep the old one under client-side navigation).
  return (
    <details open={Boolean(mine)} key={`${intent}-${defaultCents}`}>
      <summary>
        {t(intent === "record" ? "payments.markPaid" : "payments.recordRefund")}
        <span className="visually-hidden">: {row.reference}</span>
      </summary>
      <Form method="post" className="stack">
        <input type="hidden" name="registrationId" value={row.id} />
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="event" value={eventId} />
        <input type="hidden" name="show" value={filter} />
        <TextField
          idPrefix={prefix}
          name="amount"
          label={t("payments.amount")}
          required
          defaultValue={values.amount ?? ""}
          errors={mine?.errors.amount}
          maxLength={20}
        />
        <DateField prefix={prefix} value={values.receivedAt ?? today} errors={mine?.errors.receivedAt} />
        <TextField
          idPrefix={prefix}
          name="note"
          label={t("payments.note")}
          bareLabel
          defaultValue={values.note ?? ""}
          errors={mine?.errors.note}
          maxLength={200}
        />
        <button type="submit" className="button button--primary">
          {t("payments.record")}
          <span className="visually-hidden">: {row.reference}</span>
        </button>
      </Form>
    </details>
  );
}

function DateField({ prefix, value, errors }: { prefix: string; value: string; errors: string[] | undefined }) {
  const t = useT();
  const key = `${prefix}-receivedAt`;
  return (
    <div className={`field${errors?.length ? " field--invalid" : ""}`}>
      <label htmlFor={fieldId(key)}>
        {t("payments.receivedAt")}
        <RequiredMark />
      </label>
      <ErrorList id={errorId(key)} errors={errors} />
      <input
        type="date"
        id={fieldId(key)}
        name="receivedAt"
        defaultValue={value}
        required
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId(key) : undefined}
      />
    </div>
  );
}

/**
 * Stripe payments that did not match what they were for: they confirmed nothing and wait for the accounts
 * department, who deal with them in Stripe (refund) or here (book by hand) and then mark them dealt with.
 */
function PaymentIssues({ issues, eventId, filter }: { issues: ReturnType<typeof useLoaderData<typeof loader>>["issues"]; eventId: string; filter: string }) {
  const t = useT();
  const language = useLanguage();
  const amount = (cents: number | null, currency: string | null) => (cents === null ? "–" : formatMoney(cents, language, currency ?? "EUR"));
  return (
    <section aria-labelledby="payment-issues" className="card notice">
      <h2 id="payment-issues">{t("payments.issues")}</h2>
      <p>{t("payments.issuesIntro")}</p>
      <TableScroll label={t("payments.issuesTable")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("payments.issueReceived")}</th>
              <th scope="col">{t("payments.issueProblem")}</th>
              <th scope="col">{t("payments.issuePaid")}</th>
              <th scope="col">{t("payments.issueOwed")}</th>
              <th scope="col">{t("payments.issueStripe")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("payments.issueResolve")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {issues.map((issue) => (
              <tr key={issue.id}>
                <td>{formatShortDate(new Date(issue.createdAt), language)}</td>
                <td>{t(`payments.issue.${issue.problem}` as MessageKey)}</td>
                <td>{amount(issue.amountCents, issue.currency)}</td>
                <td>{amount(issue.expectedCents, "eur")}</td>
                <td>
                  <code>{issue.stripeObjectId}</code>
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="resolve-issue" />
                    <input type="hidden" name="issueId" value={issue.id} />
                    <input type="hidden" name="event" value={eventId} />
                    <input type="hidden" name="show" value={filter} />
                    <button type="submit" className="button">
                      {t("payments.issueResolve")}
                      <span className="visually-hidden">: {issue.stripeObjectId}</span>
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
