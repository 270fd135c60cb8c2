import { defaultReminderSettings, type ReminderSettings } from '../core/reminders';
import { defaultThresholds } from '../core/rules/rule';
import { type CustomSite, isNamedHostPattern, type SiteDefinition } from '../core/sites';
import { ChecklistSchema } from './checklist';
import { ScheduleSchema, ThresholdsSchema, TrustedDeviceSchema } from './schemas';
import { z } from './zod';
import { REFINE_LOGOUT_PAGES, REFINE_PATTERN, REFINE_RULE_SWITCHES } from './zod-issue';

/** A site the user added; its host permission is asked for when it is added. */
export const CustomSiteSchema = z.strictObject({
  id: z.string().max(300),
  name: z.string().trim().min(1).max(80),
  pattern: z.string().max(500).refine(isNamedHostPattern, REFINE_PATTERN),
  logoutUrl: z
    .url({ protocol: /^https$/ })
    .max(2000)
    .optional(),
  createdAt: z.number(),
}) satisfies z.ZodType<CustomSite>;

/** Review reminders (alarms + notifications); days of 0 switch a kind off. */
export const ReminderSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  deviceReviewDays: z.number().int().min(0).max(366),
  staleCleanupDays: z.number().int().min(0).max(366),
  credentialCheckDays: z.number().int().min(0).max(366),
  mutedAccountIds: z.array(z.string().max(1200)).max(500),
}) satisfies z.ZodType<ReminderSettings>;

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
  /** Review reminders (older settings have the defaults). */
  reminders: ReminderSettingsSchema,
  /** Log-out-all pages the user set, by site id (built-in or custom); the registry's page when absent. */
  logoutUrls: z
    .record(z.string().max(300), z.url({ protocol: /^https$/ }).max(2000))
    .refine((r) => Object.keys(r).length <= 200, REFINE_LOGOUT_PAGES)
    .optional(),
  /**
   * Rules the user switched off in Thresholds (rule id → false); a rule absent is on. Optional: older settings
   * have none, and every rule runs.
   */
  enabledRules: z
    .record(z.string().max(64), z.boolean())
    .refine((r) => Object.keys(r).length <= 100, REFINE_RULE_SWITCHES)
    .optional(),
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
    reminders: { ...defaultReminderSettings, mutedAccountIds: [] },
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

/** Hosts a site's match patterns name (`*.` prefixes dropped). */
export function siteHosts(site: SiteDefinition): string[] {
  return site.matches.map((p) => /^[a-z*]+:\/\/(?:\*\.)?([^/]+)/.exec(p)?.[1] ?? '').filter(Boolean);
}

/**
 * The page "Log out of all devices" opens: the user's override when it is an https page on one of the site's
 * own hosts, else the registry's. A stored override on another host is ignored rather than followed.
 */
export function logoutUrlFor(site: SiteDefinition, settings: Pick<Settings, 'logoutUrls'>): string {
  const override = settings.logoutUrls?.[site.id];
  if (!override) return site.links.devices;
  try {
    const url = new URL(override);
    return url.protocol === 'https:' && siteHosts(site).includes(url.hostname) ? override : site.links.devices;
  } catch {
    return site.links.devices;
  }
}
