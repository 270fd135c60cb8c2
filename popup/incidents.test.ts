import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Db, openDatabase } from '../src/background/db';
import { handleMessage, type Services } from '../src/background/handlers';
import { fixturePage } from '../src/background/scan-page-test-helpers';
import { badgeCount } from '../src/background/scan-service';
import { completeServices } from '../src/background/services-test-helpers';
import { englishWords } from '../src/background/words-test-helpers';
import type { StoredWarning } from '../src/core/types';
import type { AccountView, ResponseOf } from '../src/shared/contract';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { countedIncidents, health, highSignalSessions, incidentsOf, isYoursQuestion, quietSessions } from './incidents';

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const URL_ = 'https://www.binance.com/en/my/security/device-management';
/** A tab per test: the worker meters each tab's readings. */
const tabOf = (id: number) => ({ id: ID, url: URL_, tab: { id, url: URL_ }, frameId: 0 });
/** The saved Binance page: the user's Mac (this browser), iPhone and app, and a stranger on a Vultr address. */
const page = fixturePage('binance-device-management.en');
const NOW = page.now;

let db: Db;
let settings: Settings;
let n = 0;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    saveSettings: async (next) => {
      settings = next;
    },
    now: () => NOW,
    refreshBadge: async () => undefined,
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

async function send<T>(type: string, payload: unknown, sender: object = PAGE): Promise<T> {
  const r = await handleMessage({ type, payload }, sender, services());
  if (!r.ok) throw new Error(r.error);
  return r.value as T;
}

async function firstScanView(): Promise<AccountView> {
  await send('recordPage', page.message.payload, tabOf(n));
  const overview = await send<ResponseOf<'getOverview'>>('getOverview', {});
  const view = overview.accounts[0];
  if (!view) throw new Error('no account');
  return view;
}

beforeEach(async () => {
  db = await openDatabase(`incidents-${n++}`);
  settings = defaultSettings();
});
afterEach(() => db.close());

const stranger = (v: AccountView) => v.sessions.find((s) => s.ip === '45.77.12.9');

test('the stranger on the Vultr address is one incident, worst first, carrying every reason about it', async () => {
  const view = await firstScanView();
  const incidents = incidentsOf(view);
  // Four sessions, four incidents on a first scan (nothing is trusted yet): the stranger's high on top, the
  // user's own three low ("is it yours?"), each asked about by its own reason.
  expect(incidents).toHaveLength(4);
  const top = incidents[0];
  expect(top?.severity).toBe('high');
  expect(incidents.slice(1).map((i) => [i.severity, i.lead.message?.key])).toEqual([
    ['low', 'reason_unknownDeviceFromYours'],
    ['low', 'reason_unknownDeviceFromYours'],
    ['low', 'reason_unknownDeviceFromYours'],
  ]);
  // Those three are the first-scan checklist's questions; the stranger's is not one.
  expect(incidents.map(isYoursQuestion)).toEqual([false, true, true, true]);
  expect(top?.sessionKeys).toEqual([stranger(view)?.key]);
  // Its reasons: the unknown device and what its sign-ins showed (failed burst, SMS after an authenticator…).
  expect(top?.reasons.length).toBeGreaterThan(1);
  expect(new Set(top?.reasons.map((r) => r.rule))).toContain('unknown-device');
  expect(top?.warnings.every((w) => w.evidence.ip === undefined || w.evidence.ip === '45.77.12.9')).toBe(true);
  // Every open warning is in exactly one incident.
  const ids = incidents.flatMap((i) => i.warnings.map((w) => w.id)).sort();
  expect(ids).toEqual(
    view.warnings
      .filter((w) => w.state === 'open')
      .map((w) => w.id)
      .sort(),
  );
});

test('only the stranger has a high signal beyond "not trusted yet"', async () => {
  const view = await firstScanView();
  expect([...highSignalSessions(view)]).toEqual([stranger(view)?.key]);
});

