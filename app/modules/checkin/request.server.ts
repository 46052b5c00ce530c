import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "~/db.server";
import type { ScanAnswerView } from "./answer";
import { ScanIdReused, scanTicket, undoCheckIn } from "./scan.server";

/**
 * What a scanner device may post, for the JSON endpoint and the page's form alike: a scanned or typed
 * code, a person picked from the name search, or an undo. The scan id comes from the device (a retry
 * repeats it); a form without one gets a fresh id.
 */
const scanId = z
  .string()
  .trim()
  .min(8)
  .max(64)
  .regex(/^[\w:-]+$/)
  .optional();
export const scanCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("scan"), code: z.string().max(500), scanId }),
  z.object({ intent: z.literal("manual"), attendeeId: z.string().min(1).max(64), scanId }),
  z.object({ intent: z.literal("undo"), checkInId: z.string().min(1).max(64) }),
]);
export type ScanCommand = z.infer<typeof scanCommandSchema>;

export type ScanCommandOutcome = { kind: "answer"; answer: ScanAnswerView } | { kind: "undo"; undone: boolean } | { kind: "invalid" };

export async function runScanCommand(database: Database, listId: string, staffUserId: string, form: FormData): Promise<ScanCommandOutcome> {
  const parsed = scanCommandSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { kind: "invalid" };
  const command = parsed.data;
  if (command.intent === "undo") return { kind: "undo", undone: await undoCheckIn(database, listId, command.checkInId, staffUserId) };
  const target = command.intent === "scan" ? { code: command.code } : { attendeeId: command.attendeeId };
  let answer;
  try {
    answer = await scanTicket(database, { listId, staffUserId, scanId: command.scanId ?? randomUUID(), ...target });
  } catch (error) {
    if (error instanceof ScanIdReused) return { kind: "invalid" };
    throw error;
  }
  return {
    kind: "answer",
    answer: { ...answer, earlier: answer.earlier ? { at: answer.earlier.at.toISOString(), by: answer.earlier.by } : null },
  };
}
