import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { getDatabase } from "~/db.server";
import { currentEvent } from "~/modules/attendees/list.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { listCheckInLists } from "~/modules/checkin/lists.server";
import { scanLog } from "~/modules/checkin/scan-log.server";
import { SCAN_LOG_PAGE_SIZE, SCAN_RESULTS } from "~/modules/checkin/scan-log";
import { formatDateTime } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { localized } from "~/modules/i18n/language";
import type { MessageKey } from "~/modules/i18n/messages";
import { teamPageMeta } from "~/modules/i18n/meta";
import { requireStaff } from "~/modules/staff/session.server";
import { badRequest, clientAddress, notFound, readFormData } from "~/utils/http.server";
import { createTicketKey, publicTicketKeys, retireTicketKey } from "~/modules/tickets/signing.server";
import { ConfirmCheckbox } from "~/components/forms";

/** The scan log of the current event: filter by list, device and result, conflicts first to see; paper lists. */
export const meta = teamPageMeta("scanlog.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const params = new URL(request.url).searchParams;
  const event = await currentEvent(database, params.get("event"));
  const filter = {
    listId: params.get("list")?.slice(0, 64) || undefined,
    device: params.get("device")?.slice(0, 60) || undefined,
    result: params.get("result")?.slice(0, 30) || undefined,
    conflicts: params.get("conflicts") === "on",
    page: Number(params.get("page") ?? 1) || 1,
  };
  if (!event) return { event: null, lists: [], log: null, filter, keys: [] };
  await audit(database, staffActor(user, clientAddress(context)), "attendee.list_view", { detail: "scan log" });
  const [lists, log, keys] = await Promise.all([
    listCheckInLists(database, event.id),
    scanLog(database, event.id, filter),
    publicTicketKeys(database.read, event.id),
  ]);
  return { event, lists, log, filter, keys };
}

/** Rotating the event's ticket key (new tickets carry the new one), or retiring one that leaked. */
export async function action({ request, context }: ActionFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const form = await readFormData(request);
  const event = await currentEvent(database, String(form.get("event") ?? ""));
  if (!event) throw notFound();
  const actor = staffActor(user, clientAddress(context));
  if (form.get("intent") === "rotate") {
    const key = await createTicketKey(database.write, event.id);
    await audit(database, actor, "ticket_key.rotate", { subject: `event:${event.id}`, detail: key.id });
  } else if (form.get("intent") === "retire") {
    const keyId = String(form.get("keyId") ?? "").slice(0, 16);
    if (form.get("confirm") !== "yes" || !(await retireTicketKey(database.write, event.id, keyId))) throw badRequest("Bitte das Zurückziehen bestätigen.");
    await audit(database, actor, "ticket_key.retire", { subject: `event:${event.id}`, detail: keyId });
  }
  return redirect(`/admin/scans?event=${event.id}`, 303);
}

