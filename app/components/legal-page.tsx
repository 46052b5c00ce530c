import { useLoaderData } from "@remix-run/react";
import { Fragment, type ReactNode } from "react";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { formatDate } from "~/modules/i18n/format";
import type { LegalPageData } from "~/modules/legal/page.server";
import { LEGAL_PATHS } from "~/modules/legal/kinds";

/**
 * A legal text as the public reads it. The organisers write plain text: an empty line starts a paragraph and a
 * line "## Heading" a heading, nothing else is interpreted (React escapes everything), so no markup can be
 * smuggled into a public page.
 */
export function LegalBody({ body, lang }: { body: string; lang: string }) {
  const blocks = body
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <div className="legal-text" lang={lang}>
      {blocks.map((block, index) => {
        // A heading is its block's first line; the lines under it (no empty line between) are its paragraph.
        const [first = "", ...rest] = block.split("\n");
        const heading = first.startsWith("## ") ? first.slice(3).trim() : null;
        const paragraph = heading === null ? block : rest.join("\n").trim();
        return (
          <Fragment key={index}>
            {heading ? <h2>{heading}</h2> : null}
            {paragraph ? <p className="pre-line">{paragraph}</p> : null}
          </Fragment>
        );
      })}
    </div>
  );
}

export function LegalPage({ title, children }: { title: string; children?: ReactNode }) {
  const { text, versions, eventTitle, eventSlug, kind } = useLoaderData<LegalPageData>();
  const language = useLanguage();
  const t = useT();
  const base = `${LEGAL_PATHS[kind]}?${eventSlug ? `event=${encodeURIComponent(eventSlug)}&` : ""}version=`;
  return (
    <article className="narrow legal">
      <h1>{title}</h1>
      {eventTitle ? (
        <p className="hint">
          {t("legal.eventText", { event: eventTitle })} · <a href={LEGAL_PATHS[kind]}>{t("legal.installationText")}</a>
        </p>
      ) : null}
      {text ? (
        <>
          <p className="hint">{t("legal.version", { version: text.version, date: formatDate(new Date(text.createdAt), language) })}</p>
          <LegalBody body={text.body} lang={text.bodyLanguage} />
          {children}
          {text.contactEmail && kind !== "accessibility" ? <p>{t("legal.contact", { email: text.contactEmail })}</p> : null}
        </>
      ) : (
        <p>{t("legal.none")}</p>
      )}
      {versions.length > 1 ? (
        <section aria-labelledby="versions">
          <h2 id="versions">{t("legal.versions")}</h2>
          <ul>
            {versions.map((entry) => (
              <li key={entry.version}>
                <a href={`${base}${encodeURIComponent(entry.version)}`} aria-current={entry.version === text?.version ? "page" : undefined}>
                  {t("legal.version", { version: entry.version, date: formatDate(new Date(entry.createdAt), language) })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
