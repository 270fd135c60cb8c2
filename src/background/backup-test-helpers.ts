/** Test data for backups: random stored data for property tests, and a realistic history built by the worker's code. */
import fc from 'fast-check';
import type {
  Account,
  ExtractedLogin,
  ExtractedScan,
  ExtractedSession,
  ScanRecord,
  StoredLogin,
  StoredSession,
  StoredWarning,
} from '../core/types';
import type { Backup } from '../shared/backup';
import { hasCriterion } from '../shared/schemas';
import { defaultSettings, type Settings, SettingsSchema } from '../shared/settings';
import { exportBackup, putRows } from './backup-service';
import type { Db } from './db';
import { recordScan } from './scan-service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Page text is hostile: any code point, lone surrogates included.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const sessionFields = {
  device: text,
  userAgent: opt(text),
  ip: opt(text),
  location: opt(text),
  firstSeen: opt(time),
  lastActive: opt(time),
  status: opt(fc.constantFrom('online' as const, 'offline' as const)),
  isCurrent: fc.boolean(),
  kind: opt(fc.constantFrom('web' as const, 'app' as const, 'api' as const)),
  firstObservedAt: time,
  lastObservedAt: time,
  goneAt: opt(time),
};

const loginFields = {
  time: opt(time),
  ip: opt(text),
  device: text,
  userAgent: opt(text),
  location: opt(text),
  outcome: opt(fc.constantFrom('success' as const, 'failed' as const)),
  secondFactor: opt(fc.constantFrom('authenticator' as const, 'sms' as const, 'email' as const, 'none' as const)),
  kind: opt(fc.constantFrom('web' as const, 'app' as const, 'api' as const)),
  firstObservedAt: time,
};