test('after the user trusts their own three sessions, one incident is left and their devices are quiet', async () => {
  const view = await firstScanView();
  const mine = view.sessions.filter((s) => s.ip !== '45.77.12.9').map((s) => s.key);
  await send('trustAccountSessions', { accountId: view.account.id, sessionKeys: mine });
  const after = (await send<ResponseOf<'getOverview'>>('getOverview', {})).accounts[0] as AccountView;
  const incidents = countedIncidents(incidentsOf(after));
  expect(incidents).toHaveLength(1);
  expect(incidents[0]?.sessionKeys).toEqual([stranger(after)?.key]);
  expect(
    quietSessions(after, incidentsOf(after))
      .map((s) => s.key)
      .sort(),
  ).toEqual([...mine].sort());
  expect(health([after])).toEqual({ kind: 'attention', needing: 1, total: 1 });
});

test('one count everywhere: a first scan with one stranger among four sessions counts one on badge and card', async () => {
  const view = await firstScanView();
  const overview = await send<ResponseOf<'getOverview'>>('getOverview', {});
  const counted = countedIncidents(incidentsOf(view));
  // The stranger alone; the user's Mac (this browser), iPhone and app are low "is it yours?" notes.
  expect(counted.map((i) => i.sessionKeys)).toEqual([[stranger(view)?.key]]);
  expect(overview.badgeCount).toBe(1);
  // The toolbar's count (refreshBadge) agrees.
  expect(await badgeCount(db)).toBe(1);
  const mine = view.sessions.filter((s) => s.ip !== '45.77.12.9').map((s) => s.key);
  await send('trustAccountSessions', { accountId: view.account.id, sessionKeys: mine });
  expect((await send<ResponseOf<'getOverview'>>('getOverview', {})).badgeCount).toBe(1);
});

function w(id: string, extra: Partial<StoredWarning>): StoredWarning {
  return {
    id,
    accountId: 'a',
    rule: 'unknown-device',
    subject: id,
    severity: 'medium',
    reason: id,
    evidence: {},
    state: 'open',
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
    ...extra,
  };
}

function viewOf(warnings: StoredWarning[]): AccountView {
  return {
    account: { id: 'a', siteId: 'binance', hint: 'a', firstScanAt: 1, lastScanAt: 5, scanCount: 2 },
    siteName: 'Binance',
    devicesUrl: '',
    sessions: [],
    warnings,
    openWarningCount: warnings.length,
  };
}

test('two of the user’s devices behind one home address stay two incidents', () => {
  const v = viewOf([
    w('mac', { evidence: { ip: '198.51.100.9', device: 'Chrome on macOS' } }),
    w('phone', { evidence: { ip: '198.51.100.9', device: 'iPhone' } }),
  ]);
  expect(incidentsOf(v)).toHaveLength(2);
});

test('a warning the judgement made an incident of stands alone and shows its own reasons', () => {
  const reasons = [
    { rule: 'hosting-ip', severity: 'high' as const, reason: 'datacenter', evidence: { ip: '45.77.12.9' } },
    { rule: 'failed-login-burst', severity: 'medium' as const, reason: 'failed', evidence: {} },
  ];
  const v = viewOf([
    { ...w('x', { severity: 'high', evidence: { ip: '45.77.12.9', device: 'Firefox' } }), reasons } as StoredWarning,
    w('y', { evidence: { ip: '45.77.12.9', device: 'Firefox' } }),
  ]);
  const incidents = incidentsOf(v);
  expect(incidents).toHaveLength(2);
  expect(incidents[0]?.reasons.map((r) => r.reason)).toEqual(['datacenter', 'failed']);
});

test('low incidents are notes: not counted; health says all good with the oldest check', () => {
  const v = viewOf([w('stale', { severity: 'low' })]);
  expect(countedIncidents(incidentsOf(v))).toHaveLength(0);
  expect(health([v, { ...v, account: { ...v.account, id: 'b', lastScanAt: 3 } }])).toEqual({
    kind: 'good',
    total: 2,
    lastChecked: 3,
  });
  expect(health([])).toBeUndefined();
});
