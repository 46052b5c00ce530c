import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeeCells, attendeesOfList, rowsOf } from "~/modules/exports/attendee-rows.server";
import { ATTENDEE_COLUMNS, chosenColumns } from "~/modules/exports/columns";
import { download, fileDate } from "~/modules/exports/download.server";
import { csvStream, xlsxStream } from "~/modules/exports/writers.server";
import { translator } from "~/modules/i18n/messages";
import { readExportRequest } from "~/utils/export-request.server";
import { eventQuestions, questionLabel } from "~/modules/questions/stored.server";

/** The attendee list as XLSX or CSV, with its current search and filters and the columns ticked. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { database, params, query, event, language } = await readExportRequest(request, context);
  const t = translator(language);
  const questions = await eventQuestions(database, event.id);
  const byId = new Map(questions.map((question) => [question.id, question]));
  const columns = chosenColumns(params.getAll("columns"), questions);
  const sheetColumns = columns.map((key) => {
    const question = key.startsWith("q:") ? byId.get(key.slice(2)) : undefined;
    if (question) return { header: questionLabel(question, language), width: 28 };
    const column = ATTENDEE_COLUMNS.find((candidate) => candidate.key === key)!;
    return {
      header: t(column.label),
      width: column.width,
      kind: key === "registeredAt" ? ("dateTime" as const) : key === "amount" ? ("money" as const) : undefined,
    };
  });
  const rows = () => rowsOf(attendeesOfList(database, event.id, query), (attendee) => attendeeCells(attendee, columns, language, byId));
  const name = `${language === "de" ? "teilnehmende" : "attendees"}-${event.slug}-${fileDate()}`;
  return params.get("format") === "csv"
    ? download(name, "csv", () => csvStream(sheetColumns, rows()))
    : download(name, "xlsx", () => xlsxStream(t("admin.nav.attendees"), sheetColumns, rows()));
}
