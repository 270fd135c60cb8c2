import { EMERGENCY_STEPS } from './emergency-steps';
import { z } from './zod';

/**
 * What the user did about an account, with its time, as the worker records it (IndexedDB `actions`, since version
 * 7): the site's log-out page opened from the popup or the emergency checklist (all devices, or one session's own
 * control), and the emergency checklist's ticks. The support report lists them.
 */
const at = { accountId: z.string().max(1200), at: z.number().int().min(0) };
export const UserActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...at, kind: z.literal('logOutAllOpened') }),
  z.strictObject({
    ...at,
    kind: z.literal('signOutOpened'),
    device: z.string().max(500).optional(),
    ip: z.string().max(100).optional(),
  }),
  z.strictObject({ ...at, kind: z.enum(['stepTicked', 'stepUnticked']), step: z.enum(EMERGENCY_STEPS) }),
]);
export type UserAction = z.infer<typeof UserActionSchema>;

/** Actions kept per account: the oldest go first (a report needs the recent story, not years of it). */
export const MAX_ACTIONS_PER_ACCOUNT = 500;
