import type { MetaFunction } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "./language";
import { translator, type MessageKey } from "./messages";

/** The page's language in a `meta` function: what the root loader read for this request. */
export function metaLanguage(matches: { id: string; data: unknown }[]): Language {
  const root = matches.find((match) => match.id === "root")?.data as { language?: unknown } | undefined;
  return isLanguage(root?.language) ? root.language : DEFAULT_LANGUAGE;
}

/** "<page> – Kongress" in the visitor's language. */
export function pageTitle(matches: { id: string; data: unknown }[], key: MessageKey): string {
  const t = translator(metaLanguage(matches));
  return `${t(key)} – ${t("site.name")}`;
}

/** The `meta` of a team page: its title in the visitor's language, kept out of search engines. */
export function teamPageMeta(key: MessageKey): MetaFunction {
  return ({ matches }) => [{ title: pageTitle(matches, key) }, { name: "robots", content: "noindex" }];
}
