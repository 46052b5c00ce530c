/**
 * What a cancelled paid ticket gives back, by the event's rule: "full" always; "until_date" in full until
 * `refundUntil`, nothing after; "fee" in full until `refundUntil`, the price less the cancellation fee after.
 */
export const REFUND_RULES = ["full", "until_date", "fee"] as const;
export type RefundRuleKind = (typeof REFUND_RULES)[number];
export type RefundRule = { refundRule: string; refundUntil: Date | null; cancellationFeeCents: number };

export function refundFor(rule: RefundRule, priceCents: number, now: Date): number {
  if (rule.refundRule === "full" || !rule.refundUntil || now <= rule.refundUntil) return priceCents;
  if (rule.refundRule === "fee") return Math.max(0, priceCents - rule.cancellationFeeCents);
  return 0;
}
