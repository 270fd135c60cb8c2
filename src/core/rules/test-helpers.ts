import hostingData from '../../data/generated/hosting.json';
import placesData from '../../data/generated/places.json';
import { loadHostingTable, lookupHosting } from '../hosting';
import { countryInfo, loadGazetteer, resolvePlace } from '../place';
import type { Account, StoredLogin, StoredSession, TrustedDevice } from '../types';
import { defaultThresholds, type GeoLookup, type NetworkInfo, type RuleContext } from './rule';

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
    real = {
      resolvePlace: (t) => resolvePlace(t, g),
      lookupHosting: (ip) => lookupHosting(ip, h),
      countryBbox: (code) => countryInfo(code, g)?.bbox,
    };
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

/** mulberry32: the same generated history on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GEN_DEVICES = [
  CHROME_WIN,
  CHROME_WIN_127,
  FIREFOX_LINUX,
  IPHONE_APP,
  'Safari 17.4 on iPhone 15 Pro · iOS 17.4',
  'Edge 125 on Windows 11',
  'Chrome 125 on Android 14',
  '',
  'Mystery client',
];
const GEN_PLACES = [
  'London, United Kingdom',
  'Manchester, United Kingdom',
  'Hong Kong',
  'Kowloon, Hong Kong',
  'Shenzhen, China',
  'Frankfurt, Germany',
  'Germany',
  'Nigeria',
  'Lagos, Nigeria',
  'New York, United States',
  'Tokyo, Japan',
  'Atlantis',
  undefined,
];
const GEN_IPS = ['81.2.69.142', '52.95.110.1', '159.89.0.1', '45.1.1.9', '102.89.0.1', '2001:db8:aa:bb::1', '10.0.0.2'];
const GEN_FACTORS = ['authenticator', 'authenticator', 'authenticator', 'sms', 'email', 'passkey', 'other', undefined];

/**
 * A varied account of `n` logins over the last `days` days, with repeated and tied times, failed bursts, hosting,
 * blocklisted, private and unknown addresses, country-only and unknown places: for checking a restructured rule
 * against a straightforward one.
 */
export function generatedContext(n: number, seed = 1, days = 120): RuleContext {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const logins: StoredLogin[] = [];
  let t = NOW - days * DAY;
  for (let i = 0; i < n; i++) {
    // Mostly hours apart, sometimes minutes (bursts, hops), sometimes the very same second.
    const gap = r();
    t += gap < 0.1 ? 0 : gap < 0.4 ? Math.floor(r() * 10 * 60_000) : Math.floor((r() * days * DAY * 2) / n);
    const failed = r() < (gap < 0.4 ? 0.5 : 0.1);
    logins.push({
      key: `${ACCOUNT_ID}|gen${seed}|${i}`,
      accountId: ACCOUNT_ID,
      firstObservedAt: t,
      ...(r() < 0.02 ? {} : { time: Math.min(t, NOW) }),
      device: pick(GEN_DEVICES),
      ip: r() < 0.6 ? '81.2.69.142' : `${pick(GEN_IPS).replace(/\d+$/, (d) => String(Number(d) + (i % 3)))}`,
      location: r() < 0.6 ? 'London, United Kingdom' : pick(GEN_PLACES),
      outcome: failed ? 'failed' : r() < 0.05 ? undefined : 'success',
      secondFactor: pick(GEN_FACTORS) as StoredLogin['secondFactor'],
    });
  }
  const sessions = Array.from({ length: 12 }, (_, i) =>
    session({
      device: pick(GEN_DEVICES),
      ip: pick(GEN_IPS),
      location: pick(GEN_PLACES),
      firstSeen: NOW - Math.floor(r() * days * DAY),
      lastActive: NOW - Math.floor(r() * 40 * DAY),
      ...(i % 5 === 4 ? { goneAt: NOW - DAY } : {}),
    }),
  );
  return ctx({
    logins,
    sessions,
    newSessionKeys: sessions.filter((_, i) => i % 3 === 0).map((s) => s.key),
    trustedDevices: [
      trusted(),
      trusted({ name: 'Phone', browser: undefined, os: 'iOS', countries: ['HK'] }),
      trusted({ name: 'Home', browser: undefined, os: undefined, ipRanges: ['2001:db8:aa:bb::/64'] }),
    ],
    blocklist: ['45.1.1.0/24', '102.89.0.3'],
    schedules: [
      {
        id: 's',
        name: 'Days',
        timeZone: 'Europe/London',
        windows: [{ days: [1, 2, 3, 4, 5], startMinute: 7 * 60, endMinute: 23 * 60 + 30 }],
      },
    ],
    otherAccounts: [
      { account: account('okx:me'), sessions: [session({ ip: '102.89.0.1', device: FIREFOX_LINUX })], logins: [] },
    ],
  });
}

/**
 * The real tables plus a provider table for the addresses a test names (first matching text prefix wins): the
 * provider table is loaded separately from the place and hosting ones, and a test states what it needs of it.
 */
export function geoWithNetworks(networks: [prefix: string, info: NetworkInfo][]): GeoLookup {
  const base = realGeo();
  return {
    ...base,
    lookupNetwork: (ip) => networks.find(([p]) => ip.startsWith(p))?.[1],
  };
}

/** Providers as a table would name them: a home ISP, a mobile carrier, a hotel's, a VPS host, a Tor exit. */
export const NETS = {
  homeIsp: { asn: 2856, name: 'BT-UK-AS', kind: 'isp' },
  otherIsp: { asn: 5089, name: 'NTL Virgin Media', kind: 'isp' },
  mobile: { asn: 25135, name: 'VODAFONE-UK', kind: 'mobile' },
  hotel: { asn: 3320, name: 'DTAG Deutsche Telekom', kind: 'isp' },
  lagosIsp: { asn: 29465, name: 'MTN NIGERIA', kind: 'isp' },
  vps: { asn: 14061, name: 'DIGITALOCEAN-ASN', kind: 'hosting' },
  tor: { asn: 60729, name: 'Tor exit (Zwiebelfreunde)', kind: 'tor' },
} as const satisfies Record<string, NetworkInfo>;
