import type { Language } from "./language";
import { formatMoney } from "~/modules/money/money";

/** Every date the app shows is in the congress's time zone, whatever the server's or the viewer's is. */
export const EVENT_TIME_ZONE = "Europe/Berlin";

const LOCALES: Record<Language, string> = { de: "de-DE", en: "en-GB" };

// Intl formatters are costly to create and safe to share, so each is made once per language.
function memo<T>(make: (language: Language) => T): (language: Language) => T {
  const cache = new Map<Language, T>();
  return (language) => {
    let value = cache.get(language);
    if (value === undefined) {
      value = make(language);
      cache.set(language, value);
    }
    return value;
  };
}

const dateFormat = memo(
  (l) => new Intl.DateTimeFormat(LOCALES[l], { timeZone: EVENT_TIME_ZONE, weekday: "long", day: "numeric", month: "long", year: "numeric" }),
);
const shortDateFormat = memo((l) => new Intl.DateTimeFormat(LOCALES[l], { timeZone: EVENT_TIME_ZONE, day: "2-digit", month: "2-digit", year: "numeric" }));
const timeFormat = memo((l) => new Intl.DateTimeFormat(LOCALES[l], { timeZone: EVENT_TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }));

/** "Sonntag, 16. Mai 2027" */
export const formatDate = (date: Date, language: Language) => dateFormat(language).format(date);
/** "16.05.2027" */
export const formatShortDate = (date: Date, language: Language) => shortDateFormat(language).format(date);
/** "09:30" */
export const formatTime = (date: Date, language: Language) => timeFormat(language).format(date);
/** "16.05.2027, 09:30 Uhr" in German, "16/05/2027, 09:30" in English */
export const formatDateTime = (date: Date, language: Language) =>
  `${formatShortDate(date, language)}, ${formatTime(date, language)}${language === "de" ? " Uhr" : ""}`;
/** "09:30–11:00" */
export const formatTimeRange = (start: Date, end: Date, language: Language) => `${formatTime(start, language)}–${formatTime(end, language)}`;
/** "25,00 €": money is formatted by the money module; re-exported here beside the other formats. */
export { formatMoney } from "~/modules/money/money";

/**
 * The UTC instant of a wall-clock time in Berlin, e.g. berlinTimeToUtc("2027-05-16T09:30").
 * Works for any date: the offset is read from Intl for that very moment (summer or winter time).
 */
export function berlinTimeToUtc(localDateTime: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(localDateTime);
  if (!match) throw new Error(`expected YYYY-MM-DDTHH:mm, got ${localDateTime}`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Guess with the offset at that instant, then correct once (handles the DST switch days).
  let utc = asIfUtc - offsetMinutes(new Date(asIfUtc)) * 60_000;
  utc = asIfUtc - offsetMinutes(new Date(utc)) * 60_000;
  return new Date(utc);
}

const offsetFormat = new Intl.DateTimeFormat("en-US", { timeZone: EVENT_TIME_ZONE, timeZoneName: "longOffset" });
function offsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

const inputFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: EVENT_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
/** The Berlin wall-clock time of an instant as a datetime-local input value, "2027-05-16T09:30": the inverse of berlinTimeToUtc. */
export function berlinInputValue(date: Date | string | null | undefined): string {
  if (!date) return "";
  const parts = Object.fromEntries(inputFormat.formatToParts(new Date(date)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * A ticket type's name with its price, unless the name already says it ("Fachpublikum (kostenfrei)"
 * followed by "– kostenfrei" read twice).
 */
export function ticketTypeWithPrice(name: string, priceCents: number, language: Language, freeWord: string): string {
  const price = priceCents === 0 ? freeWord : formatMoney(priceCents, language);
  return name.toLocaleLowerCase(language).includes(price.toLocaleLowerCase(language)) ? name : `${name} – ${price}`;
}
