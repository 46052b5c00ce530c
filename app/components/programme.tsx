import type { EventView, ItemView } from "~/modules/events/view.server";
import { formatTime, formatTimeRange } from "~/modules/i18n/format";
import type { Translate } from "~/modules/i18n/messages";
import { useLanguage, useT } from "~/modules/i18n/hooks";

/** Seats left as text, e.g. "12 von 45 Plätzen frei" or "Ausgebucht – Warteliste möglich". */
export function seatsText(item: Pick<ItemView, "capacity" | "seatsLeft">, t: Translate): string | null {
  if (item.capacity === null || item.seatsLeft === null) return null;
  return item.seatsLeft > 0 ? t("event.seatsLeft", { count: item.seatsLeft, capacity: item.capacity }) : t("event.seatsFull");
}

export function FieldOfActionBadge({ field }: { field: ItemView["fieldOfAction"] }) {
  const t = useT();
  if (!field) return null;
  return (
    <span className={`badge badge--colour-${field.colour}`}>
      <span className="visually-hidden">{t("event.fieldOfAction")}: </span>
      {field.position} · {field.name}
    </span>
  );
}

/** The facts of one programme item (kind, room or bus details, speakers, field of action, seats). */
export function ItemFacts({ item }: { item: ItemView }) {
  const t = useT();
  const language = useLanguage();
  const seats = seatsText(item, t);
  return (
    <>
      <span className="item-kind">{t(`event.kind.${item.kind}`)}</span>
      <FieldOfActionBadge field={item.fieldOfAction} />
      <dl className="item-facts">
        {item.room ? (
          <div>
            <dt>{t("event.room")}</dt>
            <dd>{item.room}</dd>
          </div>
        ) : null}
        {item.municipality ? (
          <div>
            <dt>{t("event.municipality")}</dt>
            <dd>{item.municipality}</dd>
          </div>
        ) : null}
        {item.meetingPoint ? (
          <div>
            <dt>{t("event.meetingPoint")}</dt>
            <dd>{item.meetingPoint}</dd>
          </div>
        ) : null}
        {item.departureAt ? (
          <div>
            <dt>{t("event.departure")}</dt>
            <dd>{formatTime(item.departureAt, language)}</dd>
          </div>
        ) : null}
        {item.returnAt ? (
          <div>
            <dt>{t("event.return")}</dt>
            <dd>{formatTime(item.returnAt, language)}</dd>
          </div>
        ) : null}
        {item.speakers ? (
          <div>
            <dt>{t("event.speakers")}</dt>
            <dd>{item.speakers}</dd>
          </div>
        ) : null}
      </dl>
      {seats ? <p className={`seats${item.seatsLeft === 0 ? " seats--full" : ""}`}>{seats}</p> : null}
    </>
  );
}

/** The programme by time slot, each slot with its items side by side. */
export function Programme({ event }: { event: EventView }) {
  const t = useT();
  const language = useLanguage();
  return (
    <ol className="programme">
      {event.slots.map((slot) => {
        const alternatives = slot.items.filter((item) => item.bookable).length > 1;
        return (
          <li key={slot.id} className="slot">
            <h3 className="slot__title">
              <span className="slot__time">{formatTimeRange(slot.startsAt, slot.endsAt, language)}</span> {slot.label}
            </h3>
            {alternatives ? <p className="hint">{t("event.chooseOne")}</p> : null}
            <ul className="slot__items">
              {slot.items.map((item) => (
                <li key={item.id} className={`item item--${item.kind}`}>
                  <h4 className="item__title" lang={item.titleLang}>
                    {item.title}
                  </h4>
                  {item.description ? <p lang={item.descriptionLang}>{item.description}</p> : null}
                  <ItemFacts item={item} />
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}
