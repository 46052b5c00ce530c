import { z } from "zod";
import type { Language } from "~/modules/i18n/language";

/**
 * Money, in one place: amounts are whole cents everywhere inside the app; this module turns what people type into
 * cents and cents into what people read, for every form, page, mail, document and export.
 *
 * One grammar for typed amounts, whatever the page's language, because organisers paste figures from German and
 * English sources alike and a misread amount is worse than a refused one:
 * - a comma or a point followed by one or two digits at the end is the decimal mark ("0,99", "12.5");
 * - a point or a comma followed by exactly three digits groups thousands ("1.234" and "1,234" are 1234 euros);
 * - with both marks, the last one is the decimal mark ("1.234,50", "1,234.50");
 * - spaces (also non-breaking), a leading or trailing "€" or "EUR" are ignored;
 * - everything else is refused with a reason: three or more decimals ("0,999"), misplaced groups ("12.34.5"),
 *   a sign, letters, or an amount above the form's maximum.
 */
export type MoneyError =
  "errors.amountInvalid" | "errors.amountNotPositive" | "errors.amountTooManyDecimals" | "errors.amountNegative" | "errors.amountTooLarge";
export type ParsedMoney = { ok: true; cents: number } | { ok: false; error: MoneyError };

/** The largest amount any form takes: 1,000,000.00 €, far above a congress fee, far below unsafe integers. */
export const MAX_CENTS = 100_000_000;

const DECORATION = /^(?:€|eur)?\s*|\s*(?:€|eur)?$/gi;
const GROUPED = /^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$/;

export function parseMoney(input: string, options: { maxCents?: number } = {}): ParsedMoney {
  const text = input
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim()
    .replace(DECORATION, "")
    .replace(/ /g, "");
  if (text === "") return { ok: false, error: "errors.amountInvalid" };
  if (/^[-−–]/.test(text)) return { ok: false, error: "errors.amountNegative" };
  if (!/^[\d.,]+$/.test(text)) return { ok: false, error: "errors.amountInvalid" };

  const last = Math.max(text.lastIndexOf("."), text.lastIndexOf(","));
  let whole = text;
  let fraction = "";
  if (last >= 0) {
    const mark = text[last]!;
    const head = text.slice(0, last);
    const tail = text.slice(last + 1);
    if (head.includes(mark) || (tail.length === 3 && !/[.,]/.test(head) && GROUPED.test(text))) {
      // "1.234" or "1.234.567": the mark groups thousands, there are no decimals.
      if (!GROUPED.test(text)) return { ok: false, error: "errors.amountInvalid" };
    } else if (tail.length >= 3) {
      return { ok: false, error: "errors.amountTooManyDecimals" };
    } else if (tail.length === 0 || head === "") {
      return { ok: false, error: "errors.amountInvalid" };
    } else {
      // The decimal mark; what comes before it is plain digits or thousands grouped by the other mark.
      whole = head;
      fraction = tail;
      if (/[.,]/.test(head) && !GROUPED.test(head)) return { ok: false, error: "errors.amountInvalid" };
    }
  }
  const digits = whole.replace(/[.,]/g, "");
  // Long digit strings are refused as too large before they could lose precision as numbers.
  const trimmed = digits.replace(/^0+(?=\d)/, "");
  if (trimmed.length > 12) return { ok: false, error: "errors.amountTooLarge" };
  const cents = Number(trimmed) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents > (options.maxCents ?? MAX_CENTS)) return { ok: false, error: "errors.amountTooLarge" };
  return { ok: true, cents };
}

const LOCALES: Record<Language, string> = { de: "de-DE", en: "en-GB" };
const moneyFormats = new Map<Language, Intl.NumberFormat>();
const inputFormats = new Map<Language, Intl.NumberFormat>();
const formatOf = (cache: Map<Language, Intl.NumberFormat>, language: Language, options: Intl.NumberFormatOptions) => {
  let format = cache.get(language);
  if (!format) cache.set(language, (format = new Intl.NumberFormat(LOCALES[language], options)));
  return format;
};

/**
 * "1.234,50 €" in German, "€1,234.50" in English: what pages, mails and documents show. Another currency only where
 * a payment in one arrived that nobody asked for ("12,00 $").
 */
export function formatMoney(cents: number, language: Language, currency = "EUR"): string {
  if (currency.toUpperCase() === "EUR") return formatOf(moneyFormats, language, { style: "currency", currency: "EUR" }).format(cents / 100);
  try {
    return new Intl.NumberFormat(LOCALES[language], { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    return `${formatAmountInput(cents, language)} ${currency.toUpperCase().slice(0, 10)}`;
  }
}

/** "1234,50" in German, "1234.50" in English: what an amount field is prefilled with; parseMoney reads it back. */
export const formatAmountInput = (cents: number, language: Language) =>
  formatOf(inputFormats, language, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(cents / 100);

/** "269,70": an amount in a German CSV, which German Excel reads as a number (no grouping, decimal comma). */
export const csvAmount = (cents: number) => formatAmountInput(cents, "de");

/** Euros as a number for a spreadsheet cell that sums and sorts (XLSX), exact to the cent. */
export const euros = (cents: number) => Math.round(cents) / 100;

/**
 * An amount field of a form schema (zod), the same on server and browser: typed euros in, cents out, refused with
 * the reason next to the field. `empty` says what an empty field means: zero (a price: free) or an error.
 */
export function moneyField(options: { empty: "zero" | "required"; positive?: boolean; maxCents?: number }) {
  return z
    .string()
    .max(40, "errors.amountInvalid")
    .transform((value, context) => {
      if (value.trim() === "" && options.empty === "zero") return 0;
      const parsed = parseMoney(value, { maxCents: options.maxCents });
      if (!parsed.ok) {
        context.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      if (options.positive && parsed.cents === 0) {
        context.addIssue({ code: "custom", message: "errors.amountNotPositive" });
        return z.NEVER;
      }
      return parsed.cents;
    });
}