export default function ScanLogPage() {
  const { event, lists, log, filter, keys } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  if (!event || !log) return <h1>{t("scanlog.title")}</h1>;
  const listName = (list: { nameDe: string; nameEn: string | null }) => localized(language, list.nameDe, list.nameEn);
  const pages = Math.max(1, Math.ceil(log.total / SCAN_LOG_PAGE_SIZE));
  return (
    <>
      <h1>{t("scanlog.title")}</h1>
      <p>{localized(language, event.titleDe, event.titleEn)}</p>
      <p>{t("scanlog.intro")}</p>
      {log.conflicts > 0 ? (
        <p className="notice">
          {t("scanlog.conflicts", { count: log.conflicts })} <Link to={`/admin/scans?event=${event.id}&conflicts=on`}>{t("scanlog.onlyConflicts")}</Link>
        </p>
      ) : null}
      <Form method="get" className="filters">
        <input type="hidden" name="event" value={event.id} />
        <div className="field">
          <label htmlFor="scan-list">{t("scanlog.list")}</label>
          <select id="scan-list" name="list" defaultValue={filter.listId ?? ""}>
            <option value="">{t("scanlog.all")}</option>
            {lists.map((list) => (
              <option key={list.id} value={list.id}>
                {listName(list)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scan-device">{t("scanlog.device")}</label>
          <select id="scan-device" name="device" defaultValue={filter.device ?? ""}>
            <option value="">{t("scanlog.all")}</option>
            {log.devices.map((device) => (
              <option key={device} value={device}>
                {device}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scan-result">{t("scanlog.result")}</label>
          <select id="scan-result" name="result" defaultValue={filter.result ?? ""}>
            <option value="">{t("scanlog.all")}</option>
            {SCAN_RESULTS.map((result) => (
              <option key={result} value={result}>
                {t(`checkin.result.${result}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field--checkbox">
          <input type="checkbox" id="scan-conflicts" name="conflicts" defaultChecked={filter.conflicts} />
          <label htmlFor="scan-conflicts">{t("scanlog.onlyConflicts")}</label>
        </div>
        <button type="submit" className="button button--primary">
          {t("scanlog.apply")}
        </button>
      </Form>
      <p>{t("scanlog.page", { page: log.page, pages, total: log.total })}</p>
      {log.rows.length === 0 ? (
        <p>{t("scanlog.none")}</p>
      ) : (
        <TableScroll label={t("scanlog.title")}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("scanlog.scannedAt")}</th>
                <th scope="col">{t("scanlog.receivedAt")}</th>
                <th scope="col">{t("scanlog.list")}</th>
                <th scope="col">{t("scanlog.person")}</th>
                <th scope="col">{t("scanlog.result")}</th>
                <th scope="col">{t("scanlog.reason")}</th>
                <th scope="col">{t("scanlog.device")}</th>
                <th scope="col">{t("scanlog.by")}</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((row) => (
                <tr key={row.id} className={row.conflict ? "row--conflict" : undefined}>
                  <td>{formatDateTime(new Date(row.deviceAt ?? row.createdAt), language)}</td>
                  <td>
                    {formatDateTime(new Date(row.createdAt), language)}
                    {row.offline ? ` (${t("scanlog.offline")})` : ""}
                  </td>
                  <td>{listName(row.checkInList)}</td>
                  <td>{row.attendee ? <Link to={`/admin/attendees/${row.attendee.id}`}>{`${row.attendee.firstName} ${row.attendee.lastName}`}</Link> : "–"}</td>
                  <td>
                    {t(`checkin.result.${row.result}`)}
                    {row.conflict ? <strong> · {t("scanlog.conflict")}</strong> : ""}
                    {row.revertedAt ? ` · ${t("checkin.result.reverted")}` : ""}
                  </td>
                  <td>{row.reason ? t(`checkin.reason.${row.reason}` as MessageKey) : ""}</td>
                  <td>{row.deviceLabel ?? "–"}</td>
                  <td>{row.staffUser?.name ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>{t("scanlog.keys")}</h2>
      <p>{t("scanlog.keysIntro")}</p>
      <ul>
        {keys.map((key) => (
          <li key={key.id}>
            {key.id} · {formatDateTime(new Date(key.createdAt), language)} · {key.retired ? t("scanlog.keyRetired") : t("scanlog.keyValid")}
            {key.retired ? null : (
              <Form method="post" className="inline-form">
                <input type="hidden" name="event" value={event.id} />
                <input type="hidden" name="keyId" value={key.id} />
                <ConfirmCheckbox idPrefix={`key-${key.id}`} name="confirm" label={t("scanlog.retireConfirm", { key: key.id })} errors={undefined} />
                <button type="submit" name="intent" value="retire" className="button button--danger">
                  {t("scanlog.retire")}
                  <span className="visually-hidden">: {key.id}</span>
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="event" value={event.id} />
        <button type="submit" name="intent" value="rotate" className="button">
          {t("scanlog.rotate")}
        </button>
      </Form>

      <h2>{t("scanlog.paperLists")}</h2>
      <ul>
        {lists.map((list) => (
          <li key={list.id}>
            <a href={`/admin/scans/${list.id}/paper`} download>
              {t("scanlog.paperTitle")}: {listName(list)} (PDF, {list.admitted})
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
