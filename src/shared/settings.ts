import { defaultThresholds } from '../core/rules/rule';
import { type CustomSite, isNamedHostPattern } from '../core/sites';
import { ChecklistSchema } from './checklist';
import { ScheduleSchema, ThresholdsSchema, TrustedDeviceSchema } from './schemas';
import { z } from './zod';

/** A site the user added; its host permission is asked for when it is added. */
export const CustomSiteSchema = z.strictObject({
  id: z.string().max(300),
  name: z.string().trim().min(1).max(80),
  pattern: z
    .string()
    .max(500)
    .refine(isNamedHostPattern, 'Use a pattern like https://exchange.example/profile/security*'),
  logoutUrl: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  createdAt: z.number(),
}) satisfies z.ZodType<CustomSite>;

/** Everything the user sets, kept in storage.local under one key and watched by every context. */
export const SettingsSchema = z.strictObject({
  version: z.literal(1),
  trustedDevices: z.array(TrustedDeviceSchema).max(500),
  schedules: z.array(ScheduleSchema).max(50),
  blocklist: z.array(z.string().max(64)).max(1000),
  thresholds: ThresholdsSchema,
  /** Built-in site ids the user switched off. */
  disabledSites: z.array(z.string().max(300)).max(100),
  /** Sites the user added (older settings have none). */
  customSites: z.array(CustomSiteSchema).max(50),
  /** Days of history to keep; 0 keeps everything. */
  retentionDays: z.number().int().min(0).max(36500),
  /** The MDM-style security checklist (Data › Checklist); absent until the user imports one. */
  checklist: ChecklistSchema.optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SETTINGS_KEY = 'settings';

export function defaultSettings(): Settings {
  return {
    version: 1,
    trustedDevices: [],
    schedules: [],
    blocklist: [],
    thresholds: { ...defaultThresholds },
    disabledSites: [],
    customSites: [],
    retentionDays: 0,
  };
}

/** Reads whatever storage held; anything unreadable falls back to defaults field by field rather than failing. */
export function parseSettings(raw: unknown): Settings {
  const parsed = SettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const defaults = defaultSettings();
  if (typeof raw !== 'object' || raw === null) return defaults;
  const out: Record<string, unknown> = { ...defaults };
  for (const [key, schema] of Object.entries(SettingsSchema.shape)) {
    const field = schema.safeParse((raw as Record<string, unknown>)[key]);
    if (field.success) out[key] = field.data;
  }
  return SettingsSchema.parse(out);
}
