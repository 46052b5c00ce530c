import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { getDatabase } from "~/db.server";
import { localized } from "~/modules/i18n/language";
import { getLanguage } from "~/modules/i18n/language.server";
import { loadLegalText, type LegalKind } from "./texts.server";

/** The loader of a public legal page: `?event=<slug>` for an event's own text, `?version=` for an earlier version. */
export function legalPageLoader(kind: LegalKind) {
  return async ({ request }: LoaderFunctionArgs) => {
    const url = new URL(request.url);
    const language = await getLanguage(request);
    const database = await getDatabase();
    const eventSlug = url.searchParams.get("event")?.slice(0, 80) ?? null;
    const version = url.searchParams.get("version")?.slice(0, 40) ?? null;
    const { text, versions, event } = await loadLegalText(database.read, kind, { eventSlug, version });
    const local = (de: string | null, en: string | null) => (de === null ? null : localized(language, de, en));
    return data(
      {
        kind,
        eventSlug: event?.slug ?? null,
        eventTitle: event ? localized(language, event.titleDe, event.titleEn) : null,
        text: text
          ? {
              version: text.version,
              createdAt: text.createdAt,
              body: local(text.bodyDe, text.bodyEn)!,
              // German text on an English page is marked as German for screen readers.
              bodyLanguage: language === "en" && !text.bodyEn ? ("de" as const) : language,
              conformity: text.conformity,
              limitations: local(text.limitationsDe, text.limitationsEn),
              preparedOn: text.preparedOn,
              contactEmail: text.contactEmail,
            }
          : null,
        versions: versions.map((entry) => ({ version: entry.version, createdAt: entry.createdAt })),
      },
      { status: version && text?.version !== version ? 404 : 200 },
    );
  };
}

export type LegalPageData = Awaited<ReturnType<ReturnType<typeof legalPageLoader>>>["data"];
