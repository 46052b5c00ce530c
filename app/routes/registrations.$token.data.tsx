import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDatabase } from "~/db.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDateTime, formatMoney } from "~/modules/i18n/format";
import { pageTitle } from "~/modules/i18n/meta";
import type { MessageKey } from "~/modules/i18n/messages";
import { personalDataByLink } from "~/modules/privacy/access.server";
import { PRIVATE_PAGE_HEADERS, clientAddress, notFound } from "~/utils/http.server";

/** Everything stored about an attendee (Art. 15 GDPR), readable, with the same content as the JSON download. */
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "data.title") }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => PRIVATE_PAGE_HEADERS;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await personalDataByLink(await getDatabase(), params.token ?? "", new URL(request.url).searchParams.get("attendee"), clientAddress(context));
  if (!found) throw notFound();
  return { ...found, token: params.token ?? "" };
}

function Section({ title, rows }: { title: string; rows: ReactNode[][] }) {
  const t = useT();
  return (
    <section>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p>{t("data.none")}</p>
      ) : (
        <TableScroll label={title}>
          <table className="data-table">
            <tbody>
              {rows.map((cells, index) => (
                <tr key={index}>
                  {cells.map((cell, cellIndex) =>
                    cellIndex === 0 ? (
                      <th key={cellIndex} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={cellIndex}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** Row labels in the reader's language: the form's own where it has them, else the page's. Values in words too. */
const LABELS: Record<string, MessageKey> = {
  firstName: "register.firstName",
  lastName: "register.lastName",
  email: "register.email",
  organisation: "register.organisation",
  jobFunction: "register.jobFunction",
  phone: "register.phone",
  dietaryNeeds: "register.dietaryNeeds",
  accessibilityNeeds: "register.accessibilityNeeds",
  ticketType: "admin.attendees.ticketType",
  status: "admin.attendees.status",
  ticketReference: "confirmation.ticketReference",
  contactEmail: "register.contactEmail",
  invoiceAddress: "register.invoiceAddress",
  purchaseOrder: "register.purchaseOrder",
  leitwegId: "register.leitwegId",
  cancelledAt: "data.field.cancelledAt",
  registeredAt: "data.field.registeredAt",
  certificateCode: "data.field.certificateCode",
  reference: "data.field.reference",
  language: "data.field.language",
  totalCents: "data.field.total",
  paymentStatus: "data.field.paymentStatus",
  paymentMethod: "data.field.paymentMethod",
  paidCents: "data.field.paid",
  refundedCents: "data.field.refunded",
  invoices: "data.field.invoices",
  payments: "data.field.payments",
  createdAt: "data.field.createdAt",
};

type Money = {
  number?: string;
  kind: string;
  issuedAt?: string | Date;
  receivedAt?: string | Date;
  grossCents?: number;
  amountCents?: number;
  method?: string;
};

export default function PersonalDataPage() {
  const { data, attendeeId, token } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const when = (value: string | Date | null | undefined) => (value ? formatDateTime(new Date(value), language) : "–");
  const show = (value: unknown) => (value === null || value === undefined || value === "" ? "–" : String(value));
  const money = (cents: number) => formatMoney(cents, language);
  /** A stored value as a person reads it: dates, amounts, states and lists in words, never as the database holds them. */
  const value = (key: string, raw: unknown): string => {
    if (raw === null || raw === undefined || raw === "") return "–";
    if (key.endsWith("At")) return when(raw as string);
    if (key.endsWith("Cents")) return money(Number(raw));
    if (key === "status") return t(`admin.attendeeStatus.${String(raw)}` as MessageKey);
    if (key === "paymentStatus") return t(`payment.status.${String(raw)}` as MessageKey);
    if (key === "paymentMethod") return t(`payment.method.${String(raw)}` as MessageKey);
    if (key === "language") return t(`data.language.${raw === "en" ? "en" : "de"}`);
    if (key === "invoices")
      return (
        (raw as Money[])
          .map(
            (entry) =>
              `${t(entry.kind === "credit_note" ? "invoice.creditNoteTitle" : "invoice.title")} ${entry.number}, ${when(entry.issuedAt)}, ${money(entry.grossCents ?? 0)}`,
          )
          .join("; ") || "–"
      );
    if (key === "payments")
      return (
        (raw as Money[])
          .map(
            (entry) =>
              `${t(entry.kind === "refund" ? "data.payment.refund" : "data.payment.payment")} ${money(entry.amountCents ?? 0)}, ${when(entry.receivedAt)}, ${t(`payment.method.${entry.method}` as MessageKey)}`,
          )
          .join("; ") || "–"
      );
    return show(raw);
  };
  const rowsOf = (record: Record<string, unknown>) => Object.entries(record).map(([key, raw]) => [LABELS[key] ? t(LABELS[key]) : key, value(key, raw)]);
  return (
    <article>
      <h1>{t("data.title")}</h1>
      <p>{t("data.intro", { name: `${data.person.firstName} ${data.person.lastName}`, controller: data.controller.name, email: data.controller.email })}</p>
      <p>
        <a className="button" href={`/registrations/${token}/data.json?attendee=${attendeeId}`} download>
          {t("data.json")}
        </a>
      </p>
      <p className="hint">{t("data.retention", { months: data.event.retentionMonths })}</p>
      <Section title={t("data.person")} rows={rowsOf(data.person)} />
      <Section title={t("data.registration")} rows={rowsOf(data.registration)} />
      <Section title={t("data.bookings")} rows={data.bookings.map((booking) => [booking.item, when(booking.startsAt), when(booking.bookedAt)])} />
      <Section
        title={t("data.waitingList")}
        rows={data.waitingList.map((entry) => [entry.item, t(`data.waiting.${entry.status}` as MessageKey), when(entry.since)])}
      />
      <Section
        title={t("data.consents")}
        rows={data.consents.map((consent) => [
          t(consent.kind === "special_needs" ? "data.consent.special_needs" : "data.consent.privacy"),
          t("data.consentVersion", { max: consent.textVersion }),
          when(consent.givenAt),
          when(consent.revokedAt),
        ])}
      />
      <Section title={t("data.answers")} rows={data.answers.map((answer) => [answer.question, answer.answer])} />
      <Section title={t("data.checkIns")} rows={data.checkIns.map((scan) => [scan.list, when(scan.at), scan.undone ? t("data.undone") : ""])} />
      <Section
        title={t("data.mails")}
        rows={data.mails.map((mail) => [show(mail.subject), mail.to, t(`admin.status.${mail.status}` as MessageKey), when(mail.sentAt ?? mail.queuedAt)])}
      />
      <p>
        <a href={`/registrations/${token}`}>{t("offer.manage")}</a>
      </p>
    </article>
  );
}
