import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { RegistrationsChart } from "~/components/charts";
import { getDatabase } from "~/db.server";
import { currentEvent, listEventsForSwitcher } from "~/modules/attendees/list.server";
import { eventDashboard } from "~/modules/dashboard/stats.server";
import { localized } from "~/modules/i18n/language";
import { requireStaff } from "~/modules/staff/session.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("admin.nav.dashboard");

/** The dashboard refreshes itself this often (check-in progress on the congress day above all). */
const REFRESH_MS = 15_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser", "checkin"]);
  // Check-in staff have one job here: the scanner.
  if (user.role === "checkin") throw redirect("/checkin");
  const event = await currentEvent(database, new URL(request.url).searchParams.get("event"));
  const [events, stats] = await Promise.all([listEventsForSwitcher(database), event ? eventDashboard(database, event.id) : null]);
  return { event, events, stats };
}

export default function Dashboard() {
  const { event, events, stats } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => revalidator.state === "idle" && document.visibilityState === "visible" && revalidator.revalidate(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
  const local = (de: string, en: string | null) => localized(language, de, en);
  if (!event || !stats) {
    return (
      <>
        <h1>{t("admin.title")}</h1>
        <p>{t("admin.noEvents")}</p>
      </>
    );
  }
  const total = stats.attendees.confirmed + stats.attendees.waitlisted + stats.attendees.pendingApproval + stats.attendees.awaitingPayment;
  return (
    <>
      <h1>{local(event.titleDe, event.titleEn)}</h1>
      {events.length > 1 ? (
        <p>
          {t("admin.dashboard.otherEvents")}:{" "}
          {events
            .filter((other) => other.id !== event.id)
            .map((other, index) => (
              <span key={other.id}>
                {index > 0 ? " · " : ""}
                <Link to={`/admin?event=${other.id}`}>{local(other.titleDe, other.titleEn)}</Link>
              </span>
            ))}
        </p>
      ) : null}
      <div className="stats">
        <p className="stat">
          <span className="stat__value">{total}</span> {t("admin.dashboard.registered")}
        </p>
        <p className="stat">
          <span className="stat__value">{stats.attendees.confirmed}</span> {t("admin.attendeeStatus.confirmed")}
        </p>
        <p className="stat">
          <span className="stat__value">{stats.attendees.waitlisted}</span> {t("admin.attendeeStatus.waitlisted")}
        </p>
        {stats.attendees.awaitingPayment > 0 ? (
          <p className="stat">
            <span className="stat__value">{stats.attendees.awaitingPayment}</span> {t("admin.attendeeStatus.awaiting_payment")}
          </p>
        ) : null}
        <p className="stat">
          <span className="stat__value">{stats.attendees.cancelled}</span> {t("admin.attendeeStatus.cancelled")}
        </p>
      </div>

      <h2>{t("admin.dashboard.needs")}</h2>
      <div className="stats">
        {(["dietary", "accessibility"] as const).map((kind) => (
          <div className="stat" key={kind}>
            <p>
              <span className="stat__value">{stats.needs[kind].people}</span>{" "}
              {t(kind === "dietary" ? "admin.dashboard.dietary" : "admin.dashboard.accessibility")}
            </p>
            {stats.needs[kind].answers.length > 0 ? (
              <ul className="hint">
                {stats.needs[kind].answers.map((answer) => (
                  <li key={answer.text}>
                    {answer.text}: {answer.count}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ))}
      </div>

      <h2>{t("admin.dashboard.overTime")}</h2>
      {stats.registrationsPerDay.length === 0 ? (
        <p>{t("admin.dashboard.none")}</p>
      ) : (
        <>
          <RegistrationsChart days={stats.registrationsPerDay} title={t("admin.dashboard.overTime")} />
          <details>
            <summary>{t("admin.dashboard.asTable")}</summary>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("admin.dashboard.day")}</th>
                  <th scope="col">{t("admin.dashboard.new")}</th>
                  <th scope="col">{t("admin.dashboard.total")}</th>
                </tr>
              </thead>
              <tbody>
                {stats.registrationsPerDay.map((day) => (
                  <tr key={day.day}>
                    <td>
                      {new Intl.DateTimeFormat(language === "de" ? "de-DE" : "en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(
                        new Date(`${day.day}T00:00:00Z`),
                      )}
                    </td>
                    <td>{day.count}</td>
                    <td>{day.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}

      <h2>{t("admin.dashboard.byTicketType")}</h2>
      <ul>
        {stats.ticketTypes.map((type) => (
          <li key={type.id}>
            {local(type.nameDe, type.nameEn)}: {type.attendees}
            {type.capacity === null ? "" : ` (${t("admin.attendee.seats", { taken: type.confirmedCount, capacity: type.capacity })})`}
          </li>
        ))}
      </ul>
      <h2>{t("admin.dashboard.byField")}</h2>
      <ul>
        {stats.fieldsOfAction.map((field) => (
          <li key={field.id}>
            {local(field.nameDe, field.nameEn)}: {t("admin.dashboard.bookings", { count: field.bookings })}
          </li>
        ))}
      </ul>

      <h2>{t("admin.dashboard.fill")}</h2>
      {stats.items.map((item) => (
        <div className="fill" key={item.id}>
          <Link to={`/admin/attendees?event=${event.id}&item=${item.id}`} id={`fill-${item.id}`}>
            {local(item.titleDe, item.titleEn)}
          </Link>
          {item.capacity === null ? (
            <span />
          ) : (
            <meter aria-labelledby={`fill-${item.id}`} min={0} max={item.capacity} high={item.capacity * 0.9} value={item.confirmedCount} />
          )}
          <span>
            {item.capacity === null ? item.confirmedCount : t("admin.attendee.seats", { taken: item.confirmedCount, capacity: item.capacity })}
            {item.waiting > 0 ? ` · ${t("admin.dashboard.waiting", { count: item.waiting })}` : ""}
          </span>
        </div>
      ))}

      <h2>{t("admin.dashboard.checkIn")}</h2>
      <div aria-live="polite">
        {stats.checkInLists.map((list) => (
          <div className="fill" key={list.id}>
            <Link to={`/checkin/${list.id}`} id={`checkin-${list.id}`}>
              {local(list.nameDe, list.nameEn)}
            </Link>
            <progress aria-labelledby={`checkin-${list.id}`} max={Math.max(1, list.admitted)} value={list.checkedIn} />
            <span>{t("checkin.progress", { checkedIn: list.checkedIn, admitted: list.admitted })}</span>
          </div>
        ))}
      </div>
    </>
  );
}
