import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDatabase } from "~/db.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDateTime } from "~/modules/i18n/format";
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

/** Row labels in the reader's language where the form has them; other keys as stored. */
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
};

export default function PersonalDataPage() {
  const { data, attendeeId, token } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const when = (value: string | Date | null | undefined) => (value ? formatDateTime(new Date(value), language) : "–");
  const show = (value: unknown) => (value === null || value === undefined || value === "" ? "–" : String(value));
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
      <Section
        title={t("data.person")}
        rows={Object.entries(data.person).map(([key, value]) => [
          LABELS[key] ? t(LABELS[key]) : key,
          value instanceof Date || key.endsWith("At") ? when(value as string | null) : show(value),
        ])}
      />
      <Section
        title={t("data.registration")}
        rows={Object.entries(data.registration).map(([key, value]) => [
          LABELS[key] ? t(LABELS[key]) : key,
          key.endsWith("At") ? when(value as string | null) : show(value),
        ])}
      />
      <Section title={t("data.bookings")} rows={data.bookings.map((booking) => [booking.item, when(booking.startsAt), when(booking.bookedAt)])} />
      <Section title={t("data.waitingList")} rows={data.waitingList.map((entry) => [entry.item, entry.status, when(entry.since)])} />
      <Section
        title={t("data.consents")}
        rows={data.consents.map((consent) => [consent.kind, consent.textVersion, when(consent.givenAt), when(consent.revokedAt)])}
      />
      <Section title={t("data.answers")} rows={data.answers.map((answer) => [answer.question, answer.answer])} />
      <Section title={t("data.checkIns")} rows={data.checkIns.map((scan) => [scan.list, when(scan.at), scan.undone ? "undone" : ""])} />
      <Section
        title={t("data.mails")}
        rows={data.mails.map((mail) => [mail.kind, mail.to, show(mail.subject), mail.status, when(mail.sentAt ?? mail.queuedAt)])}
      />
      <p>
        <a href={`/registrations/${token}`}>{t("offer.manage")}</a>
      </p>
    </article>
  );
}
