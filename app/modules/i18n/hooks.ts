import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import type { loader as rootLoader } from "~/root";
import { DEFAULT_LANGUAGE, type Language } from "./language";
import { translator, type Translate } from "./messages";

/**
 * The page's language, read once per request by the root loader (cookie, else Accept-Language), and its
 * translator: components ask for them instead of receiving them as props through every level.
 */
export function useLanguage(): Language {
  return useRouteLoaderData<typeof rootLoader>("root")?.language ?? DEFAULT_LANGUAGE;
}

export function useT(): Translate {
  const language = useLanguage();
  return useMemo(() => translator(language), [language]);
}
