import type { LoaderFunctionArgs } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { fieldId } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { AUDIT_ACTIONS, AUDIT_PAGE_SIZE, AUDIT_RETENTION_MONTHS } from "~/modules/audit/actions";
import { listAudit } from "~/modules/audit/log.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import type { MessageKey } from "~/modules/i18n/messages";
import { formatDateTime } from "~/modules/i18n/format";
import { teamPageMeta } from "~/modules/i18n/meta";
import { requireStaff } from "~/modules/staff/session.server";

/** The audit log for organisers, newest first, filtered by action, person and subject (all in the URL). */
export const meta = teamPageMeta("audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const params = new URL(request.url).searchParams;
  const action = params.get("action") ?? "";
  const filter = {
    action: (AUDIT_ACTIONS as readonly string[]).includes(action) ? action : undefined,
    actor: params.get("actor")?.trim().slice(0, 100) || undefined,
    subject: params.get("subject")?.trim().slice(0, 100) || undefined,
    page: Number(params.get("page")) || 1,
  };
  return { filter, ...(await listAudit(database, filter)) };
}

export default function AuditLog() {
  const { filter, entries, total, page } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const query = (next: number) => {
    const params = new URLSearchParams();
    if (filter.action) params.set("action", filter.action);
    if (filter.actor) params.set("actor", filter.actor);
    if (filter.subject) params.set("subject", filter.subject);
    params.set("page", String(next));
    return `?${params.toString()}`;
  };
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro", { months: AUDIT_RETENTION_MONTHS })}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor={fieldId("action")}>{t("audit.action")}</label>
          <select id={fieldId("action")} name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("audit.allActions")}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {t(`audit.actionLabel.${action}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={fieldId("actor")}>{t("audit.actor")}</label>
          <input id={fieldId("actor")} name="actor" defaultValue={filter.actor ?? ""} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor={fieldId("subject")}>{t("audit.subject")}</label>
          <input id={fieldId("subject")} name="subject" defaultValue={filter.subject ?? ""} maxLength={100} />
        </div>
        <button type="submit" className="button">
          {t("audit.filter")}
        </button>
      </Form>
      <p role="status">{t("audit.count", { count: total })}</p>
      {entries.length === 0 ? (
        <p>{t("audit.none")}</p>
      ) : (
        <TableScroll label={t("audit.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.subject")}</th>
                <th scope="col">{t("audit.detail")}</th>
                <th scope="col">{t("audit.address")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(new Date(entry.at), language)}</td>
                  <td>{entry.actorName}</td>
                  <td>{(AUDIT_ACTIONS as readonly string[]).includes(entry.action) ? t(`audit.actionLabel.${entry.action}` as MessageKey) : entry.action}</td>
                  <td>
                    {entry.subject?.startsWith("attendee:") ? (
                      <Link to={`/admin/attendees/${entry.subject.slice(9)}`}>{entry.subject}</Link>
                    ) : (
                      (entry.subject ?? "")
                    )}
                  </td>
                  <td>{entry.detail ?? ""}</td>
                  <td>{entry.address ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {pages > 1 ? (
        <p className="actions">
          {page > 1 ? <Link to={query(page - 1)}>{t("admin.attendees.previous")}</Link> : null} {page} / {pages}{" "}
          {page < pages ? <Link to={query(page + 1)}>{t("admin.attendees.next")}</Link> : null}
        </p>
      ) : null}
    </>
  );
}
