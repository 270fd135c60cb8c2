import { describe, expect, test } from 'vitest';
import type { StoredWarning } from '../src/core/types';
import type { AccountView, MessageName, RequestOf, ResponseOf, Transport } from '../src/shared/contract';
import { linksFor, stepLink } from './emergency';
import { byWorst, canTrustAll, createPopupModel, overdueDays } from './model';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 3, 14, 15);

function warning(id: string, severity: StoredWarning['severity']): StoredWarning {
  return {
    id,
    accountId: 'a',
    rule: 'unknown-device',
    subject: id,
    severity,
    reason: 'r',
    evidence: {},
    state: 'open',
    firstRaisedAt: 1,
    lastRaisedAt: 1,
    stateChangedAt: 1,
  };
}

function view(id: string, openWarningCount: number, extra: Partial<AccountView['account']> = {}): AccountView {
  return {
    account: { id, siteId: 'binance', hint: id, firstScanAt: NOW, lastScanAt: NOW, scanCount: 1, ...extra },
    siteName: 'Binance',
    devicesUrl: 'https://www.binance.com/en/my/security/device-management',
    sessions: [],
    warnings: [],
    openWarningCount,
  };
}

function fakeTransport(answers: Partial<{ [K in MessageName]: (req: RequestOf<K>) => ResponseOf<K> }>) {
  const calls: [MessageName, unknown][] = [];
  const transport: Transport = async (type, payload) => {
    calls.push([type, payload]);
    const answer = answers[type] as ((req: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`unexpected ${type}`);
    return answer(payload) as never;
  };
  return { transport, calls };
}

test('load fills accounts and the badge count; an empty store is the empty state', async () => {
  const { transport } = fakeTransport({ getOverview: () => ({ accounts: [], badgeCount: 0 }) });
  const m = createPopupModel(transport);
  expect(m.isLoading.value).toBe(true);
  expect(m.isEmpty.value).toBe(false);
  await m.load();
  expect(m.isEmpty.value).toBe(true);
});

test('the popup follows changes: loads asked for during a load run once after it and end on the newest data', async () => {
  let stored = 0;
  const gates: (() => void)[] = [];
  const transport: Transport = (async (type: MessageName) => {
    if (type === 'getEmergency') return { checklists: {} };
    // Each answer is computed when it is asked, then held until the test lets it go, as a busy worker would.
    const seen = stored;
    await new Promise<void>((resolve) => gates.push(resolve));
    return { accounts: Array.from({ length: seen }, (_, i) => view(`acc${i}`, 0)), badgeCount: 0 };
  }) as Transport;
  const m = createPopupModel(transport);
  const first = m.load();
  stored = 1;
  const a = m.refresh();
  stored = 2;
  const b = m.refresh();
  // One load on its way; the two changes heard meanwhile ask for one more, not two.
  expect(gates).toHaveLength(1);
  gates.shift()?.();
  await first;
  expect(m.accounts.value).toHaveLength(0);
  await expect.poll(() => gates.length).toBe(1);
  gates.shift()?.();
  await Promise.all([a, b]);
  expect(m.accounts.value).toHaveLength(2);
  expect(gates).toHaveLength(0);
});

test('a refused message shows its error instead of stale data', async () => {
  const { transport } = fakeTransport({});
  const m = createPopupModel(transport);
  await m.load();
  expect(m.error.value).toBe('unexpected getOverview');
  expect(m.isEmpty.value).toBe(false);
});

test('cards are worst first: a high warning beats more medium ones; then count; then latest scan', () => {
  const high = { ...view('high', 1), warnings: [warning('h', 'high')] };
  const mediums = { ...view('mediums', 3), warnings: [warning('m1', 'medium'), warning('m2', 'medium')] };
  const calmOld = view('calm-old', 0, { lastScanAt: NOW - DAY });
  const calmNew = view('calm-new', 0);
  expect([calmOld, mediums, calmNew, high].sort(byWorst).map((v) => v.account.id)).toEqual([
    'high',
    'mediums',
    'calm-new',
    'calm-old',
  ]);
});

describe('the review nudge', () => {
  test.each([
    ['reviewed yesterday', { lastReviewedAt: NOW - DAY }, undefined],
    ['reviewed 6.9 days ago', { lastReviewedAt: NOW - 6.9 * DAY }, undefined],
    ['reviewed 7 days ago', { lastReviewedAt: NOW - 7 * DAY }, 7],
    ['reviewed 40 days ago', { lastReviewedAt: NOW - 40 * DAY }, 40],
    ['never reviewed, first seen today', { firstScanAt: NOW }, undefined],
    ['never reviewed, first seen 10 days ago', { firstScanAt: NOW - 10 * DAY }, 10],
  ])('%s → %s', (_n, account, days) => {
    expect(overdueDays(view('a', 0, account), NOW)).toBe(days);
  });
});

test('"these are all mine" is offered only on an unreviewed first scan with live sessions and warnings', () => {
  const session = {
    key: 's',
    accountId: 'a',
    device: 'Chrome',
    isCurrent: true,
    firstObservedAt: 1,
    lastObservedAt: 1,
  };
  expect(canTrustAll({ ...view('a', 1), sessions: [session] })).toBe(true);
  expect(canTrustAll({ ...view('a', 1, { scanCount: 2 }), sessions: [session] })).toBe(false);
  expect(canTrustAll({ ...view('a', 1), sessions: [{ ...session, goneAt: 2 }] })).toBe(false);
  expect(canTrustAll({ ...view('a', 0), sessions: [session] })).toBe(false);
  expect(canTrustAll({ ...view('a', 1, { lastReviewedAt: NOW }), sessions: [session] })).toBe(false);
});

test('dismissing the last open warning of an account marks it reviewed; the view reloads', async () => {
  let open = 1;
  const { transport, calls } = fakeTransport({
    getOverview: () => ({ accounts: [{ ...view('a', open), warnings: [warning('w1', 'high')] }], badgeCount: open }),
    setWarningState: () => {
      open--;
      return {};
    },
    markReviewed: () => ({ lastReviewedAt: NOW }),
  });
  const m = createPopupModel(transport);
  await m.load();
  await m.setWarningState('w1', 'dismissed');
  expect(calls.map((c) => c[0])).toEqual(['getOverview', 'setWarningState', 'markReviewed', 'getOverview']);
  expect(calls[1]).toEqual(['setWarningState', { id: 'w1', state: 'dismissed' }]);
  expect(m.badgeCount.value).toBe(0);
});

test('"This was me" sends the warning id once even when clicked twice, and says what was trusted', async () => {
  const { transport, calls } = fakeTransport({
    getOverview: () => ({
      accounts: [{ ...view('a', 2), warnings: [warning('w1', 'high'), warning('w2', 'high')] }],
      badgeCount: 2,
    }),
    trustFromWarning: () => ({ change: 'widened', trustedDeviceName: 'My Mac', openWarnings: 1 }),
  });
  const m = createPopupModel(transport);
  await m.load();
  await Promise.all([m.thisWasMe('w1'), m.thisWasMe('w1')]);
  expect(calls.filter((c) => c[0] === 'trustFromWarning')).toEqual([['trustFromWarning', { id: 'w1' }]]);
  // One warning is still open: not a review yet.
  expect(calls.some((c) => c[0] === 'markReviewed')).toBe(false);
  expect(m.notice.value).toEqual({ kind: 'trusted', change: 'widened', name: 'My Mac' });
  expect(m.busy.value.size).toBe(0);
});

test('a failing "This was me" shows the error and frees the button', async () => {
  const { transport } = fakeTransport({
    getOverview: () => ({ accounts: [view('a', 1)], badgeCount: 1 }),
    trustFromWarning: () => {
      throw new Error('No such warning');
    },
  });
  const m = createPopupModel(transport);
  await m.thisWasMe('gone');
  expect(m.error.value).toBe('No such warning');
  expect(m.notice.value).toBeUndefined();
  expect(m.busy.value.size).toBe(0);
});

test('log out of all devices asks the worker to open the account page', async () => {
  const { transport, calls } = fakeTransport({ openDevicesPage: () => ({ url: 'u' }) });
  await createPopupModel(transport).logOutAll('binance:1');
  expect(calls).toEqual([['openDevicesPage', { accountId: 'binance:1' }]]);
});

describe('emergency mode', () => {
  test('opening records the start once; ticks are saved per account; clearing removes the checklist', async () => {
    let stored: Record<string, { startedAt: number; done: string[] }> = {};
    const { transport, calls } = fakeTransport({
      getEmergency: () => ({ checklists: stored as never }),
      saveEmergency: ({ accountId, checklist }) => {
        stored = { ...stored };
        if (checklist) stored[accountId] = checklist as never;
        else delete stored[accountId];
        return { checklists: stored as never };
      },
    });
    let now = NOW;
    const m = createPopupModel(transport, () => now);
    await m.loadEmergency();
    await m.openEmergency('a');
    expect(m.emergencyFor.value).toBe('a');
    expect(stored).toEqual({ a: { startedAt: NOW, done: [] } });
    await m.toggleStep('a', 'logout', true);
    await m.toggleStep('a', 'password', true);
    await m.toggleStep('a', 'logout', false);
    m.closeEmergency();
    now += DAY;
    await m.openEmergency('a');
    expect(stored).toEqual({ a: { startedAt: NOW, done: ['password'] } });
    expect(m.emergency.value.a?.done).toEqual(['password']);
    await m.endEmergency('a');
    expect(stored).toEqual({});
    expect(m.emergencyFor.value).toBeUndefined();
    expect(calls.filter((c) => c[0] === 'saveEmergency')).toHaveLength(5);
  });

  test.each([
    ['logout', 'https://www.binance.com/en/my/security/device-management'],
    ['password', 'https://www.binance.com/en/my/security/change-password'],
    ['apiKeys', 'https://www.binance.com/en/my/settings/api-management'],
    ['history', 'https://www.binance.com/en/my/security/address-management'],
    ['support', 'https://www.binance.com/en/support'],
  ] as const)('Binance step %s links to the registry page', (step, url) => {
    expect(stepLink(linksFor(view('a', 0)), step)).toBe(url);
  });

  test('a custom site knows only its device page', () => {
    const custom = { ...view('a', 0, { siteId: 'custom:x.example' }), devicesUrl: 'https://x.example/sec' };
    expect(stepLink(linksFor(custom), 'logout')).toBe('https://x.example/sec');
    expect(stepLink(linksFor(custom), 'password')).toBeUndefined();
  });
});

describe('what the worker reports besides accounts', () => {
  test('a storage problem and due checklist items reach the view, and clear when the worker stops reporting them', async () => {
    let report = true;
    const { transport } = fakeTransport({
      getOverview: () => ({
        accounts: [view('a', 0)],
        badgeCount: 0,
        ...(report
          ? {
              storageProblem: 'Storage is full: the last scan was not saved.',
              checklistOverdue: [
                { account: 'binance_account', item: 'two-factor', reason: 'Password and 2FA check due' },
              ],
            }
          : {}),
      }),
    });
    const model = createPopupModel(transport, () => NOW);
    await model.load();
    expect(model.storageProblem.value).toBe('Storage is full: the last scan was not saved.');
    expect(model.checklistOverdue.value.map((o) => o.item)).toEqual(['two-factor']);
    report = false;
    await model.load();
    expect(model.storageProblem.value).toBeUndefined();
    expect(model.checklistOverdue.value).toEqual([]);
  });
});

test('choosing a background-check schedule asks the worker once and shows the schedule it answers', async () => {
  let schedule: 'off' | 'daily' | 'weekly' = 'off';
  const { transport, calls } = fakeTransport({
    getOverview: () => ({
      accounts: [{ ...view('a', 0), check: { schedule, isPaused: false } }],
      badgeCount: 0,
    }),
    setBackgroundCheck: (req) => {
      schedule = req.schedule;
      return {};
    },
  });
  const m = createPopupModel(transport);
  await m.load();
  await Promise.all([m.setBackgroundCheck('a', 'weekly'), m.setBackgroundCheck('a', 'weekly')]);
  expect(calls.filter(([type]) => type === 'setBackgroundCheck')).toEqual([
    ['setBackgroundCheck', { accountId: 'a', schedule: 'weekly' }],
  ]);
  expect(m.accounts.value[0]?.check?.schedule).toBe('weekly');
});
