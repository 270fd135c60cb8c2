import { signal } from '@preact/signals';
import { isValidCidr } from '../src/core/ip';
import type { Schedule } from '../src/core/rules/rule';
import { defaultThresholds, THRESHOLDS, type ThresholdName } from '../src/core/rules/thresholds';
import { allSites } from '../src/core/sites';
import type { TrustedDevice } from '../src/core/types';
import type { AccountView } from '../src/shared/contract';
import { ScheduleSchema, thresholdField } from '../src/shared/schemas';
import { type Settings, SettingsSchema, siteHosts } from '../src/shared/settings';
import { errorText } from '../src/ui/i18n';
import { isKnownZone } from './schedule-grid';
import { S } from './strings';
import { type DeviceDraft, deviceFromDraft } from './trusted-devices';

export interface SettingsStore {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

/** An action's outcome: undefined when saved, else what was wrong in words. */
export type Outcome = string | undefined;

/** The options page's state and actions; storage is injected so the model runs in tests without a browser. */
export function createOptionsModel(
  store: SettingsStore,
  now: () => number = Date.now,
  newId: () => string = () => crypto.randomUUID(),
) {
  const settings = signal<Settings | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  const saved = signal(false);

  async function load(): Promise<void> {
    try {
      settings.value = await store.load();
      error.value = undefined;
    } catch (err) {
      error.value = S.loadFailed(errorText(err));
    }
  }

  /** Every write is checked against the whole settings schema first: nothing invalid reaches storage. */
  // Writes run one after another, each on the settings the one before it saved: a save takes a worker round trip
  // (it re-judges every account), and a change made meanwhile must not be computed from, and overwrite with, the
  // settings from before it.
  let writing: Promise<unknown> = Promise.resolve();
  function update(change: (s: Settings) => Settings): Promise<Outcome> {
    const run = writing.then(async (): Promise<Outcome> => {
      const current = settings.value ?? (await store.load());
      const parsed = SettingsSchema.safeParse(change(current));
      if (!parsed.success) {
        return S.errIssue(parsed.error.issues[0]);
      }
      await store.save(parsed.data);
      // What storage holds now, not the copy sent: another context (the popup's "This was me", a second options
      // tab) may have stored a change while the worker re-judged before answering, and this page heard of it.
      settings.value = await store.load();
      saved.value = true;
      return undefined;
    });
    writing = run.catch(() => undefined);
    return run;
  }

  /**
   * Adds a device, or replaces the one with `editingId` (keeping its id and creation time). `accounts` are the
   * stored sessions: "some networks" left empty trusts the networks the device was seen on.
   */
  async function saveTrustedDevice(
    draft: DeviceDraft,
    editingId?: string,
    accounts: AccountView[] = [],
  ): Promise<Outcome> {
    const existing = editingId ? settings.value?.trustedDevices.find((d) => d.id === editingId) : undefined;
    const got = deviceFromDraft(draft, existing?.id ?? newId(), existing?.createdAt ?? now(), accounts);
    if ('error' in got) return got.error;
    const device: TrustedDevice = got.device;
    return update((s) => ({
      ...s,
      trustedDevices: existing
        ? s.trustedDevices.map((d) => (d.id === existing.id ? device : d))
        : [...s.trustedDevices, device],
    }));
  }

  function removeTrustedDevice(id: string): Promise<Outcome> {
    return update((s) => ({ ...s, trustedDevices: s.trustedDevices.filter((d) => d.id !== id) }));
  }

  async function saveSchedule(input: Omit<Schedule, 'id'> & { id?: string }): Promise<Outcome> {
    const name = input.name.trim();
    if (!name) return S.schedules.errName;
    if (!input.windows.length) return S.schedules.errEmpty;
    if (!isKnownZone(input.timeZone)) return S.schedules.errZone(input.timeZone);
    const candidate: Schedule = { ...input, id: input.id ?? newId(), name };
    if (!candidate.accountIds?.length) delete candidate.accountIds;
    const parsed = ScheduleSchema.safeParse(candidate);
    if (!parsed.success) {
      return S.errIssue(parsed.error.issues[0]);
    }
    const schedule = parsed.data;
    return update((s) => ({
      ...s,
      schedules: s.schedules.some((x) => x.id === schedule.id)
        ? s.schedules.map((x) => (x.id === schedule.id ? schedule : x))
        : [...s.schedules, schedule],
    }));
  }

  function removeSchedule(id: string): Promise<Outcome> {
    return update((s) => ({ ...s, schedules: s.schedules.filter((x) => x.id !== id) }));
  }

  async function addBlocklistEntry(text: string): Promise<Outcome> {
    const entry = text.trim();
    if (!isValidCidr(entry)) return S.blocklist.errInvalid(entry);
    if (settings.value?.blocklist.includes(entry)) return S.blocklist.errDuplicate(entry);
    return update((s) => ({ ...s, blocklist: [...s.blocklist, entry] }));
  }

  function removeBlocklistEntry(entry: string): Promise<Outcome> {
    return update((s) => ({ ...s, blocklist: s.blocklist.filter((x) => x !== entry) }));
  }

  async function setThreshold(key: ThresholdName, value: number): Promise<Outcome> {
    if (!Number.isFinite(value) || !thresholdField(key).safeParse(value).success) {
      return S.thresholds.errRange(THRESHOLDS[key].min, THRESHOLDS[key].max);
    }
    return update((s) => ({ ...s, thresholds: { ...s.thresholds, [key]: value } }));
  }

  function resetThreshold(key: ThresholdName): Promise<Outcome> {
    return update((s) => ({ ...s, thresholds: { ...s.thresholds, [key]: defaultThresholds[key] } }));
  }

  /** Switches one rule on or off for every account; on is stored as absence, so the map holds only what is off. */
  function setRuleEnabled(ruleId: string, isEnabled: boolean): Promise<Outcome> {
    return update((s) => {
      const { [ruleId]: _old, ...rest } = s.enabledRules ?? {};
      const next = isEnabled ? rest : { ...rest, [ruleId]: false };
      const { enabledRules: _all, ...others } = s;
      return Object.keys(next).length ? { ...others, enabledRules: next } : others;
    });
  }

  /** Sets (or with '' clears) the page "Log out of all devices" opens for a built-in or custom site. */
  async function setLogoutUrl(siteId: string, text: string): Promise<Outcome> {
    const value = text.trim();
    const site = allSites(settings.value?.customSites ?? []).find((x) => x.id === siteId);
    if (!site) return S.errSave('', siteId);
    if (value) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return S.sites.errLogoutUrl;
      }
      if (url.protocol !== 'https:') return S.sites.errLogoutUrl;
      const hosts = siteHosts(site);
      if (!hosts.includes(url.hostname)) return S.sites.errLogoutHost(hosts.join(', '));
    }
    if (site.isCustom) {
      return update((s) => ({
        ...s,
        customSites: s.customSites.map((c) => {
          if (c.id !== siteId) return c;
          const { logoutUrl: _old, ...rest } = c;
          return value ? { ...rest, logoutUrl: value } : rest;
        }),
      }));
    }
    return update((s) => {
      const { [siteId]: _old, ...rest } = s.logoutUrls ?? {};
      return { ...s, logoutUrls: value ? { ...rest, [siteId]: value } : rest };
    });
  }

  return {
    settings,
    error,
    saved,
    load,
    update,
    saveTrustedDevice,
    removeTrustedDevice,
    saveSchedule,
    removeSchedule,
    addBlocklistEntry,
    removeBlocklistEntry,
    setThreshold,
    resetThreshold,
    setRuleEnabled,
    setLogoutUrl,
  };
}

export type OptionsModel = ReturnType<typeof createOptionsModel>;

export { type ActivityModel, createActivityModel, HISTORY_LIMIT, PREVIEW_LOGINS } from './activity-model';
