import { CHECK_SCHEDULES } from '../core/background-check';
import { defaultReminderSettings, type ReminderSettings } from '../core/reminders';
import { defaultThresholds } from '../core/rules/rule';
import { type CustomSite, isNamedHostPattern, type SiteDefinition } from '../core/sites';
import { ChecklistSchema } from './checklist-schema';
import { ScheduleSchema, ThresholdsSchema, TrustedDeviceSchema } from './schemas';
import { z } from './zod';
import {
  englishError,
  issuesMessage,
  REFINE_LOGOUT_HOST,
  REFINE_LOGOUT_PAGES,
  REFINE_PATTERN,
  REFINE_RULE_SWITCHES,
} from './zod-issue';

/** A site the user added; its host permission is asked for when it is added. */
export const CustomSiteSchema = z
  .strictObject({
    id: z.string().max(300),
    name: z.string().trim().min(1).max(80),
    pattern: z.string().max(500).refine(isNamedHostPattern, REFINE_PATTERN),
    logoutUrl: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .optional(),
    createdAt: z.number(),
  })
  // The page "Log out of all devices" opens is the site's own: a backup cannot point it at another host.
  .refine((site) => site.logoutUrl === undefined || isOnPatternHost(site.logoutUrl, site.pattern), {
    message: REFINE_LOGOUT_HOST,
    path: ['logoutUrl'],
  }) satisfies z.ZodType<CustomSite>;

/** Whether an https URL is on the host a site pattern names. */
function isOnPatternHost(url: string, pattern: string): boolean {
  const host = /^https:\/\/([^/]+)\//.exec(pattern)?.[1];
  try {
    return host !== undefined && new URL(url).hostname === host;
  } catch {
    return false;
  }
}

/** Review reminders (alarms + notifications); days of 0 switch a kind off. */
export const ReminderSettingsSchema = z.strictObject({
  enabled: z.boolean(),
  deviceReviewDays: z.number().int().min(0).max(366),
  staleCleanupDays: z.number().int().min(0).max(366),
  credentialCheckDays: z.number().int().min(0).max(366),
  mutedAccountIds: z.array(z.string().max(1200)).max(500),
}) satisfies z.ZodType<ReminderSettings>;

/**
 * Settings migrations, append-only: entry i turns settings of version i + 1 into version i + 2, and the current
 * version is this list's length + 1. Each takes the stored object as it was (no schema of today) and has a seed in
 * settings.test.ts for every version before it. None yet: every change so far only added optional fields.
 */
export const settingsMigrations: ((stored: Record<string, unknown>) => Record<string, unknown>)[] = [];
export const SETTINGS_VERSION = settingsMigrations.length + 1;

/** Stored settings brought to SETTINGS_VERSION; a newer version (a downgrade) is read as it is, item by item. */
export function migrateSettings(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  const from = typeof doc.version === 'number' && Number.isInteger(doc.version) ? doc.version : 1;
  for (let v = Math.max(1, from); v < SETTINGS_VERSION; v++) {
    const migrate = settingsMigrations[v - 1];
    if (migrate) doc = { ...migrate(doc), version: v + 1 };
  }
  return doc;
}

/** Everything the user sets, kept in storage.local under one key and watched by every context. */
export const SettingsSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
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
  /** Accounts the watchdog checks by itself (src/core/background-check.ts), by account id; absent is off. */
  backgroundChecks: z
    .record(z.string().max(1200), z.enum(CHECK_SCHEDULES))
    .refine((r) => Object.keys(r).length <= 500, 'Too many accounts with background checks')
    .optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export { SETTINGS_KEY } from './storage-keys';

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
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

/** A stored settings item that no longer validates, set aside (storage.local `settingsQuarantine`) rather than lost. */
export interface QuarantinedItem {
  /** The settings field it was in (`trustedDevices`, `thresholds`…). */
  field: string;
  /** The item as it was stored (for a list, one element; else the field's whole value). */
  item: unknown;
  /** Why it was set aside, in English with the exact path (`trustedDevices[2].os: longer than 50 characters`). */
  why: string;
}

export const QUARANTINE_KEY = 'settingsQuarantine';
/** Past this the oldest set-aside items go: a store that keeps failing must not grow without bound. */
export const MAX_QUARANTINE = 200;

const ITEM_LISTS = ['trustedDevices', 'schedules', 'blocklist', 'disabledSites', 'customSites'] as const;

function why(field: string, index: number | undefined, error: z.ZodError): string {
  const base: (string | number)[] = index === undefined ? [field] : [field, index];
  return englishError(
    issuesMessage(
      error.issues.map((i) => ({ ...i, path: [...base, ...i.path] })),
      'importErr_notValid',
    ),
  );
}

