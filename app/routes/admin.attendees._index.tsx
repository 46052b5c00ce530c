import type { LoaderFunctionArgs } from "@remix-run/node";
import { TableScroll } from "~/components/table-scroll";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { attendeeFilterOptions, currentEvent, listAttendees, listEventsForSwitcher } from "~/modules/attendees/list.server";
import { ATTENDEE_STATUSES, PAYMENT_STATUSES, attendeeQueryString, readAttendeeQuery, type AttendeeQuery } from "~/modules/attendees/query";
import { ExportPanel } from "~/components/export-panel";
import { formatDateTime } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { type MessageKey } from "~/modules/i18n/messages";
import { requireStaff } from "~/modules/staff/session.server";
import { audit, staffActor } from "~/modules/audit/log.server";
import { clientAddress } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.attendees");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  const query = readAttendeeQuery(new URL(request.url).searchParams);
  const event = await currentEvent(database, query.event);
  if (!event) return { event: null, events: [], query, list: null, options: null };
  // The list shows names and addresses: each view is recorded, with its filters but not a search text.
  const filters = Object.entries(query)
    .filter(([key, value]) => key !== "q" && value !== undefined)
    .map(([key, value]) => `${key}=${String(value).slice(0, 40)}`)
    .join(" ");
  await audit(database, staffActor(user, clientAddress(context)), "attendee.list_view", { subject: `event:${event.id}`, detail: filters });
  const [list, options, events] = await Promise.all([
    listAttendees(database, event.id, query),
    attendeeFilterOptions(database, event.id),
    listEventsForSwitcher(database),
  ]);
  return { event, events, query: { ...query, event: event.id }, list, options };
}

const SORT_LABELS: Record<AttendeeQuery["sort"], MessageKey> = {
  name: "admin.attendees.name",
  organisation: "admin.attendees.organisation",
  ticketType: "admin.attendees.ticketType",
  status: "admin.attendees.status",
  registered: "admin.attendees.registered",
};

