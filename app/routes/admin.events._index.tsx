import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AdminPage } from "~/components/admin";
import { getDatabase } from "~/db.server";
import { listEventsForEditor } from "~/modules/events/editor.server";
import { formatDate } from "~/modules/i18n/format";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { translator } from "~/modules/i18n/messages";
import { requireStaff } from "~/modules/staff/session.server";

export const meta: MetaFunction = () => [{ title: "Kongress – Veranstaltungen" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const database = await getDatabase();
  const user = await requireStaff(database, request, ["organiser"]);
  return { user, language: await getLanguage(request), events: await listEventsForEditor(database) };
}

export default function EventsEditorList() {
  const { user, language, events } = useLoaderData<typeof loader>();
  const t = translator(language);
  return (
    <AdminPage user={user} t={t}>
      <h1>{t("editor.title")}</h1>
      <p>
        <Link to="/admin/events/new" className="button button--primary">
          {t("editor.new")}
        </Link>
      </p>
      <ul className="event-list">
        {events.map((event) => (
          <li key={event.id} className="card">
            <h2>
              <Link to={`/admin/events/${event.id}`}>{localized(language, event.titleDe, event.titleEn)}</Link>
            </h2>
            <p>
              {formatDate(new Date(event.startsAt), language)} · {t(`editor.status.${event.status}`)} · {t("editor.attendeeCount", { count: event._count.attendees })}
            </p>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}
