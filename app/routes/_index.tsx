import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { listPublishedEvents, registrationWindow } from "~/modules/events/catalogue.server";
import { formatDate, formatTimeRange } from "~/modules/i18n/format";
import { fallbackLang, localized } from "~/modules/i18n/language";
import { getTranslator } from "~/modules/i18n/language.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} – Kongress` : "Kongress" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { language, t } = await getTranslator(request);
  const database = await getDatabase();
  const now = new Date();
  const events = await listPublishedEvents(database.read);
  return {
    language,
    heading: t("events.title"),
    events: events.map((event) => ({
      slug: event.slug,
      title: localized(language, event.titleDe, event.titleEn),
      titleLang: fallbackLang(language, event.titleEn),
      description: localized(language, event.descriptionDe, event.descriptionEn),
      descriptionLang: fallbackLang(language, event.descriptionEn),
      venueName: event.venueName,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      open: registrationWindow(event, now) === "open",
    })),
  };
}

export default function EventList() {
  const { events } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  return (
    <>
      <h1>{t("events.title")}</h1>
      <p className="lead">{t("events.intro")}</p>
      {events.length === 0 ? <p>{t("events.none")}</p> : null}
      <ul className="event-list">
        {events.map((event) => (
          <li key={event.slug} className="card">
            <h2>
              <Link to={`/events/${event.slug}`} lang={event.titleLang}>
                {event.title}
              </Link>
            </h2>
            <p className="event-meta">
              {formatDate(event.startsAt, language)}, {formatTimeRange(event.startsAt, event.endsAt, language)} · {event.venueName}
            </p>
            <p lang={event.descriptionLang}>{event.description}</p>
            <p>
              <Link to={`/events/${event.slug}`} className="button" aria-label={`${t("events.details")}: ${event.title}`}>
                {event.open ? t("events.details") : t("event.registrationClosed")}
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
