import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAttendeeQuery } from "~/modules/attendees/query";
import { scanTicket } from "~/modules/checkin/scan.server";
import { attendeeCells, attendeesOfList, rowsOf } from "~/modules/exports/attendee-rows.server";
import { badgesPdf } from "~/modules/exports/badges.server";
import { chosenColumns } from "~/modules/exports/columns";
import { itemListPdf, itemListSheet, loadItemList } from "~/modules/exports/item-lists.server";
import { eventStatistics } from "~/modules/exports/statistics.server";
import { csvStream, excelSheetName, xlsxStream } from "~/modules/exports/writers.server";
import { registerAttendees } from "~/modules/registration/register.server";
import { createTestDatabase } from "../support/database";
import { TEST_POSTGRES_URL } from "../support/postgres";
import { attendeeValues, createTestEvent, registrationValues } from "../support/factories";
import { expectSearchedBy, readPlans } from "../support/query-plans";

/**
 * Every export read back with an independent reader (exceljs for XLSX, csv-parse in the German dialect
 * for CSV, pdf.js for the PDFs) and compared with the database, for names that break naive writers.
 */
type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDatabase;
let setup: Awaited<ReturnType<typeof createTestEvent>>;

const PEOPLE = [
  { firstName: "Jörg", lastName: "Weiß-Öztürk", organisation: "Stadt Bürstadt, Amt für Soziales", accessibilityNeeds: 'Rollstuhl;\nbitte "ebenerdig"' },
  { firstName: "Zoë", lastName: "Çelik", organisation: 'Caritas "Bergstraße" e. V.', accessibilityNeeds: "" },
  { firstName: '=HYPERLINK("http://evil.example")', lastName: "+Formel", organisation: "@Gemeinde -Biblis", accessibilityNeeds: "" },
  { firstName: "Maximiliane-Friederike", lastName: "von Hohenzollern-Sigmaringen-Wittelsbach", organisation: "Landkreis", accessibilityNeeds: "" },
];

async function bufferOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function pdfText(buffer: Buffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let page = 1; page <= pdf.numPages; page++) {
    const content = await (await pdf.getPage(page)).getTextContent();
    text += `${content.items.map((item) => ("str" in item ? item.str : "")).join(" ")}\n`;
  }
  return { pages: pdf.numPages, text };
}

beforeAll(async () => {
  database = await createTestDatabase();
  setup = await createTestEvent(database.write);
  for (const person of PEOPLE) {
    const outcome = await registerAttendees(
      database,
      setup.event.slug,
      registrationValues({
        ticketTypeId: setup.freeTicket.id,
        attendees: [
          attendeeValues({
            ...person,
            phone: "+49 6206 1234 5678 90",
            needsConsent: true,
            choices: { [setup.busSlot.id]: setup.bus.id, [setup.workshopSlot.id]: setup.workshopA.id },
          }),
        ],
      }),
    );
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  }
});
afterAll(async () => {
  await database.dispose();
});

const allColumns = chosenColumns(["lastName", "firstName", "organisation", "phone", "accessibilityNeeds", "workshops", "siteVisit", "registeredAt"]);
const exportRows = () =>
  rowsOf(attendeesOfList(database, setup.event.id, readAttendeeQuery(new URLSearchParams())), (attendee) => attendeeCells(attendee, allColumns, "de"));
const headers = allColumns.map((key) => ({ header: key, width: 10, kind: key === "registeredAt" ? ("dateTime" as const) : undefined }));