/**
 * Reads whatever storage held, item by item: every valid element of a list is kept and each invalid one set aside
 * with why (`quarantined`), never the whole list; a field that is not a list falls back to its default and its
 * value is set aside the same way. The caller keeps what is set aside (saveSettings, quarantineBadSettings).
 */
export function readSettings(stored: unknown): { settings: Settings; quarantined: QuarantinedItem[] } {
  const raw = migrateSettings(stored);
  const parsed = SettingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, quarantined: [] };
  const defaults = defaultSettings();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      settings: defaults,
      quarantined: raw === undefined ? [] : [{ field: '(root)', item: raw, why: '(root): expected object' }],
    };
  }
  const doc = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...defaults };
  const quarantined: QuarantinedItem[] = [];
  const shape = SettingsSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (key === 'version' || !Object.hasOwn(doc, key)) continue;
    const value = doc[key];
    const list = (ITEM_LISTS as readonly string[]).includes(key) ? (shape[key] as z.ZodArray<z.ZodType>) : undefined;
    if (list && Array.isArray(value)) {
      const kept: unknown[] = [];
      value.forEach((item, i) => {
        const r = list.element.safeParse(item);
        if (r.success) kept.push(r.data);
        else quarantined.push({ field: key, item, why: why(key, i, r.error) });
      });
      // Over the list's cap: the first items are kept, the rest set aside one by one.
      const cap = maxOf(list);
      for (const item of kept.slice(cap)) quarantined.push({ field: key, item, why: `${key}: more than ${cap} items` });
      out[key] = kept.slice(0, cap);
      continue;
    }
    const field = shape[key].safeParse(value);
    if (field.success) out[key] = field.data;
    else if (value !== undefined) quarantined.push({ field: key, item: value, why: why(key, undefined, field.error) });
  }
  const settings = SettingsSchema.safeParse(out);
  return settings.success ? { settings: settings.data, quarantined } : { settings: defaults, quarantined };
}

/** A list schema's `.max()`, read from its checks (zod fills `bag` only once the schema has parsed something). */
function maxOf(list: z.ZodArray<z.ZodType>): number {
  let max = Number.MAX_SAFE_INTEGER;
  for (const check of list.def.checks ?? []) {
    const def = check._zod.def as { check?: string; maximum?: number };
    if (def.check === 'max_length' && def.maximum !== undefined) max = Math.min(max, def.maximum);
  }
  return max;
}

/** Reads whatever storage held; see readSettings (what is set aside is not answered here). */
export function parseSettings(raw: unknown): Settings {
  return readSettings(raw).settings;
}

/** What storage.local holds under QUARANTINE_KEY, read defensively (it is ours, but old or hand-edited). */
export function parseQuarantine(raw: unknown): QuarantinedItem[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (x): x is QuarantinedItem =>
        typeof x === 'object' && x !== null && typeof x.field === 'string' && typeof x.why === 'string',
    )
    .map((x) => ({ field: x.field, item: x.item, why: x.why }));
}

/** Adds newly set-aside items (an identical one already kept is not added twice), the oldest dropped past the cap. */
export function addToQuarantine(kept: QuarantinedItem[], added: QuarantinedItem[]): QuarantinedItem[] {
  const seen = new Set(kept.map((x) => JSON.stringify([x.field, x.item])));
  const out = [...kept];
  for (const x of added) {
    const k = JSON.stringify([x.field, x.item]);
    if (!seen.has(k)) out.push(x);
    seen.add(k);
  }
  return out.slice(-MAX_QUARANTINE);
}

/**
 * Puts a set-aside item back into its list when it validates now (after an update that reads it, or when the
 * list has room again); answers the settings with it, or why it still cannot be.
 */
export function restoreItem(
  settings: Settings,
  q: QuarantinedItem,
): { ok: true; settings: Settings } | { ok: false; why: string } {
  const shape = SettingsSchema.shape;
  const key = q.field as keyof typeof shape;
  if (!Object.hasOwn(shape, key) || key === 'version') return { ok: false, why: `${q.field}: unknown field` };
  const isList = (ITEM_LISTS as readonly string[]).includes(key);
  const candidate = isList
    ? { ...settings, [key]: [...(settings[key] as unknown[]), q.item] }
    : { ...settings, [key]: q.item };
  const r = SettingsSchema.safeParse(candidate);
  if (r.success) return { ok: true, settings: r.data };
  return { ok: false, why: englishError(issuesMessage(r.error.issues, 'importErr_notValid')) };
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
