import { z } from "zod";

/** A scanner's batch of offline scans: each with its id, the code as read, the device's time and its own answer. */
export const SyncRequestSchema = z.object({
  device: z
    .string()
    .trim()
    .max(60)
    .regex(/^[^\u0000-\u001f<>]*$/),
  scans: z
    .array(
      z.object({
        scanId: z
          .string()
          .min(8)
          .max(64)
          .regex(/^[\w:-]+$/),
        code: z.string().min(1).max(500),
        at: z.iso.datetime(),
        offlineResult: z.enum(["valid", "already_checked_in", "not_admitted", "cancelled_ticket", "unknown_code"]),
      }),
    )
    .min(1)
    .max(200),
});