const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    trustedDevices: fc.array(
      fc
        .record({
          id: fc.uuid(),
          name: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.length > 0),
          pattern: opt(text),
          browser: opt(fc.constantFrom('Chrome', 'Firefox')),
          ipRanges: opt(fc.array(fc.constantFrom('203.0.113.0/24', '2001:db8::/64'), { maxLength: 2 })),
          countries: opt(fc.array(fc.constantFrom('GB', 'HK'), { maxLength: 2 })),
          createdAt: time,
        })
        // A device that names nothing trusts everything: settings refuse it.
        .filter((d) => hasCriterion(withoutUndefined(d))),
      { maxLength: 3 },
    ),
    schedules: fc.array(
      fc.record({
        id: fc.uuid(),
        name: fc.constantFrom('Evenings', 'Work'),
        timeZone: fc.constantFrom('Europe/London', 'Asia/Hong_Kong'),
        windows: fc.array(
          fc.record({
            days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
            startMinute: fc.integer({ min: 0, max: 1440 }),
            endMinute: fc.integer({ min: 0, max: 1440 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 2 },
    ),
    blocklist: fc.array(fc.ipV4(), { maxLength: 3 }),
    retentionDays: fc.integer({ min: 0, max: 36500 }),
    disabledSites: fc.subarray(['binance', 'kucoin', 'kraken']),
  })
  .map((s) => SettingsSchema.parse(withoutUndefined({ ...defaultSettings(), ...s })));

/** Stored rows as the database could hold them (unique keys, rows of known accounts) and settings. */
export const storedDataArb = fc
  .uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 4 })
  .chain((accountIds) => {
    const accountId = fc.constantFrom(...accountIds);
    return fc.record({
      accounts: fc.tuple(
        ...accountIds.map((id) =>
          fc.record(
            {
              id: fc.constant(id),
              siteId: fc.constantFrom('binance', 'kraken', 'custom:exchange.example'),
              hint: text,
              firstScanAt: time,
              lastScanAt: time,
              lastReviewedAt: time,
              scanCount: fc.nat(1000),
            },
            { requiredKeys: ['id', 'siteId', 'hint', 'firstScanAt', 'lastScanAt', 'scanCount'] },
          ),
        ),
      ),
      scans: fc.uniqueArray(
        fc.record({
          id: fc.integer({ min: 1, max: 1_000_000 }),
          accountId,
          at: time,
          url: fc.webUrl(),
          sessionCount: fc.nat(100),
          loginCount: fc.nat(100),
          newSessionKeys: fc.array(
            text.filter((s) => s.length > 0),
            { maxLength: 3 },
          ),
          goneSessionKeys: fc.array(
            text.filter((s) => s.length > 0),
            { maxLength: 3 },
          ),
        }),
        { selector: (s) => s.id, maxLength: 6 },
      ),
      sessions: fc.uniqueArray(
        fc.record({ key: fc.string({ unit: 'binary', minLength: 1 }), accountId, ...sessionFields }),
        { selector: (s) => s.key, maxLength: 8 },
      ),
      logins: fc.uniqueArray(
        fc.record({ key: fc.string({ unit: 'binary', minLength: 1 }), accountId, ...loginFields }),
        { selector: (s) => s.key, maxLength: 8 },
      ),
      warnings: fc.uniqueArray(
        fc.record({
          id: fc.string({ unit: 'binary', minLength: 1 }),
          accountId,
          rule: fc.constantFrom('unknown-device', 'hosting-ip', 'new-country'),
          subject: fc.string({ minLength: 1 }),
          severity: fc.constantFrom('high' as const, 'medium' as const, 'low' as const),
          reason: text,
          evidence: fc.dictionary(
            fc.string({ maxLength: 10 }),
            fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()),
            { maxKeys: 4 },
          ),
          state: fc.constantFrom('open' as const, 'acknowledged' as const, 'dismissed' as const, 'resolved' as const),
          firstRaisedAt: time,
          lastRaisedAt: time,
          stateChangedAt: time,
        }),
        { selector: (w) => w.id, maxLength: 6 },
      ),
      settings: settingsArb,
    });
  })
  .map((d) => ({
    ...d,
    sessions: d.sessions.map(withoutUndefined),
    logins: d.logins.map(withoutUndefined),
  }));

/** Writes rows into the database the way the worker's own writes leave them (live ones in the summaries). */
export async function seedDb(
  db: Db,
  d: {
    accounts: Account[];
    scans: ScanRecord[];
    sessions: StoredSession[];
    logins: StoredLogin[];
    warnings: StoredWarning[];
  } & Partial<Pick<Backup, 'apiKeys' | 'apiCalls' | 'whitelist'>>,
): Promise<void> {
  const tx = db.transaction(
    ['accounts', 'scans', 'sessions', 'logins', 'warnings', 'summaries', 'meta', 'apiKeys', 'apiCalls', 'whitelist'],
    'readwrite',
  );
  const writes: Promise<unknown>[] = [];
  putRows(tx, { apiKeys: [], apiCalls: [], whitelist: [], actions: [], ...d }, writes);
  await Promise.all([...writes, tx.done]);
}

/** Monday 2026-04-13 12:00 UTC. */
export const SCENARIO_NOW = Date.UTC(2026, 3, 13, 12);
const HOME = { ip: '81.2.69.142', location: 'London, United Kingdom' };
const MY_PC = 'Chrome 126 on Windows 10';
/** A stranger's browser on an Amazon AWS address in Frankfurt. */
export const STRANGER = { device: 'Firefox 128 on Linux', ip: '52.95.110.1', location: 'Frankfurt, DE' };

function scan(at: number, sessions: ExtractedSession[], logins: ExtractedLogin[], hint: string): ExtractedScan {
  return {
    url: 'https://www.binance.com/en/my/security/device-management',
    scannedAt: at,
    accountHint: hint,
    hasSessionList: true,
    hasLoginList: logins.length > 0,
    sessions,
    logins,
  };
}

/**
 * A month of ordinary use of a Binance account from a trusted PC in London, scanned weekly by the worker's own
 * recordScan; at the last scan a stranger holds a session from a datacenter in Germany. A second, quiet account on
 * Kraken. Answers the backup exported from that database.
 */
export async function realisticBackup(db: Db): Promise<Backup> {
  const settings: Settings = {
    ...defaultSettings(),
    trustedDevices: [{ id: 'pc', name: 'My PC', browser: 'Chrome', os: 'Windows', createdAt: SCENARIO_NOW - 40 * DAY }],
  };
  const mine: ExtractedSession = { device: MY_PC, ...HOME, isCurrent: true, status: 'online' };
  const history = (upTo: number): ExtractedLogin[] =>
    Array.from({ length: 28 }, (_, i) => upTo - (28 - i) * DAY + 9 * HOUR)
      .filter((t) => t > upTo - 30 * DAY)
      .map((t) => ({ time: t, device: MY_PC, ...HOME, outcome: 'success', secondFactor: 'authenticator' }));
  for (let week = 4; week >= 1; week--) {
    const at = SCENARIO_NOW - week * 7 * DAY;
    await recordScan(db, 'binance', scan(at, [{ ...mine, lastActive: at }], history(at), 'UID 1001'), settings, at);
    await recordScan(db, 'kraken', scan(at, [{ ...mine, lastActive: at }], [], 'AA12'), settings, at);
  }
  const strangerLogin: ExtractedLogin = {
    time: SCENARIO_NOW - 3 * HOUR,
    ...STRANGER,
    outcome: 'success',
    secondFactor: 'authenticator',
  };
  await recordScan(
    db,
    'binance',
    scan(
      SCENARIO_NOW,
      [
        { ...mine, lastActive: SCENARIO_NOW },
        { ...STRANGER, isCurrent: false, status: 'online', lastActive: SCENARIO_NOW - HOUR },
      ],
      [...history(SCENARIO_NOW), strangerLogin],
      'UID 1001',
    ),
    settings,
    SCENARIO_NOW,
  );
  return exportBackup(db, settings, SCENARIO_NOW + 60_000, '0.1.0');
}
