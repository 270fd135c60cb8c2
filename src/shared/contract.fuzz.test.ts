import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Db, openDatabase } from '../background/db';
import { handleMessage, type Services } from '../background/handlers';
import { recordPageOf } from '../background/scan-page-test-helpers';
import { completeServices } from '../background/services-test-helpers';
import { englishWords } from '../background/words-test-helpers';
import type { ExtractedScan } from '../core/types';
import { defaultSettings } from './settings';

// `npm run fuzz` for a long run (random seed each time).
const RUNS = Number(process.env.FUZZ_RUNS) || 100;
const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const SITE = 'https://www.binance.com/en/my/security/device-management';
const T0 = Date.UTC(2026, 3, 14, 15);
const STORES = ['accounts', 'scans', 'sessions', 'logins', 'warnings'] as const;

let db: Db;
const services: Services = completeServices({
  db: async () => db,
  settings: async () => defaultSettings(),
  now: () => T0,
  refreshBadge: async () => undefined,
  onRaised: async () => undefined,
  identity: { id: ID, origin: ORIGIN },
  words: englishWords,
});

function validScan(): ExtractedScan {
  return {
    url: SITE,
    scannedAt: T0,
    accountHint: '38451092',
    hasSessionList: true,
    hasLoginList: true,
    sessions: [
      { device: 'Chrome 126 on macOS 14.5', ip: '203.0.113.42', location: 'Hong Kong, HK', isCurrent: true },
      { device: 'Firefox 115 on Windows 10', ip: '45.77.12.9', status: 'online', isCurrent: false },
    ],
    logins: [{ device: 'Chrome 126 on macOS 14.5', ip: '203.0.113.42', time: T0 - 60_000, outcome: 'success' }],
  };
}

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const s of STORES) out[s] = await db.getAll(s);
  return out;
}

beforeAll(async () => {
  db = await openDatabase('contract-fuzz');
  // Something to lose: one scanned account with sessions, logins and warnings.
  const r = await handleMessage(
    recordPageOf(validScan()),
    { id: ID, url: SITE, tab: { id: 1, url: SITE }, frameId: 0 },
    services,
  );
  expect(r).toMatchObject({ ok: true, value: { isRecorded: true } });
});
afterAll(() => db.close());

const content = { id: ID, url: SITE, tab: { id: 1, url: SITE }, frameId: 0 };
const popup = { id: ID, url: `${ORIGIN}popup/index.html` };
const sender = fc.oneof(
  fc.constant(content),
  fc.constant(popup),
  fc.record({ id: fc.constantFrom(ID, 'other-ext', ''), url: fc.string(), frameId: fc.integer({ min: -1, max: 3 }) }),
  fc.constant({ ...content, frameId: 2 }),
  fc.constant({ ...content, id: 'other-ext' }),
  fc.constant({ ...content, tab: { id: 1, url: 'http://www.binance.com/en/my/security' } }),
  fc.constant({ ...content, tab: { id: 1, url: 'https://www.binance.com.evil.example/en/my/security' } }),
  fc.constant({ id: ID, url: 'chrome-extension://other-id/popup/index.html' }),
);

const hostile = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 3000 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e300,
    'Z'.repeat(600),
    [],
    null,
    { toString: 'x' },
  ),
);
type Path = (string | number)[];
const PATHS: Path[] = [
  [],
  ['url'],
  ['visit'],
  ['snapshot'],
  ['snapshot', 0],
  ['snapshot', 1],
  // <html> and its attributes, <body>, the UID line, the session table, its body, first row, first cell, its text.
  ['snapshot', 2],
  ['snapshot', 2, 1],
  ['snapshot', 2, 2],
  ['snapshot', 2, 2, 2, 2],
  ['snapshot', 2, 2, 4],
  ['snapshot', 2, 2, 4, 3],
  ['snapshot', 2, 2, 4, 3, 2],
  ['snapshot', 2, 2, 4, 3, 2, 2],
  ['snapshot', 2, 2, 4, 3, 2, 2, 2],
  ['extra'],
  ['mode'],
  ['chars'],
  ['chunks'],
  ['importId'],
  ['index'],
  ['text'],
  ['id'],
  ['state'],
  ['accountId'],
];

/** A valid request with one value replaced (or removed) somewhere along a path. */
function mutate(base: unknown, path: Path, value: unknown, remove: boolean): unknown {
  if (!path.length) return remove ? undefined : value;
  const root = structuredClone(base) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = root;
  for (const k of path.slice(0, -1)) {
    const next = at[k];
    if (typeof next !== 'object' || next === null) return root;
    at = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
  return root;
}

const message = fc.oneof(
  fc.anything(),
  fc
    .record({
      type: fc.constantFrom(
        'recordPage',
        'getOverview',
        'setWarningState',
        'openDevicesPage',
        'trustFromWarning',
        'trustAccountSessions',
        'markReviewed',
        'getLogins',
        'exportBackup',
        'exportBackupChunk',
        'exportLoginHistory',
        'importBackupBegin',
        'importBackupChunk',
        'importBackupCommit',
        'wipeAll',
        'saveEmergency',
        'hasOwnProperty',
        '__proto__',
      ),
      path: fc.constantFrom(...PATHS),
      value: hostile,
      remove: fc.boolean(),
    })
    .map(({ type, path, value, remove }) => {
      const base =
        type === 'recordPage'
          ? recordPageOf(validScan()).payload
          : type === 'setWarningState'
            ? { id: 'no-such-warning', state: 'dismissed' }
            : type === 'openDevicesPage'
              ? { accountId: 'binance:38451092' }
              : type === 'importBackupBegin'
                ? { mode: 'replace', chars: 2, chunks: 1 }
                : type === 'importBackupChunk'
                  ? { importId: 'not-begun', index: 0, text: '{}' }
                  : type === 'importBackupCommit' || type === 'exportBackupChunk'
                    ? { importId: 'not-begun', exportId: 'not-begun', index: 0 }
                    : {};
      return { type, payload: mutate(base, path, value, remove) };
    }),
);

test('any message from any sender gets a Result, and a refused one leaves the database exactly as it was', async () => {
  let refused = 0;
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(message, sender, async (msg, from) => {
      const before = await snapshot();
      const result = await handleMessage(msg, from, services);
      expect(result).toSatisfy(
        (r: unknown) =>
          typeof r === 'object' &&
          r !== null &&
          ((r as { ok: unknown }).ok === true || typeof (r as { error: unknown }).error === 'string'),
      );
      if (!result.ok) {
        refused++;
        expect(await snapshot()).toEqual(before);
      } else accepted++;
    }),
    {
      numRuns: RUNS,
      // Every run also checks one message of each side of the gate, whatever the seed draws.
      examples: [
        [{ type: 'getOverview', payload: {} }, popup],
        [recordPageOf(validScan()), content],
        [{ type: 'getOverview', payload: {} }, content],
      ],
    },
  );
  // The property ran on both sides of the gate; otherwise it proves nothing.
  expect(refused).toBeGreaterThan(0);
  expect(accepted).toBeGreaterThan(0);
});
