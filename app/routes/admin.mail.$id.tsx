import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { formatDateTime } from "~/modules/i18n/format";
import { shownStatus, openOutboxMessage, resendOutboxMessage } from "~/modules/mail/mailbox.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.mail");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const message = await openOutboxMessage(database, params.id ?? "");
  if (!message) throw notFound();
  const { row } = message;
  return {
    mail: {
      id: row.id,
      recipient: row.recipient,
      subject: row.subject ?? row.kind,
      status: shownStatus(row.status, row.capturedMessage !== null),
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
    },
    html: message.html !== null,
    text: message.text,
    attachments: message.attachments,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  await resendOutboxMessage(database, params.id ?? "");
  await audit(database, staffActor(user, typeof context.clientAddress === "string" ? context.clientAddress : null), "mail.resend", {
    subject: `mail:${(params.id ?? "").slice(0, 64)}`,
  });
  return redirect(`/admin/mail/${params.id}?resent=1`, 303);
}

export default function MailDetail() {
  const { mail, html, text, attachments } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  return (
    <>
      <p>
        <Link to="/admin/mail">{t("admin.back")}</Link>
      </p>
      <h1>{mail.subject}</h1>
      <dl className="event-facts">
        <div>
          <dt>{t("admin.mailRecipient")}</dt>
          <dd>{mail.recipient}</dd>
        </div>
        <div>
          <dt>{t("admin.mailStatus")}</dt>
          <dd>
            {t(`admin.status.${mail.status}`)}
            {mail.sentAt ? `, ${formatDateTime(mail.sentAt, language)}` : ""} ({t("admin.mailAttempts")}: {mail.attempts})
          </dd>
        </div>
        {mail.lastError ? (
          <div>
            <dt>{t("admin.mailLastError")}</dt>
            <dd>{mail.lastError}</dd>
          </div>
        ) : null}
      </dl>
      <Form method="post">
        <button type="submit" className="button">
          {t("admin.mailResend")}
        </button>
      </Form>
      {html ? (
        // The mail as a recipient sees it, styled, in a sandbox: no scripts, no forms, no navigation of this page. A
        // document of its own (admin.mail.$id.preview.ts), which brings the policy that lets the mail's styles apply.
        <iframe title={t("admin.mailPreview")} className="mail-preview" sandbox="" src={`/admin/mail/${mail.id}/preview`} />
      ) : (
        <p>{t("admin.mailNotCaptured")}</p>
      )}
      {attachments.length > 0 ? (
        <>
          <h2>{t("admin.mailAttachments")}</h2>
          <ul>
            {attachments.map((attachment, index) => (
              <li key={`${attachment.filename}-${index}`}>
                {attachment.filename} ({attachment.contentType}, {Math.ceil(attachment.size / 1024)} KB)
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {text ? (
        <details>
          <summary>{t("admin.mailText")}</summary>
          <pre className="mail-text">{text}</pre>
        </details>
      ) : null}
    </>
  );
}
