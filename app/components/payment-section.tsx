import { Form, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatDateTime, formatMoney, formatShortDate } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import type { MessageKey } from "~/modules/i18n/messages";
import type { PaymentView } from "~/modules/payments/manage-view.server";

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K] };
type Props = {
  token: string;
  payment: Serialized<PaymentView> & { invoices: Serialized<PaymentView["invoices"][number]>[] };
  returned: string | null;
  open: boolean;
};

/** How often the page asks again while a payment is on its way (only with JavaScript; without it, the link does). */
const POLL_MS = 3_000;

/**
 * The payment part of the contact's manage page: the status said plainly, the way back to an open checkout,
 * the invoices and credit notes, and the cancellation terms. While a payment is on its way the page asks again
 * every few seconds and announces the outcome (a polite live region); without JavaScript a link does the same.
 */
export function PaymentSection({ token, payment, returned, open }: Props) {
  const t = useT();
  const language = useLanguage();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!payment.awaiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [payment.awaiting, revalidator]);
  if (!payment.hasPaidTickets && payment.totalCents === 0 && payment.paidCents === 0) return null;
  const money = (cents: number) => formatMoney(cents, language);
  const rule = payment.refundRule;
  const ruleText = t(`register.refundRule.${rule.rule}` as MessageKey, {
    date: rule.until ? formatShortDate(new Date(rule.until), language) : "",
    fee: money(rule.feeCents),
  });

  return (
    <section aria-labelledby="payment" className="card payment">
      <h2 id="payment">{t("payment.title")}</h2>
      <div role="status" aria-live="polite">
        {payment.awaiting ? (
          <>
            <p className="notice notice--pending_approval">
              <strong>{t("payment.awaitingTitle")}.</strong>{" "}
              {payment.heldUntil
                ? t("payment.awaitingIntro", { until: formatDateTime(new Date(payment.heldUntil), language) })
                : t("payment.awaitingProcessing")}
            </p>
            {returned === "cancelled" ? <p>{t("payment.returnCancelled")}</p> : null}
            {returned === "return" ? <p>{t("payment.checking")}</p> : null}
          </>
        ) : (
          <p>
            {t("payment.total")}: <strong>{money(payment.totalCents)}</strong> ·{" "}
            <span className={`status status--payment-${payment.status}`}>{t(`payment.status.${payment.status}` as MessageKey)}</span>
            {payment.method !== "none" ? ` · ${t(`payment.method.${payment.method}` as MessageKey)}` : ""}
          </p>
        )}
        {payment.status === "failed" ? <p className="notice">{t("payment.failed")}</p> : null}
        {payment.status === "cancelled" && payment.method === "stripe" && payment.invoices.length === 0 ? (
          <p className="notice">{t("payment.expired")}</p>
        ) : null}
      </div>
      {payment.awaiting ? (
        <div className="actions">
          {payment.canResume ? (
            <Form method="post">
              <input type="hidden" name="intent" value="pay" />
              <button type="submit" className="button button--primary">
                {t("payment.resume")}
              </button>
            </Form>
          ) : null}
          <a href={`/registrations/${token}`}>{t("payment.refresh")}</a>
        </div>
      ) : null}
      {payment.paidCents > 0 || payment.refundedCents > 0 || payment.openCents > 0 ? (
        <dl className="facts">
          <dt>{t("payment.paid")}</dt>
          <dd>{money(payment.paidCents)}</dd>
          {payment.openCents > 0 && !payment.awaiting ? (
            <>
              <dt>{t("payment.open")}</dt>
              <dd>{money(payment.openCents)}</dd>
            </>
          ) : null}
          {payment.refundedCents > 0 ? (
            <>
              <dt>{t("payment.refunded")}</dt>
              <dd>{money(payment.refundedCents)}</dd>
            </>
          ) : null}
          {payment.refundOwedCents > 0 ? (
            <>
              <dt>{t("payment.refundOwed")}</dt>
              <dd>{money(payment.refundOwedCents)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {payment.invoices.length > 0 ? (
        <>
          <h3>{t("payment.invoices")}</h3>
          <ul className="downloads">
            {payment.invoices.map((invoice) => (
              <li key={invoice.id}>
                {t(invoice.kind === "credit_note" ? "invoice.creditNoteTitle" : "invoice.title")} {formatShortDate(new Date(invoice.issuedAt), language)},{" "}
                {money(invoice.grossCents)}:{" "}
                <a href={`/registrations/${token}/invoices/${invoice.id}/pdf`} download>
                  {t("payment.invoicePdf", { number: invoice.number })}
                </a>
                {" · "}
                <a href={`/registrations/${token}/invoices/${invoice.id}/xml`} download>
                  {t("payment.invoiceXml", { number: invoice.number })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {payment.hasPaidTickets ? (
        <>
          <h3>{t("payment.refundRuleTitle")}</h3>
          <p>{ruleText}</p>
          {open && payment.refundIfCancelledNow >= 0 && !payment.awaiting ? (
            <p className="hint">{t("payment.cancelRefund", { amount: money(payment.refundIfCancelledNow) })}</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
