import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { certificateSummary, sendCertificates } from "~/modules/certificates/certificate.server";
import { formatDate } from "~/modules/i18n/format";
import { clientAddress, readFormData } from "~/utils/http.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDateTime } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { teamPageMeta } from "~/modules/i18n/meta";
import { listGroupMessages } from "~/modules/mail/group-messages.server";
import { requireStaff } from "~/modules/staff/session.server";

/** The messages written to groups of attendees of the current event, newest first, and the certificates of attendance. */
export const meta = teamPageMeta("admin.messages.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const event = await currentEvent(database, new URL(request.url).searchParams.get("event"));
  if (!event) return { event, messages: [], certificates: null, endsAt: null };
  const [messages, certificates, details] = await Promise.all([
    listGroupMessages(database, event.id),
    certificateSummary(database, event.id),
    database.read.event.findUniqueOrThrow({ where: { id: event.id }, select: { endsAt: true } }),
  ]);
  return { event, messages, certificates, endsAt: details.endsAt };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const form = await readFormData(request);
  const event = await currentEvent(database, String(form.get("event") ?? ""));
  if (!event) return redirect("/admin/messages", 303);
  const queued = await sendCertificates(database, event.id);
  await audit(database, staffActor(user, clientAddress(context)), "mail.certificates", {
    subject: `event:${event.id}`,
    detail: `${queued} certificates queued`,
  });
  return redirect(`/admin/messages?event=${event.id}&certificates=${queued}`, 303);
}

export default function Messages() {
  const { event, messages, certificates, endsAt } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  return (
    <>
      <h1>{t("admin.messages.title")}</h1>
      {event ? <p>{localized(language, event.titleDe, event.titleEn)}</p> : null}
      <p>{t("admin.messages.intro")}</p>
      {event ? (
        <p>
          <Link className="button" to={`/admin/attendees?event=${event.id}`}>
            {t("admin.nav.attendees")}
          </Link>
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p>{t("admin.messages.none")}</p>
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message.id}>
              <Link to={`/admin/messages/${message.id}`}>{message.subject}</Link> · {formatDateTime(new Date(message.createdAt), language)} ·{" "}
              {t("admin.messages.reaches", { count: message.recipientCount })}
            </li>
          ))}
        </ul>
      )}
      {event && certificates && endsAt ? (
        <section aria-labelledby="certificates">
          <h2 id="certificates">{t("admin.certificates.title")}</h2>
          <p>{t("admin.certificates.intro")}</p>
          {params.get("certificates") !== null ? (
            <p className="notice notice--confirmed" role="status">
              {t("admin.certificates.queued", { count: Number(params.get("certificates")) || 0 })}
            </p>
          ) : null}
          {new Date(endsAt) > new Date() ? (
            <p>{t("admin.certificates.notYet", { date: formatDate(new Date(endsAt), language) })}</p>
          ) : (
            <>
              <p>{t("admin.certificates.eligible", { count: certificates.eligible, sent: certificates.sent })}</p>
              <Form method="post">
                <input type="hidden" name="event" value={event.id} />
                <button type="submit" className="button button--primary" disabled={certificates.eligible === 0}>
                  {t("admin.certificates.send", { count: Math.max(0, certificates.eligible - certificates.sent) })}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
