import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { listEventsForEditor } from "~/modules/events/editor.server";
import { formatDate } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { requireStaff } from "~/modules/staff/session.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { teamPageMeta } from "~/modules/i18n/meta";

export const meta = teamPageMeta("editor.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  return { events: await listEventsForEditor(database) };
}

export default function EventsEditorList() {
  const { events } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("editor.title")}</h1>
      <p>
        <Link to="/admin/events/new" className="button button--primary">
          {t("editor.new")}
        </Link>
      </p>
      {params.get("deleted") ? (
        <p className="notice notice--confirmed" role="status">
          {t("editor.deleted")}
        </p>
      ) : null}
      <EventCards events={events.filter((event) => !event.archivedAt)} />
      {events.some((event) => event.archivedAt) ? (
        <>
          <h2>{t("editor.archivedList")}</h2>
          <EventCards events={events.filter((event) => event.archivedAt)} />
        </>
      ) : null}
    </>
  );
}

type EventCard = Awaited<ReturnType<typeof listEventsForEditor>>[number];

function EventCards({ events }: { events: (Omit<EventCard, "startsAt" | "archivedAt"> & { startsAt: string | Date; archivedAt: string | Date | null })[] }) {
  const language = useLanguage();
  const t = useT();
  return (
    <ul className="event-list">
      {events.map((event) => (
        <li key={event.id} className="card">
          <h2>
            <Link to={`/admin/events/${event.id}`}>{localized(language, event.titleDe, event.titleEn)}</Link>
          </h2>
          <p>
            {formatDate(new Date(event.startsAt), language)} · {t(`editor.status.${event.status}`)} ·{" "}
            {t("editor.attendeeCount", { count: event._count.attendees })}
          </p>
        </li>
      ))}
    </ul>
  );
}
