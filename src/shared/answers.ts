import { TrustedDeviceSchema } from './schemas';
import { z } from './zod';

/**
 * What the user answered on an incident from the popup, kept so it can be undone ("Dismissed and trusted"): the
 * warnings it closed and, for "This was me", the trusted device it created or widened with how it was before.
 * Kept in storage.local under `answers`, apart from settings; newest first, at most MAX_ANSWERS.
 */
export const AnswerSchema = z.strictObject({
  id: z.string().min(1).max(100),
  at: z.number().int().min(0),
  accountId: z.string().min(1).max(1200),
  kind: z.enum(['dismissed', 'trusted']),
  warningIds: z.array(z.string().min(1).max(1200)).min(1).max(200),
  /** The device and address the incident was about, as the list shows it. */
  label: z.string().max(600),
  trust: z
    .strictObject({
      deviceId: z.string().min(1).max(100),
      name: z.string().max(100),
      /** The entry before "This was me" widened it; null when it created the entry. */
      before: TrustedDeviceSchema.nullable(),
    })
    .optional(),
  /** API keys and withdrawal addresses "I added it" confirmed (src/core/backdoors.ts), so undo can take it back. */
  confirmed: z
    .array(z.strictObject({ store: z.enum(['apiKeys', 'whitelist']), id: z.string().min(1).max(1200) }))
    .max(200)
    .optional(),
});
export type Answer = z.infer<typeof AnswerSchema>;

export const MAX_ANSWERS = 100;
export const ANSWERS_KEY = 'answers';

/** Whatever storage held; an unreadable entry is dropped rather than failing the others. */
export function parseAnswers(raw: unknown): Answer[] {
  if (!Array.isArray(raw)) return [];
  const out: Answer[] = [];
  for (const item of raw.slice(0, MAX_ANSWERS)) {
    const parsed = AnswerSchema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}
