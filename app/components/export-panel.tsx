import type { AttendeeQuery } from "~/modules/attendees/query";
import { ATTENDEE_COLUMNS } from "~/modules/exports/columns";
import { useT } from "~/modules/i18n/hooks";

/**
 * The exports, right above the attendee list where an organiser looks for them: the list as filtered
 * (XLSX or CSV, columns to tick), participant and bus lists per item (folded: a congress has many),
 * name badges, and the statistics. Plain forms and links: files download directly, without JavaScript too.
 */
export function ExportPanel({
  query,
  eventId,
  items,
  questions,
}: {
  query: AttendeeQuery;
  eventId: string;
  items: { id: string; title: string }[];
  questions: { id: string; label: string; asked: boolean }[];
}) {
  const t = useT();
  const filters = Object.entries(query).filter(([key, value]) => key !== "page" && value !== undefined && value !== "");
  const filterQuery = new URLSearchParams(filters.map(([key, value]) => [key, String(value)])).toString();
  return (
    <section className="export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">{t("export.title")}</h2>
      <form method="get" action="/admin/attendees/export" className="export-panel__form">
        <p className="hint">{t("export.intro")}</p>
        {filters.map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={String(value)} />
        ))}
        <fieldset className="field">
          <legend>{t("export.format")}</legend>
          <div className="field field--checkbox">
            <input type="radio" id="export-xlsx" name="format" value="xlsx" defaultChecked />
            <label htmlFor="export-xlsx">Excel (XLSX)</label>
          </div>
          <div className="field field--checkbox">
            <input type="radio" id="export-csv" name="format" value="csv" />
            <label htmlFor="export-csv">CSV (Excel, deutsch)</label>
          </div>
        </fieldset>
        <details>
          <summary>{t("export.columns")}</summary>
          <fieldset className="field export-columns">
            <legend className="visually-hidden">{t("export.columns")}</legend>
            {ATTENDEE_COLUMNS.map((column) => (
              <div key={column.key} className="field field--checkbox">
                <input type="checkbox" id={`column-${column.key}`} name="columns" value={column.key} defaultChecked={column.default} />
                <label htmlFor={`column-${column.key}`}>{t(column.label)}</label>
              </div>
            ))}
            {questions.map((question) => (
              <div key={question.id} className="field field--checkbox">
                <input type="checkbox" id={`column-q-${question.id}`} name="columns" value={`q:${question.id}`} defaultChecked={question.asked} />
                <label htmlFor={`column-q-${question.id}`}>{question.label}</label>
              </div>
            ))}
          </fieldset>
        </details>
        <button type="submit" className="button button--primary">
          {t("export.download")}
        </button>
      </form>

      <p className="export-panel__links">
        {t("export.badges")}: <a href={`/admin/badges?${filterQuery}&layout=a4`}>{t("export.badgesA4")}</a> ·{" "}
        <a href={`/admin/badges?${filterQuery}&layout=a6`}>{t("export.badgesA6")}</a>
        {" · "}
        <a href={`/admin/statistics?event=${eventId}`}>{t("export.statistics")}</a>
        {" · "}
        <a href={`/admin/events/${eventId}/report`}>{t("report.title")}</a>
      </p>
      <details className="export-panel__items">
        <summary>
          {t("export.itemLists")} ({items.length})
        </summary>
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              {item.title}: <a href={`/admin/items/${item.id}/list?format=pdf`}>PDF</a> · <a href={`/admin/items/${item.id}/list?format=xlsx`}>XLSX</a> ·{" "}
              <a href={`/admin/items/${item.id}/list?format=csv`}>CSV</a>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
