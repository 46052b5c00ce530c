import type { LoaderFunctionArgs } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { Link, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { getEnv } from "~/env.server";
import { formatDateTime } from "~/modules/i18n/format";
import { listOutbox } from "~/modules/mail/mailbox.server";
import { requireStaff } from "~/modules/staff/session.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.mail");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  return { captured: !getEnv().SMTP_URL, mails: await listOutbox(database) };
}

export default function Mailbox() {
  const { captured, mails } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  return (
    <>
      <h1>{t("admin.mail")}</h1>
      <p>{t("admin.mailIntro")}</p>
      {captured ? <p className="notice">{t("admin.mailCaptured")}</p> : null}
      {mails.length === 0 ? (
        <p>{t("admin.mailNone")}</p>
      ) : (
        <TableScroll label={t("admin.mail")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("admin.mailCreated")}</th>
                <th scope="col">{t("admin.mailRecipient")}</th>
                <th scope="col">{t("admin.mailSubject")}</th>
                <th scope="col">{t("admin.mailStatus")}</th>
                <th scope="col">{t("admin.mailAttempts")}</th>
              </tr>
            </thead>
            <tbody>
              {mails.map((mail) => (
                <tr key={mail.id}>
                  <td>{formatDateTime(mail.createdAt, language)}</td>
                  <td>
                    <Link to={`/admin/mail/${mail.id}`}>{mail.recipient}</Link>
                  </td>
                  <td>{mail.subject ?? mail.kind}</td>
                  <td className={`status status--mail-${mail.status}`}>{t(`admin.status.${mail.status}`)}</td>
                  <td>{mail.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
