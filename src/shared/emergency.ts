import { EMERGENCY_STEPS } from './emergency-steps';
import { z } from './zod';

export { EMERGENCY_STEPS, type EmergencyStep } from './emergency-steps';

export const EmergencyChecklistSchema = z.strictObject({
  startedAt: z.number().int().min(0),
  done: z.array(z.enum(EMERGENCY_STEPS)).max(EMERGENCY_STEPS.length),
});
export type EmergencyChecklist = z.infer<typeof EmergencyChecklistSchema>;

/** Per account id; kept in storage.local under `emergency`. */
export const EmergencyStateSchema = z.record(z.string().max(1200), EmergencyChecklistSchema);
export type EmergencyState = z.infer<typeof EmergencyStateSchema>;

export { EMERGENCY_KEY } from './storage-keys';

/** Whatever storage held; an unreadable entry is dropped rather than failing the others. */
export function parseEmergency(raw: unknown): EmergencyState {
  if (typeof raw !== 'object' || raw === null) return {};
  const out: EmergencyState = {};
  for (const [id, value] of Object.entries(raw).slice(0, 500)) {
    const parsed = EmergencyChecklistSchema.safeParse(value);
    if (parsed.success && id.length <= 1200) out[id] = parsed.data;
  }
  return out;
}
