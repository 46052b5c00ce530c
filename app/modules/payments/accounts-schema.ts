import { z } from "zod";
import { line } from "~/modules/forms/text";
import { moneyField } from "~/modules/money/money";

/**
 * The organisers' form for money received or paid back by transfer: an amount in euros as typed
 * ("89", "89,00", "1.234,50", read by the one money grammar of money.ts), the day it arrived, an optional note. Shared by server and browser.
 */
export const TransferFormSchema = z.object({
  amount: moneyField({ empty: "required", positive: true }),
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
