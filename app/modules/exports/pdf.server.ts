import { createRequire } from "node:module";

/**
 * PDF documents with DejaVu Sans embedded (subset), so umlauts, accents and most European letters print
 * right (PDFKit's built-in Helvetica knows only Latin-1). Sizes in millimetres where people think in them.
 */
const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf").replace(/DejaVuSans\.ttf$/, "");
export const FONTS = { regular: `${FONT_DIR}DejaVuSans.ttf`, bold: `${FONT_DIR}DejaVuSans-Bold.ttf`, condensedBold: `${FONT_DIR}DejaVuSansCondensed-Bold.ttf` };

export const mm = (millimetres: number) => (millimetres * 72) / 25.4;

/**
 * `accessible`: a tagged PDF declared PDF/UA-1 – the caller must then put all its content into the structure
 * tree (`doc.struct`) and mark decoration as artifacts, which the item lists do.
 */
export async function newPdf(options: PDFKit.PDFDocumentOptions & { title: string; accessible?: boolean }): Promise<PDFKit.PDFDocument> {
  // Loaded on first use: PDFKit and its font engine are large, and most server processes never print.
  const { default: PDFDocument } = await import("pdfkit");
  const { accessible, ...rest } = options;
  const doc = new PDFDocument({
    ...rest,
    // PDFKit knows "PDF/UA" (it writes the PDF/UA identification); its type definitions list only the PDF/A subsets.
    ...(accessible ? { pdfVersion: "1.7" as const, tagged: true, subset: "PDF/UA" as unknown as PDFKit.Mixins.PDFSubsets } : {}),
    // PDFKit writes the XMP's pdf:Producer from Creator: the document info says the same, so the two agree.
    info: { Title: options.title, Creator: "Kongress", Producer: "Kongress" },
    lang: "de-DE",
    displayTitle: true,
    autoFirstPage: options.autoFirstPage ?? true,
  });
  doc.registerFont("regular", FONTS.regular);
  doc.registerFont("bold", FONTS.bold);
  doc.registerFont("condensed-bold", FONTS.condensedBold);
  doc.font("regular");
  return doc;
}

/**
 * A table cell of a tagged PDF. A header cell says which cells it heads (PDF/UA-1 checkpoint 15-003: every TH has a
 * Scope): the column below it, through the attribute dictionary of the Table owner, as PDFKit's own tables write it.
 */
export function tableCell(doc: PDFKit.PDFDocument, kind: "TH" | "TD", content: () => void): PDFKit.PDFStructureElement {
  const cell = doc.struct(kind, {}, content);
  if (kind === "TH") {
    const attributes = doc.ref({ O: "Table", Scope: "Column" });
    // PDFKit's structure elements have no option for attributes; its table module sets them on the dictionary too.
    (cell as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = attributes;
    attributes.end(undefined); // no chunk to add: the dictionary is the whole object
  }
  return cell;
}

/** What a PDF may hold unread before the writer waits: PDFKit itself writes on regardless of back-pressure. */
const UNREAD_LIMIT = 512 * 1024;

/** Waits until the reader (the download) has taken the PDF's output down to the limit, so memory stays flat. */
export async function untilReadOn(doc: PDFKit.PDFDocument): Promise<void> {
  while (doc.readableLength > UNREAD_LIMIT && !doc.destroyed) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Sets the largest font size up to `size` (and down to 6 pt) at which `text` fits `width` on one line. */
export function fitText(doc: PDFKit.PDFDocument, text: string, width: number, size: number) {
  doc.fontSize(size);
  const natural = doc.widthOfString(text);
  if (natural > width) doc.fontSize(Math.max(6, Math.floor(((size * width) / natural) * 10) / 10));
}
