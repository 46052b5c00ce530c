import { createCookie } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./language";
import { translator } from "./messages";

/** The visitor's language choice, remembered for a year. German unless they chose English. */
export const languageCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

/**
 * The visitor's language: their choice (the cookie) if they made one, else the first of ours their
 * browser asks for (Accept-Language), else German.
 */
export async function getLanguage(request: Request): Promise<Language> {
  const header = request.headers.get("Cookie");
  if (header?.includes("lang=")) {
    const value: unknown = await languageCookie.parse(header);
    if (isLanguage(value)) return value;
  }
  return preferredLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LANGUAGE;
}

/** The best of our languages by the header's weights ("en-GB,en;q=0.9,de;q=0.8" → "en"), or null. */
export function preferredLanguage(acceptLanguage: string | null): Language | null {
  if (!acceptLanguage) return null;
  let best: { language: Language; weight: number } | null = null;
  // Bounded: a header is a few entries; a huge one is not read beyond its first 20.
  for (const entry of acceptLanguage.slice(0, 500).split(",").slice(0, 20)) {
    const [range = "", ...parameters] = entry.trim().split(";");
    const language = range.trim().toLowerCase().split("-")[0];
    const q = parameters.map((parameter) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(parameter)?.[1]).find(Boolean);
    const weight = q === undefined ? 1 : Number(q);
    if (isLanguage(language) && weight > 0 && (!best || weight > best.weight)) best = { language, weight };
  }
  return best?.language ?? null;
}

export async function getTranslator(request: Request) {
  const language = await getLanguage(request);
  return { language, t: translator(language) };
}