export default function AttendeeList() {
  const { event, events, query, list, options } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  if (!event || !list || !options) {
    return (
      <>
        <h1>{t("admin.nav.attendees")}</h1>
        <p>{t("admin.noEvents")}</p>
      </>
    );
  }
  const local = (de: string, en: string | null) => localized(language, de, en);

  /** A column header that sorts by it; again reverses. Announced to screen readers via aria-sort. */
  const SortHeader = ({ sort }: { sort: AttendeeQuery["sort"] }) => {
    const active = query.sort === sort;
    const nextDir = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <th scope="col" aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link to={attendeeQueryString(query, { sort, dir: nextDir, page: 1 })}>
          {t(SORT_LABELS[sort])}
          {active ? <span aria-hidden="true">{query.dir === "asc" ? " ▲" : " ▼"}</span> : null}
        </Link>
      </th>
    );
  };

  return (
    <>
      <h1>
        {t("admin.nav.attendees")}: {local(event.titleDe, event.titleEn)}
      </h1>
      <Form method="get" className="filters" role="search" aria-label={t("admin.attendees.filters")}>
        {events.length > 1 ? (
          <div className="field">
            <label htmlFor="filter-event">{t("admin.event")}</label>
            <select id="filter-event" name="event" defaultValue={event.id}>
              {events.map((option) => (
                <option key={option.id} value={option.id}>
                  {local(option.titleDe, option.titleEn)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <input type="hidden" name="event" value={event.id} />
        )}
        <div className="field">
          <label htmlFor="filter-q">{t("admin.attendees.search")}</label>
          <input id="filter-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("admin.attendees.status")}</label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("admin.attendees.all")}</option>
            {ATTENDEE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`admin.attendeeStatus.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-payment">{t("payment.title")}</label>
          <select id="filter-payment" name="payment" defaultValue={query.payment ?? ""}>
            <option value="">{t("admin.attendees.all")}</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`payment.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-ticket">{t("admin.attendees.ticketType")}</label>
          <select id="filter-ticket" name="ticketType" defaultValue={query.ticketType ?? ""}>
            <option value="">{t("admin.attendees.all")}</option>
            {options.ticketTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {local(type.nameDe, type.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-item">{t("admin.attendees.item")}</label>
          <select id="filter-item" name="item" defaultValue={query.item ?? ""}>
            <option value="">{t("admin.attendees.all")}</option>
            {options.items.map((item) => (
              <option key={item.id} value={item.id}>
                {local(item.titleDe, item.titleEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-checked-in">{t("admin.attendees.checkedIn")}</label>
          <select id="filter-checked-in" name="checkedIn" defaultValue={query.checkedIn ?? ""}>
            <option value="">{t("admin.attendees.all")}</option>
            <option value="yes">{t("admin.yes")}</option>
            <option value="no">{t("admin.no")}</option>
          </select>
        </div>
        {options.questions.length > 0 ? (
          <div className="field">
            <label htmlFor="filter-answer">{t("admin.filter.answer")}</label>
            <select id="filter-answer" name="answer" defaultValue={query.answer ?? ""}>
              <option value="">{t("admin.filter.anyAnswer")}</option>
              {options.questions.map((question) => {
                const choices =
                  question.kind === "yes_no"
                    ? [
                        { id: "yes", label: t("admin.yes") },
                        { id: "no", label: t("admin.no") },
                      ]
                    : question.options.map((option) => ({ id: option.id, label: local(option.labelDe, option.labelEn) }));
                return (
                  <optgroup key={question.id} label={local(question.labelDe, question.labelEn)}>
                    <option value={`${question.id}:*`}>
                      {local(question.labelDe, question.labelEn)}: {t("admin.filter.answered")}
                    </option>
                    {choices.map((choice) => (
                      <option key={choice.id} value={`${question.id}:${choice.id}`}>
                        {choice.label}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </div>
        ) : null}
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit" className="button button--primary">
          {t("admin.attendees.apply")}
        </button>
        <Link to={`/admin/attendees?event=${event.id}`}>{t("admin.attendees.reset")}</Link>
      </Form>

      <p>
        <Link className="button" to={`/admin/messages/new${attendeeQueryString(query, { page: 1 })}`}>
          {t("admin.messages.write")}
        </Link>
      </p>
      <ExportPanel
        query={query}
        eventId={event.id}
        items={options.items.map((item) => ({ id: item.id, title: local(item.titleDe, item.titleEn) }))}
        questions={options.questions.map((question) => ({
          id: question.id,
          label: local(question.labelDe, question.labelEn),
          asked: question.removedAt === null,
        }))}
      />
      <p role="status">{list.total === 1 ? t("admin.attendees.countOne") : t("admin.attendees.count", { total: list.total })}</p>
      <TableScroll label={t("admin.nav.attendees")}>
        <table className="data-table data-table--compact">
          <caption className="visually-hidden">{t("admin.nav.attendees")}</caption>
          <thead>
            <tr>
              <SortHeader sort="name" />
              <SortHeader sort="organisation" />
              <SortHeader sort="ticketType" />
              <th scope="col">{t("admin.attendees.programme")}</th>
              <SortHeader sort="status" />
              <SortHeader sort="registered" />
            </tr>
          </thead>
          <tbody>
            {list.rows.length === 0 ? (
              <tr>
                <td colSpan={6}>{t("admin.attendees.none")}</td>
              </tr>
            ) : null}
            {list.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/admin/attendees/${row.id}`}>{row.name}</Link>
                  <br />
                  <span className="hint">{row.email}</span>
                </td>
                <td>{row.organisation}</td>
                <td>{local(row.ticketType.nameDe, row.ticketType.nameEn)}</td>
                <td>
                  {row.bookings.map((item) => local(item.titleDe, item.titleEn)).join(" · ")}
                  {row.waiting.length > 0 ? (
                    <span className="hint">
                      {" "}
                      ({t("admin.attendees.waitingFor")}: {row.waiting.map((item) => local(item.titleDe, item.titleEn)).join(", ")})
                    </span>
                  ) : null}
                </td>
                <td>
                  {t(`admin.attendeeStatus.${row.status}`)}
                  {row.checkedIn ? ` · ${t("admin.attendees.isCheckedIn")}` : ""}
                </td>
                <td>{formatDateTime(new Date(row.registeredAt), language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {list.pages > 1 ? (
        <nav className="pager" aria-label={t("admin.attendees.pages")}>
          {query.page > 1 ? <Link to={attendeeQueryString(query, { page: query.page - 1 })}>{t("admin.attendees.previous")}</Link> : null}
          <span>{t("admin.attendees.page", { page: query.page, pages: list.pages })}</span>
          {query.page < list.pages ? <Link to={attendeeQueryString(query, { page: query.page + 1 })}>{t("admin.attendees.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