describe("exports", () => {
  // A batch's reads must cost what its attendees cost, not what the database holds: the waiting-list read was planned
  // through the status index, every entry waiting in any event, for each batch.
  it.skipIf(TEST_POSTGRES_URL)("reads the attendees through the event's and their own indexes", async () => {
    const plans = await readPlans(database, async () => {
      for await (const rows of exportRows()) expect(rows.length).toBeGreaterThan(0);
    });
    expect(plans.length).toBeGreaterThan(3);
    expectSearchedBy(plans, ["eventId", "attendeeId", "registrationId"]);
  });

  it("writes CSV that German Excel opens: BOM, semicolons, CRLF, RFC 4180 quoting, formulas neutralised", async () => {
    const buffer = await bufferOf(csvStream(headers, exportRows()));
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buffer.toString("utf8");
    expect(text.split("\r\n").length).toBeGreaterThan(PEOPLE.length);
    const records = parse(buffer, { bom: true, delimiter: ";", record_delimiter: "\r\n", relax_column_count: false }) as string[][];
    expect(records[0]).toEqual(allColumns);
    const rows = records.slice(1);
    expect(rows).toHaveLength(PEOPLE.length);
    const byLastName = new Map(rows.map((row) => [row[0], row]));
    expect(byLastName.get("Weiß-Öztürk")).toEqual(
      expect.arrayContaining(["Jörg", "Stadt Bürstadt, Amt für Soziales", 'Rollstuhl;\nbitte "ebenerdig"', "Workshop A", "Exkursion"]),
    );
    expect(byLastName.get("Çelik")?.[2]).toBe('Caritas "Bergstraße" e. V.');
    const formula = byLastName.get("'+Formel")!;
    expect(formula[1]).toBe('\'=HYPERLINK("http://evil.example")');
    expect(formula[2]).toBe("'@Gemeinde -Biblis");
    expect(formula[3]).toBe("'+49 6206 1234 5678 90");
    expect(byLastName.get("Çelik")?.[7]).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  });

  it("writes XLSX with a styled, frozen header, real dates, and formula-like text kept as plain string cells", async () => {
    const buffer = await bufferOf(await xlsxStream("Teilnehmende", headers, exportRows()));
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as the older Buffer type.
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Teilnehmende");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(10);
    expect(sheet.rowCount).toBe(PEOPLE.length + 1);
    const rows = Array.from({ length: PEOPLE.length }, (_, index) => sheet.getRow(index + 2).values as unknown[]);
    // exceljs rows are 1-based: the cell of column `key` is at its position in the export plus one.
    const at = (key: string) => allColumns.indexOf(key as (typeof allColumns)[number]) + 1;
    const stored = await database.read.attendee.findMany({ where: { eventId: setup.event.id } });
    for (const person of stored) {
      const row = rows.find((candidate) => candidate[2] === person.firstName)!;
      expect(row, person.lastName).toBeTruthy();
      expect(row[at("registeredAt")]).toBeInstanceOf(Date);
    }
    // An XLSX string cell never runs: the text stays exactly as typed (an apostrophe would corrupt it).
    const formula = rows.find((row) => row[1] === "+Formel")!;
    expect(formula[2]).toBe('=HYPERLINK("http://evil.example")');
    expect(formula[at("phone")]).toBe("+49 6206 1234 5678 90");
    for (const column of ["A", "B", "C", "D"]) expect(sheet.getCell(`${column}${rows.indexOf(formula) + 2}`).type).toBe(ExcelJS.ValueType.String);
    expect(rows.find((row) => row[1] === "Weiß-Öztürk")?.[at("accessibilityNeeds")]).toBe('Rollstuhl;\nbitte "ebenerdig"');
  });

  it("writes amounts and days as German Excel reads them: decimal commas in CSV, € numbers and dates without time in XLSX", async () => {
    const columns = [
      { header: "Betrag", width: 12, kind: "money" as const },
      { header: "Fällig", width: 12, kind: "day" as const },
      { header: "Anzahl", width: 8 },
      { header: "Telefon", width: 18 },
    ];
    const due = new Date("2027-05-15T22:30:00Z"); // 16 May in Berlin
    async function* batches() {
      yield [
        [26_970, due, 3, "+49 6206 12345"],
        [1250, null, 2.5, "-"],
        [123_456, due, 0, "="],
      ];
    }
    const csv = parse(await bufferOf(csvStream(columns, batches())), { bom: true, delimiter: ";", record_delimiter: "\r\n" }) as string[][];
    // 269.7 is text to German Excel and 12.5 reads as 12 May: amounts go out as 269,70 and 12,50.
    expect(csv.slice(1)).toEqual([
      ["269,70", "16.05.2027", "3", "'+49 6206 12345"],
      ["12,50", "", "2,5", "'-"],
      ["1234,56", "16.05.2027", "0", "'="],
    ]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bufferOf(await xlsxStream("Zahlungen", columns, batches()))) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell("A2").value).toBe(269.7);
    expect(sheet.getCell("A2").numFmt).toBe('#,##0.00 "€"');
    expect(sheet.getCell("A4").value).toBe(1234.56);
    expect(sheet.getCell("B2").numFmt).toBe("dd.mm.yyyy");
    expect((sheet.getCell("B2").value as Date).toISOString()).toBe("2027-05-16T00:30:00.000Z"); // Berlin wall clock as Excel holds it
    expect(sheet.getCell("D2").value).toBe("+49 6206 12345");
    expect(sheet.getCell("D3").value).toBe("-");
  });

  it("prints the bus passenger list with check-in status, and badges with every name whole", async () => {
    const bob = await database.read.attendee.findFirstOrThrow({ where: { lastName: "Çelik" } });
    const bus = await database.write.checkInList.create({ data: { eventId: setup.event.id, nameDe: "Bus", programmeItemId: setup.bus.id } });
    const staff = await database.write.staffUser.create({ data: { email: `s-${randomUUID()}@example.org`, name: "S", passwordHash: "x", role: "checkin" } });
    expect((await scanTicket(database, { listId: bus.id, code: bob.ticketSecret, scanId: randomUUID(), staffUserId: staff.id })).result).toBe("valid");

    const list = (await loadItemList(database, setup.bus.id))!;
    const sheet = itemListSheet(list, "de");
    expect(sheet.rows.map((row) => row[1])).toEqual(["+Formel", "Çelik", "von Hohenzollern-Sigmaringen-Wittelsbach", "Weiß-Öztürk"]); // German order
    expect(sheet.rows[1]![5]).toBeInstanceOf(Date);
    expect(sheet.rows[0]![5]).toBeNull();

    const listBuffer = await bufferOf(await itemListPdf(list, "de"));
    const listPdf = await pdfText(listBuffer);
    expect(listPdf.text).toContain("Passagierliste: Exkursion");
    // Tagged for screen readers (PDF/UA-1): a heading, then a table whose first row holds header cells.
    expect(listBuffer.toString("latin1")).toContain("pdfuaid:part");
    // PDF/UA-1 checkpoint 15-003: every header cell says what it heads.
    const raw = listBuffer.toString("latin1");
    const headerCells = raw.match(/\/S \/TH\b/g)?.length ?? 0;
    expect(headerCells).toBeGreaterThan(0);
    expect(raw.match(/\/Scope \/Column/g)?.length).toBe(headerCells);
    const tree = await (await (await getDocument({ data: new Uint8Array(listBuffer), isEvalSupported: false }).promise).getPage(1)).getStructTree();
    type Node = { role?: string; children?: Node[] };
    const roles = (node: Node): string[] => [node.role ?? "", ...(node.children ?? []).flatMap(roles)];
    const all = roles(tree as Node);
    expect(all).toEqual(expect.arrayContaining(["H1", "Table", "TR", "TH", "TD"]));
    expect(all.filter((role) => role === "TR")).toHaveLength(list.people.length + 1);
    for (const name of ["Weiß-Öztürk", "Çelik", "Jörg", "Zoë"]) expect(listPdf.text).toContain(name);
    // The whole phone number, and no blank page after the list.
    expect(listPdf.text).toContain("+49 6206 1234 5678 90");
    expect(listPdf.pages).toBe(1);
    expect(listPdf.text).toContain("1 / 1");

    const badgeBuffer = await bufferOf(
      await badgesPdf(attendeesOfList(database, setup.event.id, readAttendeeQuery(new URLSearchParams())), "Testkongress", "a4", "de"),
    );
    const badges = await pdfText(badgeBuffer);
    expect(badges.pages).toBe(1);
    // Tagged like every document (PDF/UA-1, PDF 1.7, XMP), a section of paragraphs per badge; Producer the same in
    // the document info and the XMP (it was an untagged PDF 1.3 without XMP).
    const badgeRaw = badgeBuffer.toString("latin1");
    expect(badgeRaw.startsWith("%PDF-1.7")).toBe(true);
    expect(badgeRaw).toContain("pdfuaid:part");
    const badgePdf = await getDocument({ data: new Uint8Array(badgeBuffer), isEvalSupported: false }).promise;
    const badgeMeta = await badgePdf.getMetadata();
    expect((badgeMeta.info as { Producer?: string }).Producer).toBe("Kongress");
    expect(badgeMeta.metadata?.get("pdf:producer")).toBe("Kongress");
    const badgeTree = await (await badgePdf.getPage(1)).getStructTree();
    const badgeRoles: string[] = [];
    const walkBadges = (node: { role?: string; children?: unknown[] }) => {
      if (node.role) badgeRoles.push(node.role);
      for (const child of node.children ?? []) walkBadges(child as { role?: string; children?: unknown[] });
    };
    walkBadges(badgeTree as never);
    expect(badgeRoles.filter((role) => role === "Div")).toHaveLength(PEOPLE.length);
    expect(badgeRoles.filter((role) => role === "P").length).toBeGreaterThanOrEqual(PEOPLE.length * 4);
    for (const name of ["Jörg Weiß-Öztürk", "Zoë Çelik", "Maximiliane-Friederike", "von Hohenzollern-Sigmaringen-Wittelsbach", 'Caritas "Bergstraße" e. V.'])
      expect(badges.text).toContain(name);
    const single = await pdfText(
      await bufferOf(await badgesPdf(attendeesOfList(database, setup.event.id, readAttendeeQuery(new URLSearchParams())), "Testkongress", "a6", "de")),
    );
    expect(single.pages).toBe(PEOPLE.length);
  });

  it("names a sheet so that Excel opens it, whatever the workshop is called", async () => {
    const rows = async function* () {
      yield [["a"]];
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await bufferOf(await xlsxStream("Klima: Hitze? [Quartier]/*Nord*\\Süd – sehr lang", [{ header: "x", width: 5 }], rows()))) as unknown as ArrayBuffer,
    );
    expect(workbook.worksheets[0]!.name).toBe("Klima- Hitze- -Quartier---Nord-");
    expect(excelSheetName("'Zitat'")).toBe("Zitat");
    expect(excelSheetName("::")).toBe("--");
    expect(excelSheetName("")).toBe("Sheet1");
  });

  it("counts registrations and attendance for the funding report", async () => {
    const stats = await eventStatistics(database, setup.event.id, "de");
    expect(stats.rows[0]).toEqual(["Angemeldet", "", PEOPLE.length, 0]);
    expect(stats.rows).toContainEqual(["Nach Ticketart", "Fachpublikum", PEOPLE.length, 0]);
    expect(stats.rows).toContainEqual(["Nach Organisation", 'Caritas "Bergstraße" e. V.', 1, 0]);
    expect(stats.rows).toContainEqual(["Nach Handlungsfeld (Buchungen)", "Teilhabe", 0, 0]);
  });
});
