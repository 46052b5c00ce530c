import { z } from "zod";
import { line } from "~/modules/forms/text";

/**
 * The organisers' form for money received or paid back by transfer: an amount in euros as Germans type it
 * ("89", "89,00", "1.234,50"), the day it arrived, an optional note. Shared by server and browser.
 */
const euros = z
  .string()
  .trim()
  .regex(/^\d{1,3}(\.?\d{3})*(,\d{1,2})?$|^\d+([.,]\d{1,2})?$/, "errors.amountInvalid")
  .transform((value) => {
    const normalised = value.includes(",") ? value.replace(/\./g, "").replace(",", ".") : value;
    return Math.round(Number(normalised) * 100);
  })
  .refine((cents) => cents > 0 && cents <= 10_000_000, "errors.amountInvalid");

export const TransferFormSchema = z.object({
  amount: euros,
  receivedAt: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "errors.invalidDate")
    .transform((value) => new Date(`${value}T12:00:00Z`))
    .refine((date) => !Number.isNaN(date.getTime()), "errors.invalidDate"),
  note: line(200).transform((value) => value || null),
});
export type TransferForm = z.infer<typeof TransferFormSchema>;

/** What the payments page lists: open invoices, every paid registration, or those with money to pay back. */
export const PAYMENT_FILTERS = ["open", "all", "refund"] as const;
export type PaymentFilter = (typeof PAYMENT_FILTERS)[number];
