import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDatabase } from "~/db.server";
import { loadEventCatalogue } from "~/modules/events/catalogue.server";
import { eventView } from "~/modules/events/view.server";
import { formatDate, formatDateTime, formatMoney, formatTimeRange, ticketTypeWithPrice } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/language.server";
import type { EventView } from "~/modules/events/view.server";
import { Programme } from "~/components/programme";
import { notFound } from "~/utils/http.server";
import { useLanguage, useT } from "~/modules/i18n/hooks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.event.title} – Kongress` : "Kongress" },
  { name: "description", content: data?.event.description ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const database = await getDatabase();
  const event = await loadEventCatalogue(database.read, params.slug ?? "");
  if (!event || event.status === "draft") throw notFound();
  return { event: eventView(event, language, new Date()) };
}

export default function EventPage() {
  const { event } = useLoaderData<typeof loader>();
  const language = useLanguage();
  const t = useT();
  return (
    <article className="event">
      <h1 lang={event.titleLang}>{event.title}</h1>
      <dl className="event-facts">
        <div>
          <dt>{t("event.when")}</dt>
          <dd>
            {formatDate(event.startsAt, language)}, {formatTimeRange(event.startsAt, event.endsAt, language)}
          </dd>
        </div>
        <div>
          <dt>{t("event.where")}</dt>
          <dd>
            {event.venueName}, {event.venueAddress}
          </dd>
        </div>
        <div>
          <dt>{t("event.organiser")}</dt>
          <dd>
            {event.organiserName}, <a href={`mailto:${event.organiserEmail}`}>{event.organiserEmail}</a>
          </dd>
        </div>
      </dl>
      <p className="lead" lang={event.descriptionLang}>
        {event.description}
      </p>

      <RegistrationCallToAction event={event} />

      <section aria-labelledby="ticket-types">
        <h2 id="ticket-types">{t("event.ticketTypes")}</h2>
        <ul className="ticket-types">
          {event.ticketTypes.map((type) => (
            <li key={type.id} className="card">
              <h3>{type.name}</h3>
              {/* The price, unless the name already says it ("Fachpublikum (kostenfrei)"). */}
              {ticketTypeWithPrice(type.name, type.priceCents, language, t("event.free")) === type.name ? null : (
                <p className="price">{type.priceCents === 0 ? t("event.free") : formatMoney(type.priceCents, language)}</p>
              )}
              {type.description ? <p>{type.description}</p> : null}
              {type.requiresApproval ? <p className="hint">{t("event.approvalNeeded")}</p> : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="programme">
        <h2 id="programme">{t("event.programme")}</h2>
        <Programme event={event} />
      </section>

      {event.fieldsOfAction.length > 0 ? (
        <section aria-labelledby="fields">
          <h2 id="fields">{t("event.fieldsOfAction")}</h2>
          <ol className="fields-of-action">
            {event.fieldsOfAction.map((field) => (
              <li key={field.position} className={`badge badge--colour-${field.colour}`}>
                {field.name}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <RegistrationCallToAction event={event} />
    </article>
  );
}

function RegistrationCallToAction({ event }: { event: EventView }) {
  const t = useT();
  const language = useLanguage();
  if (event.window === "not_yet_open" && event.registrationOpensAt) {
    return <p className="notice">{t("event.registrationNotYetOpen", { date: formatDateTime(event.registrationOpensAt, language) })}</p>;
  }
  if (event.window !== "open") return <p className="notice">{t("event.registrationClosed")}</p>;
  return (
    <div className="cta">
      <Link className="button button--primary" to={`/events/${event.slug}/register`}>
        {t("event.register")}
      </Link>
      {event.registrationClosesAt ? <span>{t("event.registrationUntil", { date: formatDateTime(event.registrationClosesAt, language) })}</span> : null}
      {event.seatsLeft !== null ? <span>{event.seatsLeft > 0 ? t("event.seatsLeftEvent", { count: event.seatsLeft }) : t("event.full")}</span> : null}
    </div>
  );
}
