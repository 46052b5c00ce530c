import { z } from "zod";
import type { Database } from "~/db.server";
import { line, text } from "~/modules/forms/text";
import { mailBudgetStore, mailLimitError, takeMailBudget } from "~/modules/mail/mail-budget.server";
import { queueFeedbackMail } from "~/modules/mail/queue.server";

/**
 * Feedback through the accessibility statement (BITV 2.0 requires a way to report barriers): kept, and mailed to
 * the statement's contact through the outbox. Name and address are optional; the message is required.
 */
export const FeedbackSchema = z.object({
  name: line(200).transform((value) => value || null),
  email: z
    .string()
    .trim()
    .max(254, "errors.tooLong:254")
    .refine((value) => value === "" || z.email().safeParse(value).success, "errors.invalidEmail")
    .transform((value) => value || null),
  page: line(300).transform((value) => value || null),
  message: text(5000).pipe(z.string().min(1, "errors.required")),
});
export type FeedbackInput = z.infer<typeof FeedbackSchema>;

/**
 * Keeps the feedback and mails it to the contact, within the feedback's mail budget (mail-budget.server.ts): a
 * sender who wrote too often in a short time is asked to wait, and nothing is kept or sent.
 */
export async function sendFeedback(
  database: Database,
  input: FeedbackInput,
  recipient: string | null,
  language: string,
  sender: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; error: string; retryAfterMs: number }> {
  const budget = await takeMailBudget(mailBudgetStore(database), "feedback", recipient ? [recipient] : [], sender, now.getTime());
  if (!budget.ok) return { ok: false, error: mailLimitError(budget.retryAfterMs), retryAfterMs: budget.retryAfterMs };
  await database.write.$transaction(async (tx) => {
    const feedback = await tx.feedback.create({ data: { ...input, language, createdAt: now } });
    if (recipient) await queueFeedbackMail(tx, feedback.id, recipient, now);
  });
  return { ok: true };
}
