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

/**
 * The `lang` a piece of bilingual content needs: "de" when an English page falls back to its German text (so
 * screen readers pronounce it as German, WCAG 3.1.2), nothing when it is in the page's language.
 */
export function fallbackLang(language: Language, english: string | null | undefined): "de" | undefined {
  return language === "en" && !english ? "de" : undefined;
}
