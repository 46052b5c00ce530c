import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { QuestionFormSchema } from "~/modules/events/editor-schema";
import { saveQuestion } from "~/modules/questions/editor.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { fundingReport } from "~/modules/reports/funding.server";
import { reportPdf, reportXlsx } from "~/modules/reports/report-files.server";
import { isHidden } from "~/modules/reports/suppression";
import { useTestDatabase } from "../support/database";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";

const database = await useTestDatabase();

async function streamed(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe("funding report", () => {
  it("counts by field of action, workshop, organisation type and ticket type with totals, hiding groups under 5", async () => {
    const { event, freeTicket, workshopA, workshopB, workshopSlot } = await createTestEvent(database.write, { workshopCapacity: 20 });
    const field = await database.write.fieldOfAction.findFirstOrThrow({ where: { eventId: event.id } });
    await database.write.programmeItem.update({ where: { id: workshopA.id }, data: { fieldOfActionId: field.id } });
    const saved = await saveQuestion(
      database,
      event.id,
      null,
      QuestionFormSchema.parse({
        kind: "choice",
        labelDe: "Art der Organisation",
        labelEn: "",
        hintDe: "",
        hintEn: "",
        scope: "attendee",
        inReport: "on",
        position: "1",
        ticketTypeIds: [],
        options: ["Kommune", "Freier Träger", "Wissenschaft"].map((labelDe, index) => ({
          key: `new${index}`,
          labelDe,
          labelEn: "",
          position: String(index + 1),
          remove: false,
        })),
      }),
    );
    if (!saved.ok) throw new Error("question not saved");
    const [kommune, traeger] = await database.read.questionOption.findMany({ where: { questionId: saved.id }, orderBy: { position: "asc" } });
    // 8 in workshop A from municipalities, 3 in workshop B from providers, 1 without an answer.
    const register = (itemId: string, optionId: string | null) =>
      registerAttendees(
        database,
        event.slug,
        registrationValues({
          ticketTypeId: freeTicket.id,
          attendees: [attendeeValues({ choices: { [workshopSlot.id]: itemId }, answers: optionId ? { [saved.id]: [optionId] } : {} })],
        }),
      );
    for (let index = 0; index < 8; index += 1) expect((await register(workshopA.id, kommune!.id)).ok).toBe(true);
    for (let index = 0; index < 3; index += 1) expect((await register(workshopB.id, traeger!.id)).ok).toBe(true);
    expect((await register(workshopB.id, null)).ok).toBe(true);

    const report = (await fundingReport(database, event.id, "de"))!;
    const table = (key: string) => report.tables.find((candidate) => candidate.key === key)!;
    expect(table("overview").rows.find((row) => row[0] === "Angemeldete Personen (ohne Stornierungen)")?.[1]).toBe(12);
    expect(table("fields").rows).toEqual([["Teilhabe", 8, 0, null]]);
    const items = table("items").rows;
    // 4 booked in workshop B: hidden, and so is its fill rate; with the total shown, workshop A's 8 would give it away,
    // so A's bookings are hidden too (secondary suppression). Seats are no people and stay.
    expect(
      items
        .find((row) => row[0] === "Workshop B")
        ?.slice(3, 5)
        .every((cell) => isHidden(cell!)),
    ).toBe(true);
    expect(items.find((row) => row[0] === "Workshop A")?.[2]).toBe(20);
    expect(isHidden(items.find((row) => row[0] === "Workshop A")![3]!)).toBe(true);
    expect(table("items").total?.slice(2, 5)).toEqual([85, 12, 14.1]);
    const byKind = table(`question-${saved.id}`);
    expect(byKind.rows[0]).toEqual(["Kommune", 8, 0, null]);
    // Providers (3) are hidden; "keine Angabe" (1) is hidden too.
    expect(isHidden(byKind.rows[1]![1]!)).toBe(true);
    expect(byKind.rows[2]).toEqual(["Wissenschaft", 0, 0, null]);
    expect(byKind.rows[3]![0]).toBe("keine Angabe");
    expect(isHidden(byKind.rows[3]![1]!)).toBe(true);
    expect(byKind.total?.[1]).toBe(12);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await streamed(await reportXlsx(report, "de"))) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets.find((candidate) => candidate.name.startsWith("Nach Angabe"))!;
    const values = sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1)] : []));
    expect(values).toContainEqual(["Freier Träger", "< 5", 0]);
    expect(values).toContainEqual(["Summe", 12, 0]);
    const pdf = await streamed(await reportPdf(report, "de"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
