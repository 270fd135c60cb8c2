import { expect, test } from 'vitest';
import type { StoredLogin, StoredSession, StoredWarning } from '../src/core/types';
import { type AccountView, MAX_LOGINS_PER_REQUEST, type Transport } from '../src/shared/contract';
import type { UserAction } from '../src/shared/user-actions';
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
  stepTicked: (s) => `ticked ${s} then`,
  stepUnticked: (s) => `unticked ${s} then`,
  logOutAllOpened: 'log-out page opened',
  signOutOpened: (d, ip) => `sign-out page opened for ${d} ${ip}`,
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

test('the record of actions: ticks and log-outs opened at the times the worker recorded, oldest first', () => {
  const v = view('a', [warning({ id: '1', state: 'dismissed', stateChangedAt: T + 30, reason: 'x' })]);
  const recorded: UserAction[] = [
    { accountId: 'a', at: T + 10, kind: 'logOutAllOpened' },
    { accountId: 'a', at: T + 20, kind: 'stepTicked', step: 'logout' },
    { accountId: 'a', at: T + 40, kind: 'signOutOpened', device: 'Firefox', ip: '45.77.12.9' },
    { accountId: 'a', at: T + 50, kind: 'stepTicked', step: 'password' },
    { accountId: 'a', at: T + 60, kind: 'stepUnticked', step: 'password' },
    { accountId: 'other', at: T + 5, kind: 'logOutAllOpened' },
  ];
  // "twoFactor" was ticked before times were recorded: listed at the checklist's start, as before.
  expect(actionsOf(v, { startedAt: T, done: ['logout', 'twoFactor'] }, words, recorded)).toEqual([
    { at: T, text: 'started' },
    { at: T, text: 'ticked twoFactor' },
    { at: T + 10, text: 'log-out page opened' },
    { at: T + 20, text: 'ticked logout then' },
    { at: T + 30, text: 'dismissed: x' },
    { at: T + 40, text: 'sign-out page opened for Firefox 45.77.12.9' },
    { at: T + 50, text: 'ticked password then' },
    { at: T + 60, text: 'unticked password then' },
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
    if (type === 'getActions') return { actions: [{ accountId: 'UID 1', at: T - 60_000, kind: 'logOutAllOpened' }] };
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
    'getActions {"accountId":"UID 1"}',
  ]);
  // The user's actions with their times.
  expect(saved[0]?.text).toMatch(/2026-04-1\d \d\d:\d\d:\d\d UTC<\/td><td>[^<]*<\/td><td>log-out page opened<\/td>/);
  expect(saved).toHaveLength(1);
  expect(saved[0]?.type).toBe('text/html');
  expect(saved[0]?.text).toContain('<td>Vultr</td>');
  expect(saved[0]?.text).not.toContain('203.0.113.42');
});

test('the report asks for as many sign-ins as one answer may hold', () => {
  expect(REPORT_LOGINS).toBe(MAX_LOGINS_PER_REQUEST);
});
