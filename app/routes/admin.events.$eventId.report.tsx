import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { getDatabase } from "~/db.server";
import { formatDateTime } from "~/modules/i18n/format";
import { useLanguage, useT } from "~/modules/i18n/hooks";
import { getLanguage } from "~/modules/i18n/language.server";
import { teamPageMeta } from "~/modules/i18n/meta";
import { fundingReport } from "~/modules/reports/funding.server";
import { cellText } from "~/modules/reports/report-files.server";
import { requireStaff } from "~/modules/staff/session.server";
import { notFound } from "~/utils/http.server";

export const meta = teamPageMeta("report.title");

/** The funding report of one event as a page: every table with its totals, small groups hidden; XLSX and PDF beside it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const database = await getDatabase();
  await requireStaff(database, request, ["organiser"]);
  const language = await getLanguage(request);
  const report = await fundingReport(database, params.eventId ?? "", language);
  if (!report) throw notFound();
  // Cells as text here, so the page shows exactly what the files hold.
  return {
    event: report.event,
    generatedAt: report.generatedAt,
    tables: report.tables.map((table) => ({
      key: table.key,
      title: table.title,
      note: table.note,
      columns: table.columns,
      rows: table.rows.map((row) => row.map((cell, index) => cellText(cell, table.columns[index]!, language))),
      total: table.total?.map((cell, index) => cellText(cell, table.columns[index]!, language)) ?? null,
    })),
  };
}

export default function FundingReportPage() {
  const { event, generatedAt, tables } = useLoaderData<typeof loader>();
  const t = useT();
  const language = useLanguage();
  return (
    <>
      <p>
        <Link to={`/admin/events/${event.id}`}>{t("editor.back")}</Link>
      </p>
      <h1>
        {t("report.title")}: {event.title}
      </h1>
      <p>{t("report.generatedAt", { date: formatDateTime(new Date(generatedAt), language) })}</p>
      <p className="hint">{t("report.intro")}</p>
      <p className="actions">
        {t("report.download")}:{" "}
        <a className="button" href={`/admin/events/${event.id}/report/xlsx?event=${event.id}`} download>
          Excel (XLSX)
        </a>{" "}
        <a className="button" href={`/admin/events/${event.id}/report/pdf?event=${event.id}`} download>
          PDF
        </a>
      </p>
      {tables.map((table) => (
        <section key={table.key} aria-labelledby={`report-${table.key}`}>
          <h2 id={`report-${table.key}`}>{table.title}</h2>
          {table.note ? <p className="hint">{table.note}</p> : null}
          <TableScroll label={table.title}>
            <table className="data-table report-table">
              <thead>
                <tr>
                  {table.columns.map((column) => (
                    <th key={column.label} scope="col" className={column.kind === "text" ? undefined : "number"}>
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, index) => (
                  <ReportRow key={index} cells={row} columns={table.columns} />
                ))}
              </tbody>
              {table.total ? (
                <tfoot>
                  <ReportRow cells={table.total} columns={table.columns} />
                </tfoot>
              ) : null}
            </table>
          </TableScroll>
        </section>
      ))}
    </>
  );
}

/** One row of a report table: its first cell heads the row, figures are right-aligned. */
function ReportRow({ cells, columns }: { cells: string[]; columns: { kind: string }[] }) {
  return (
    <tr>
      {cells.map((cell, index) =>
        index === 0 ? (
          <th key={index} scope="row">
            {cell}
          </th>
        ) : (
          <td key={index} className={columns[index]!.kind === "text" ? undefined : "number"}>
            {cell}
          </td>
        ),
      )}
    </tr>
  );
}
