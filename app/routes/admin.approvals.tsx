import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrors } from "~/components/forms";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import type { FieldErrors } from "~/modules/forms/errors";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDateTime } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { teamPageMeta } from "~/modules/i18n/meta";
import { approveAttendees, listPendingApprovals, MAX_DECISIONS, rejectAttendees } from "~/modules/registration/approvals.server";
import { requireStaff } from "~/modules/staff/session.server";
import { clientAddress, readFormData } from "~/utils/http.server";
import { audit, staffActor } from "~/modules/audit/log.server";

/** Pending registrations of the current event, approved or rejected one by one or ticked in bulk. */
export const meta = teamPageMeta("admin.approvals.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const event = await currentEvent(database, new URL(request.url).searchParams.get("event"));
  if (!event) return { event: null, pending: [] };
  return { event, pending: await listPendingApprovals(database, event.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const form = await readFormData(request);
  // A row's own button sends "approve:<id>" or "reject:<id>"; the buttons below the table decide the ticked rows.
  const [singleDecision, singleId] = String(form.get("single") ?? "").split(":");
  const decision = singleId ? singleDecision : form.get("decision");
  const ids = (singleId ? [singleId] : form.getAll("attendeeIds").map(String)).filter((id) => /^[a-z0-9]{1,64}$/i.test(id)).slice(0, MAX_DECISIONS);
  if (ids.length === 0 || (decision !== "approve" && decision !== "reject")) {
    return data({ errors: { form: ["errors.selectSomeone"] } as FieldErrors }, { status: 400 });
  }
  const outcome = decision === "approve" ? await approveAttendees(database, ids) : await rejectAttendees(database, ids);
  await audit(database, staffActor(user, clientAddress(context)), decision === "approve" ? "attendee.approve" : "attendee.reject", {
    subject: ids.length === 1 ? `attendee:${ids[0]}` : null,
    detail: `${outcome.decided} decided, ${outcome.skipped} skipped`,
  });
  const event = String(form.get("event") ?? "");
  return redirect(`/admin/approvals?event=${encodeURIComponent(event)}&${decision}d=${outcome.decided}&skipped=${outcome.skipped}`, 303);
}

export default function Approvals() {
  const { event, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const language = useLanguage();
  const t = useT();
  const approved = Number(params.get("approved") ?? 0);
  const rejected = Number(params.get("rejected") ?? 0);
  const skipped = Number(params.get("skipped") ?? 0);
  return (
    <>
      <h1>{t("admin.approvals.title")}</h1>
      {event ? <p>{localized(language, event.titleDe, event.titleEn)}</p> : null}
      <p>{t("admin.approvals.intro")}</p>
      {approved || rejected || skipped ? (
        <div className="notice notice--confirmed" role="status">
          {approved ? <p>{t("admin.approvals.approved", { count: approved })}</p> : null}
          {rejected ? <p>{t("admin.approvals.rejected", { count: rejected })}</p> : null}
          {skipped ? <p>{t("admin.approvals.skipped", { count: skipped })}</p> : null}
        </div>
      ) : null}
      <FormErrors errors={result?.errors.form} />
      {pending.length === 0 ? (
        <p>{t("admin.approvals.none")}</p>
      ) : (
        <Form method="post" id="bulk">
          <input type="hidden" name="event" value={event?.id ?? ""} />
          <TableScroll label={t("admin.approvals.title")}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{t("admin.approvals.selectAll")}</span>
                  </th>
                  <th scope="col">{t("admin.attendees.name")}</th>
                  <th scope="col">{t("admin.attendees.organisation")}</th>
                  <th scope="col">{t("admin.attendees.ticketType")}</th>
                  <th scope="col">{t("admin.approvals.registered")}</th>
                  <th scope="col">{t("admin.attendees.status")}</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((attendee) => {
                  const name = `${attendee.firstName} ${attendee.lastName}`;
                  return (
                    <tr key={attendee.id}>
                      <td>
                        <input type="checkbox" name="attendeeIds" value={attendee.id} aria-label={t("admin.approvals.select", { name })} />
                      </td>
                      <td>
                        <a href={`/admin/attendees/${attendee.id}`}>{name}</a>
                        <br />
                        <span className="hint">{attendee.email}</span>
                      </td>
                      <td>
                        {attendee.organisation}
                        {attendee.jobFunction ? ` · ${attendee.jobFunction}` : ""}
                      </td>
                      <td>{localized(language, attendee.ticketType.nameDe, attendee.ticketType.nameEn)}</td>
                      <td>
                        {formatDateTime(new Date(attendee.createdAt), language)} · {attendee.registration.reference}
                      </td>
                      <td className="actions">
                        <button type="submit" name="single" value={`approve:${attendee.id}`} className="button">
                          {t("admin.approvals.approve")}
                          <span className="visually-hidden">: {name}</span>
                        </button>
                        <button type="submit" name="single" value={`reject:${attendee.id}`} className="button">
                          {t("admin.approvals.reject")}
                          <span className="visually-hidden">: {name}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          <p className="actions">
            <button type="submit" name="decision" value="approve" className="button button--primary">
              {t("admin.approvals.approveSelected")}
            </button>
            <button type="submit" name="decision" value="reject" className="button button--danger">
              {t("admin.approvals.rejectSelected")}
            </button>
          </p>
        </Form>
      )}
    </>
  );
}
