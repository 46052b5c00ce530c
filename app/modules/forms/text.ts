import { z } from "zod";

/**
 * Text rules every form shares. C0 and C1 controls and DEL have no place in what people type: single-line fields
 * allow none, multi-line fields allow line breaks and tabs.
 */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
export const CONTROL_CHARS_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Characters that change how text around them looks without being seen: direction overrides, embeddings and
 * isolates (U+202A–202E, U+2066–2069: "‮Gnp.exe" shows as "exe.pnG" in a spreadsheet), direction marks, zero-width
 * space, word joiner and invisible operators, the byte order mark, interlinear annotation marks; and what broken
 * input leaves behind: U+FFFD for bytes that were not UTF-8, lone surrogates. Refused with a message on every form
 * rather than stripped, so what is stored is what the person saw. The zero-width (non-)joiners U+200C/U+200D stay
 * allowed: Persian and Indic names and emoji sequences need them.
 */
export const INVISIBLE_CHARS =
  /[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The error of a typed text, or null: control characters first, then invisible ones. */
export function textError(value: string, multiLine: boolean): "errors.controlChars" | "errors.invisibleChars" | null {
  if ((multiLine ? CONTROL_CHARS_EXCEPT_NEWLINES : CONTROL_CHARS).test(value)) return "errors.controlChars";
  if (INVISIBLE_CHARS.test(value)) return "errors.invisibleChars";
  return null;
}

/** One line of at most `max` characters, trimmed. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.tooLong:${max}`)
    .superRefine((value, context) => {
      const error = textError(value, false);
      if (error) context.addIssue({ code: "custom", message: error });
    });

/** Text with line breaks, at most `max` characters, trimmed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.tooLong:${max}`)
    .superRefine((value, context) => {
      const error = textError(value, true);
      if (error) context.addIssue({ code: "custom", message: error });
    });
