import { createCookie } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./language";
import { translator } from "./messages";

/** The visitor's language choice, remembered for a year. German unless they chose English. */
export const languageCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

export async function getLanguage(request: Request): Promise<Language> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("lang=")) return DEFAULT_LANGUAGE;
  const value: unknown = await languageCookie.parse(header);
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export async function getTranslator(request: Request) {
  const language = await getLanguage(request);
  return { language, t: translator(language) };
}
