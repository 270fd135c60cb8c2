import { expect, test } from 'vitest';
import type { StoredLogin, StoredSession, StoredWarning } from '../src/core/types';
import { type AccountView, MAX_LOGINS_PER_REQUEST, type Transport } from '../src/shared/contract';
import { type ActionWords, actionsOf, overviewOf, REPORT_LOGINS, reportWarnings, saveReport } from './overview-model';

const T = Date.UTC(2026, 3, 14, 12);

const warning = (over: Partial<StoredWarning>): StoredWarning => ({
  id: 'w',
  accountId: 'a',
  rule: 'unknown-device',
  subject: 's1',
  severity: 'high',
  reason: 'A stranger',
  evidence: {},
  state: 'open',
  firstRaisedAt: T,
  lastRaisedAt: T,
  stateChangedAt: T,
  ...over,
});
const session = (key: string, ip: string, device = 'Chrome'): StoredSession => ({
  key,
  accountId: 'a',
  device,
  ip,
  isCurrent: false,
  firstObservedAt: T,
  lastObservedAt: T,
});
const view = (id: string, warnings: StoredWarning[], lastScanAt = T, sessions: StoredSession[] = []): AccountView => ({
  account: { id, siteId: 'binance', hint: id, firstScanAt: T, lastScanAt, scanCount: 1 },
  siteName: 'Binance',
  devicesUrl: 'https://www.binance.com/x',
  sessions,
  warnings,
  openWarningCount: warnings.length,
});

const words: ActionWords = {
  checklistStarted: 'started',
  stepDone: (s) => `ticked ${s}`,
  stepName: (s) => s,
  markedReviewed: 'reviewed',
  acknowledged: (r) => `mine: ${r}`,
  dismissed: (r) => `dismissed: ${r}`,
};

test('accounts worst first; the count is of accounts with an open high or medium warning; low notes apart', () => {
  const o = overviewOf([
    view('calm', [warning({ id: 'l', severity: 'low' })], T + 5),
    view('medium', [warning({ id: 'm', severity: 'medium' })]),
    view('high', [warning({ id: 'h2', severity: 'medium' }), warning({ id: 'h1' })]),
  ]);
  expect(o.accounts.map((a) => a.view.account.id)).toEqual(['high', 'medium', 'calm']);
  expect(o.accounts[0]?.open.map((w) => w.id)).toEqual(['h1', 'h2']);
  expect(o.accounts[2]).toMatchObject({ open: [], lowCount: 1 });
  expect(o.needingAttention).toBe(2);
  expect(o.lastCheckedAt).toBe(T + 5);
  expect(overviewOf([])).toEqual({ accounts: [], needingAttention: 0, lastCheckedAt: undefined });
});

test('the record of actions: checklist start and ticks, answers with their times, the review', () => {
  const v = view('a', [
    warning({ id: '1', state: 'dismissed', stateChangedAt: T + 1, reason: 'x' }),
    warning({ id: '2', state: 'acknowledged', stateChangedAt: T + 2, reason: 'y' }),
    warning({ id: '3', state: 'open' }),
  ]);
  v.account.lastReviewedAt = T + 3;
  expect(actionsOf(v, { startedAt: T, done: ['logout'] }, words)).toEqual([
    { at: T, text: 'started' },
    { at: T, text: 'ticked logout' },
    { at: T + 1, text: 'dismissed: x' },
    { at: T + 2, text: 'mine: y' },
    { at: T + 3, text: 'reviewed' },
  ]);
});

test('a report after the user dismissed the warning still names the intruder', () => {
  const dismissed = warning({ id: 'd', state: 'dismissed' });
  expect(reportWarnings(view('a', [dismissed, warning({ id: 'r', state: 'resolved' })])).map((w) => w.id)).toEqual([
    'd',
  ]);
  expect(reportWarnings(view('a', [dismissed, warning({ id: 'o' })])).map((w) => w.id)).toEqual(['o']);
});

test('Save a report asks the worker for the sign-ins and providers, and saves one HTML file of the intruder’s rows', async () => {
  const asked: string[] = [];
  const logins: StoredLogin[] = [
    { key: 'l1', accountId: 'a', device: 'Chrome', ip: '45.77.12.9', time: T, outcome: 'success', firstObservedAt: T },
    { key: 'l2', accountId: 'a', device: 'Safari', ip: '203.0.113.42', time: T, firstObservedAt: T },
  ];
  const transport = (async (type: string, payload: unknown) => {
    asked.push(`${type} ${JSON.stringify(payload)}`);
    if (type === 'getLogins') return { logins, hasMore: false };
    return { places: [], networks: [{ ip: '45.77.12.9', provider: 'Vultr', isHosting: true }] };
  }) as Transport;
  const saved: { name: string; type: string; text: string }[] = [];
  const v = view('UID 1', [warning({ subject: 's1' })], T, [
    session('s1', '45.77.12.9'),
    session('s2', '203.0.113.42'),
  ]);
  const name = await saveReport(
    {
      transport,
      download: (n, type, text) => saved.push({ name: n, type, text }),
      now: () => T,
      language: 'en',
      isRtl: false,
      timeZone: 'UTC',
      labels: new Proxy({}, { get: (_t, k) => String(k) }) as never,
      words,
    },
    v,
    undefined,
  );
  expect(name).toBe('session-watchdog-report-Binance-UID-1-2026-04-14.html');
  expect(asked).toEqual([
    `getLogins {"accountId":"UID 1","limit":${REPORT_LOGINS}}`,
    'lookupPlaces {"ips":["45.77.12.9"],"locations":[]}',
  ]);
  expect(saved).toHaveLength(1);
  expect(saved[0]?.type).toBe('text/html');
  expect(saved[0]?.text).toContain('<td>Vultr</td>');
  expect(saved[0]?.text).not.toContain('203.0.113.42');
});

test('the report asks for as many sign-ins as one answer may hold', () => {
  expect(REPORT_LOGINS).toBe(MAX_LOGINS_PER_REQUEST);
});
