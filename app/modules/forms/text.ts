import { z } from "zod";

/**
 * Text rules every form shares. C0 controls and DEL have no place in what people type: single-line fields
 * allow none, multi-line fields allow line breaks and tabs.
 */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
export const CONTROL_CHARS_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** One line of at most `max` characters, trimmed. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.tooLong:${max}`)
    .refine((value) => !CONTROL_CHARS.test(value), "errors.controlChars");

/** Text with line breaks, at most `max` characters, trimmed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `errors.tooLong:${max}`)
    .refine((value) => !CONTROL_CHARS_EXCEPT_NEWLINES.test(value), "errors.controlChars");
