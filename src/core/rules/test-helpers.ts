import hostingData from '../../data/generated/hosting.json';
import placesData from '../../data/generated/places.json';
import { loadHostingTable, lookupHosting } from '../hosting';
import { loadGazetteer, resolvePlace } from '../place';
import type { Account, StoredLogin, StoredSession, TrustedDevice } from '../types';
import { defaultThresholds, type GeoLookup, type RuleContext } from './rule';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-03-02 12:00 UTC: the "now" of every test unless it says otherwise. */
export const NOW = Date.UTC(2026, 2, 2, 12);
export const ACCOUNT_ID = 'binance:123';

export const CHROME_WIN = 'Chrome 126 (Windows 10)';
export const CHROME_WIN_127 = 'Chrome 127 (Windows 10)';
export const FIREFOX_LINUX = 'Firefox 128 (Linux)';
export const IPHONE_APP = 'Binance App (iPhone 15 Pro, iOS 17.5)';

/** The real tables, as the worker loads them. */
let real: GeoLookup | undefined;
export function realGeo(): GeoLookup {
  if (!real) {
    const g = loadGazetteer(placesData);
    const h = loadHostingTable(hostingData);
    real = { resolvePlace: (t) => resolvePlace(t, g), lookupHosting: (ip) => lookupHosting(ip, h) };
  }
  return real;
}

export function account(id = ACCOUNT_ID): Account {
  const [siteId = 'binance', hint = 'default'] = id.split(':');
  return { id, siteId, hint, firstScanAt: NOW - 90 * DAY, lastScanAt: NOW, scanCount: 3 };
}

let seq = 0;
export function login(l: Partial<StoredLogin> & { time: number }): StoredLogin {
  seq++;
  return {
    key: `${ACCOUNT_ID}|login${seq}`,
    accountId: ACCOUNT_ID,
    firstObservedAt: l.time,
    device: CHROME_WIN,
    ip: '81.2.69.142',
    location: 'London, United Kingdom',
    outcome: 'success',
    secondFactor: 'authenticator',
    ...l,
  };
}

export function session(s: Partial<StoredSession> = {}): StoredSession {
  seq++;
  return {
    key: `${ACCOUNT_ID}|session${seq}`,
    accountId: ACCOUNT_ID,
    firstObservedAt: NOW - DAY,
    lastObservedAt: NOW,
    device: CHROME_WIN,
    ip: '81.2.69.142',
    location: 'London, United Kingdom',
    firstSeen: NOW - DAY,
    lastActive: NOW - HOUR,
    status: 'online',
    isCurrent: false,
    ...s,
  };
}

/** `n` daily logins ending `endAgo` before now, all alike: an account's ordinary past. */
export function history(n: number, l: Partial<StoredLogin> = {}, endAgo = 2 * DAY): StoredLogin[] {
  return Array.from({ length: n }, (_, i) => login({ ...l, time: NOW - endAgo - (n - 1 - i) * DAY }));
}

export function trusted(t: Partial<TrustedDevice> = {}): TrustedDevice {
  return { id: `t${++seq}`, name: 'My PC', browser: 'Chrome', os: 'Windows', createdAt: 0, ...t };
}

/** A context with no sessions, no history, default thresholds and the real geo tables. */
export function ctx(c: Partial<RuleContext> = {}): RuleContext {
  const { logins = [], ...rest } = c;
  return {
    now: NOW,
    account: account(),
    sessions: [],
    logins: [...logins].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)),
    newSessionKeys: [],
    isFirstScan: false,
    trustedDevices: [],
    schedules: [],
    blocklist: [],
    thresholds: { ...defaultThresholds },
    otherAccounts: [],
    geo: realGeo(),
    ...rest,
  };
}
