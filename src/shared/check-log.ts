import type { CheckLog, CheckState } from '../core/background-check';
import { z } from './zod';

/** One account's background-check state as kept in storage.local (src/core/background-check.ts). */
export const CheckStateSchema = z.strictObject({
  lastAttemptAt: z.number().optional(),
  lastResult: z.enum(['read', 'signed-out', 'failed']).optional(),
  lastReadAt: z.number().optional(),
  signedOutStreak: z.number().int().min(0).max(1000),
  isPaused: z.boolean(),
  jitterMs: z
    .number()
    .min(0)
    .max(7 * 86_400_000),
}) satisfies z.ZodType<CheckState>;

export { CHECK_LOG_KEY } from './storage-keys';

/** Reads the stored log; an unreadable entry sets aside that account's state only (it is checked as if new). */
export function parseCheckLog(raw: unknown): CheckLog {
  const out: CheckLog = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [id, entry] of Object.entries(raw as Record<string, unknown>).slice(0, 1000)) {
    const parsed = CheckStateSchema.safeParse(entry);
    if (parsed.success) out[id] = parsed.data;
  }
  return out;
}
