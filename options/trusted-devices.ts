import { isValidCidr } from '../src/core/ip';
import { isTooBroad, trustedDeviceMatches } from '../src/core/trust';
import { networkOf } from '../src/core/trust-from-row';
import type { DeviceType, StoredSession, TrustedDevice } from '../src/core/types';
import type { AccountView } from '../src/shared/contract';
import { TrustedDeviceSchema } from '../src/shared/schemas';
import { isolate, ltr } from '../src/ui/i18n';
import { S } from './strings';

/** What the trusted-device form holds: text as typed, turned into a TrustedDevice on save. */
export interface DeviceDraft {
  name: string;
  pattern: string;
  browser: string;
  os: string;
  model: string;
  deviceType: DeviceType | '';
  isAnyNetwork: boolean;
  ipRanges: string;
  countries: string;
  isAllAccounts: boolean;
  accountIds: string[];
}

/**
 * A new device starts on "some networks": left empty, the networks its sessions were seen on are trusted
 * (`networksOfDraft`). "Any network" is a choice that never silences network signals, not the default.
 */
export function emptyDraft(): DeviceDraft {
  return {
    name: '',
    pattern: '',
    browser: '',
    os: '',
    model: '',
    deviceType: '',
    isAnyNetwork: false,
    ipRanges: '',
    countries: '',
    isAllAccounts: true,
    accountIds: [],
  };
}

export function draftOf(d: TrustedDevice): DeviceDraft {
  return {
    name: d.name,
    pattern: d.pattern ?? '',
    browser: d.browser ?? '',
    os: d.os ?? '',
    model: d.model ?? '',
    deviceType: d.deviceType ?? '',
    isAnyNetwork: !d.ipRanges?.length,
    ipRanges: (d.ipRanges ?? []).join('\n'),
    countries: (d.countries ?? []).join(', '),
    isAllAccounts: !d.accountIds?.length,
    accountIds: d.accountIds ?? [],
  };
}

/** Items separated by commas, spaces or new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

// Codes CLDR names that are not ISO 3166-1 countries: a place never resolves to them ("UK" is GB).
const NOT_COUNTRIES = new Set(['UK', 'EU', 'EZ', 'UN', 'ZZ', 'QO']);
let regions: Intl.DisplayNames | undefined;

function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  regions ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regions.of(code) !== undefined;
}

/**
 * The networks (the /24 or /64 of each address) of the stored sessions the draft's device words match: what "some
 * networks" trusts when the user leaves the ranges empty.
 */
export function networksOfDraft(draft: DeviceDraft, accounts: AccountView[]): string[] {
  const words: TrustedDevice = { id: 'draft', name: 'draft', createdAt: 0 };
  for (const key of ['pattern', 'browser', 'os', 'model'] as const) {
    const v = draft[key].trim();
    if (v) words[key] = v;
  }
  if (draft.deviceType) words.deviceType = draft.deviceType;
  if (isTooBroad(words)) return [];
  const out = new Set<string>();
  for (const m of sessionsMatching(words, accounts)) {
    const net = networkOf(m.session.ip);
    if (net) out.add(net);
  }
  return [...out].slice(0, 100);
}

/** The device the draft describes, or the first thing wrong with it in words. */
export function deviceFromDraft(
  draft: DeviceDraft,
  id: string,
  createdAt: number,
  accounts: AccountView[] = [],
): { device: TrustedDevice } | { error: string } {
  const name = draft.name.trim();
  if (!name) return { error: S.trusted.errName };
  const device: TrustedDevice = { id, name, createdAt };
  for (const key of ['pattern', 'browser', 'os', 'model'] as const) {
    const v = draft[key].trim();
    if (v) device[key] = v;
  }
  if (draft.deviceType) device.deviceType = draft.deviceType;
  if (!draft.isAnyNetwork) {
    const typed = splitList(draft.ipRanges);
    const ranges = typed.length ? typed : networksOfDraft(draft, accounts);
    if (!ranges.length) return { error: S.trusted.errNoRanges };
    const bad = ranges.find((r) => !isValidCidr(r));
    if (bad) return { error: S.trusted.errRange(bad) };
    device.ipRanges = [...new Set(ranges)];
  }
  const countries = splitList(draft.countries).map((c) => c.toUpperCase());
  const badCountry = countries.find((c) => !isCountryCode(c));
  if (badCountry) return { error: S.trusted.errCountry(badCountry) };
  if (countries.length) device.countries = [...new Set(countries)];
  if (!draft.isAllAccounts) {
    if (!draft.accountIds.length) return { error: S.trusted.errNoAccounts };
    device.accountIds = [...draft.accountIds];
  }
  // A lone `*`, only a device type or only countries would trust nearly every device.
  if (isTooBroad(device)) return { error: S.trusted.errNoCriterion };
  const parsed = TrustedDeviceSchema.safeParse(device);
  if (!parsed.success) {
    return { error: S.errIssue(parsed.error.issues[0]) };
  }
  return { device: parsed.data };
}

export interface SessionMatch {
  accountId: string;
  siteName: string;
  session: StoredSession;
}

/**
 * The stored sessions a trusted device covers, judged exactly as the unknown-device rule judges them
 * (same matcher, same observation: device text, user agent, IP and account).
 */
export function sessionsMatching(device: TrustedDevice, accounts: AccountView[]): SessionMatch[] {
  const out: SessionMatch[] = [];
  for (const a of accounts) {
    for (const s of a.sessions) {
      const isMatch = trustedDeviceMatches(device, {
        accountId: a.account.id,
        device: s.device,
        userAgent: s.userAgent,
        ip: s.ip,
      });
      if (isMatch) out.push({ accountId: a.account.id, siteName: a.siteName, session: s });
    }
  }
  return out;
}

export function sessionTotal(accounts: AccountView[]): number {
  return accounts.reduce((n, a) => n + a.sessions.length, 0);
}

/** One line describing what a device matches, for the list. */
export function describeDevice(d: TrustedDevice, accountName: (id: string) => string): string {
  const parts: string[] = [];
  if (d.pattern) parts.push(`"${ltr(d.pattern)}"`);
  if (d.browser) parts.push(d.browser);
  if (d.os) parts.push(d.os);
  if (d.model) parts.push(d.model);
  if (d.deviceType) parts.push(S.trusted.deviceTypeName(d.deviceType));
  if (!parts.length) parts.push(S.trusted.summaryAnything);
  parts.push(d.ipRanges?.length ? ltr(d.ipRanges.join(', ')) : S.trusted.anyNetworkShort);
  parts.push(d.countries?.length ? S.list(d.countries) : S.trusted.anywhere);
  parts.push(d.accountIds?.length ? S.list(d.accountIds.map(accountName)) : S.trusted.everyAccount);
  return parts.map(isolate).join(' · ');
}
