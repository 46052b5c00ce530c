/** The languages of the user interface: German first, English second. */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "de";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the English variant of bilingual content when asked for and present, German otherwise. */
export function localized(language: Language, german: string, english: string | null | undefined): string {
  return language === "en" && english ? english : german;
}
