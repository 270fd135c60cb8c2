import { describe, expect, test, vi } from 'vitest';
import type { StoredWarning } from '../src/core/types';
import type { AccountView, MessageName, RequestOf, ResponseOf, Transport } from '../src/shared/contract';
import { linksFor, stepLink } from './emergency';
import type { Incident } from './incidents';
import { byWorst, canTrustAll, createPopupModel, initialPicks, overdueDays, UNDO_MS } from './model';

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
    if (type === 'getAnswers') return { answers: [] };
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

test('dismissing the last open incident dismisses all its warnings, marks the account reviewed, and reloads', async () => {
  let open = 1;
  const { transport, calls } = fakeTransport({
    getOverview: () => ({
      accounts: [
        {
          ...view('a', open),
          // One intruder is one stored warning carrying every reason (the judgement's incident).
          warnings: [
            {
              ...warning('w1', 'high'),
              evidence: { ip: '45.77.12.9', device: 'Firefox' },
              reasons: [
                { rule: 'unknown-device', severity: 'high', reason: 'r', evidence: { ip: '45.77.12.9' } },
                { rule: 'failed-login-burst', subject: 'burst|x', severity: 'medium', reason: 'f', evidence: {} },
              ],
            } satisfies StoredWarning,
          ].slice(0, open),
        },
      ],
      badgeCount: open,
    }),
    answerIncident: ({ warningIds }) => {
      open -= warningIds.length;
      return { answerId: 'ans1', change: 'dismissed', trustedDeviceName: '', openWarnings: open };
    },
    markReviewed: () => ({ lastReviewedAt: NOW }),
    getAnswers: () => ({ answers: [] }),
  });
  const m = createPopupModel(transport);
  await m.load();
  const incident = m.incidents.value.get('a')?.[0];
  expect(incident?.warnings.map((w) => w.id)).toEqual(['w1']);
  expect(incident?.reasons.map((r) => r.rule)).toEqual(['unknown-device', 'failed-login-burst']);
  await m.answer(incident as Incident, 'dismissed');
  expect(calls.map((c) => c[0])).toEqual([
    'getOverview',
    'answerIncident',
    'markReviewed',
    'getAnswers',
    'getOverview',
  ]);
  expect(calls[1]).toEqual(['answerIncident', { warningIds: ['w1'], answer: 'dismissed' }]);
  expect(m.notice.value).toEqual({
    kind: 'answered',
    change: 'dismissed',
    name: '',
    label: 'Firefox · 45.77.12.9',
    answerId: 'ans1',
  });
  expect(m.badgeCount.value).toBe(0);
});

test('Undo is offered for a few seconds, then only the list keeps it; Undo says what reopened', async () => {
  vi.useFakeTimers();
  try {
    const { transport, calls } = fakeTransport({
      getOverview: () => ({ accounts: [{ ...view('a', 1), warnings: [warning('w1', 'high')] }], badgeCount: 1 }),
      answerIncident: () => ({
        answerId: 'ans1',
        change: 'created',
        trustedDeviceName: 'Chrome on macOS',
        openWarnings: 1,
      }),
      undoAnswer: () => ({ label: 'Chrome · 203.0.113.42', openWarnings: 2 }),
      getAnswers: () => ({ answers: [] }),
    });
    const m = createPopupModel(transport);
    await m.load();
    // Clicked twice: sent once.
    const incident = m.incidents.value.get('a')?.[0] as Incident;
    await Promise.all([m.answer(incident, 'mine'), m.answer(incident, 'mine')]);
    expect(calls.filter((c) => c[0] === 'answerIncident')).toHaveLength(1);
    expect(m.notice.value).toMatchObject({ kind: 'answered', change: 'created', answerId: 'ans1' });
    // One warning is still open: not a review yet.
    expect(calls.some((c) => c[0] === 'markReviewed')).toBe(false);
    vi.advanceTimersByTime(UNDO_MS - 1);
    expect(m.notice.value).toMatchObject({ answerId: 'ans1' });
    // While the user is on the button it waits for them.
    m.holdUndo(true);
    vi.advanceTimersByTime(3 * UNDO_MS);
    expect(m.notice.value).toMatchObject({ answerId: 'ans1' });
    m.holdUndo(false);
    vi.advanceTimersByTime(UNDO_MS);
    expect(m.notice.value).toMatchObject({ kind: 'answered', answerId: undefined });
    await m.undo('ans1');
    expect(calls).toContainEqual(['undoAnswer', { answerId: 'ans1' }]);
    expect(m.notice.value).toEqual({ kind: 'undone', label: 'Chrome · 203.0.113.42' });
  } finally {
    vi.useRealTimers();
  }
});

test('a failing answer shows the error and frees the button', async () => {
  const { transport } = fakeTransport({
    getOverview: () => ({ accounts: [{ ...view('a', 1), warnings: [warning('w1', 'high')] }], badgeCount: 1 }),
    answerIncident: () => {
      throw new Error('No such warning');
    },
  });
  const m = createPopupModel(transport);
  await m.load();
  await m.answer(m.incidents.value.get('a')?.[0] as Incident, 'mine');
  expect(m.error.value).toBe('No such warning');
  expect(m.notice.value).toBeUndefined();
  expect(m.busy.value.size).toBe(0);
});

test('the first-scan checklist ticks only this browser, never a risky session, and trusts exactly the ticks after a confirmation', async () => {
  const session = (key: string, ip: string, isCurrent: boolean) => ({
    key,
    accountId: 'a',
    device: key,
    ip,
    isCurrent,
    firstObservedAt: 1,
    lastObservedAt: 1,
  });
  const risky = {
    ...warning('hosting', 'high'),
    rule: 'hosting-ip',
    subject: 'login-1',
    evidence: { ip: '45.77.12.9' },
  };
  const v = {
    ...view('a', 3),
    sessions: [
      session('mac', '203.0.113.42', true),
      session('phone', '198.51.100.23', false),
      session('vps', '45.77.12.9', false),
    ],
    warnings: [warning('mac', 'low'), warning('phone', 'low'), warning('vps', 'high'), risky],
    // The worker's judgement of which sessions have a high signal (the same test it refuses them with).
    highSignalKeys: ['vps'],
  };
  expect([...initialPicks(v)]).toEqual(['mac']);
  // The page calling the stranger's session current does not tick it.
  expect([...initialPicks({ ...v, sessions: v.sessions.map((s) => ({ ...s, isCurrent: s.key === 'vps' })) })]).toEqual(
    [],
  );
  const { transport, calls } = fakeTransport({
    getOverview: () => ({ accounts: [v], badgeCount: 3 }),
    trustAccountSessions: () => ({ created: 2, widened: 0, openWarnings: 2 }),
  });
  const m = createPopupModel(transport);
  await m.load();
  m.togglePick(v, 'phone', true);
  await m.trustPicked(v, false);
  expect(m.confirming.value).toEqual({ accountId: 'a', what: 'trust' });
  expect(calls.some((c) => c[0] === 'trustAccountSessions')).toBe(false);
  await m.trustPicked(v, true);
  expect(calls).toContainEqual(['trustAccountSessions', { accountId: 'a', sessionKeys: ['mac', 'phone'] }]);
  expect(m.notice.value).toEqual({ kind: 'allMine', created: 2, widened: 0 });
});

test('"Mark reviewed" asks first while a high incident is open, and goes straight through otherwise', async () => {
  const { transport, calls } = fakeTransport({
    getOverview: () => ({
      accounts: [{ ...view('a', 1), warnings: [warning('w1', 'high')] }, view('b', 0)],
      badgeCount: 1,
    }),
    markReviewed: () => ({ lastReviewedAt: NOW }),
  });
  const m = createPopupModel(transport);
  await m.load();
  await m.markReviewed('a');
  expect(m.confirming.value).toEqual({ accountId: 'a', what: 'review' });
  expect(calls.some((c) => c[0] === 'markReviewed')).toBe(false);
  await m.markReviewed('a', true);
  await m.markReviewed('b');
  expect(calls.filter((c) => c[0] === 'markReviewed').map((c) => c[1])).toEqual([
    { accountId: 'a' },
    { accountId: 'b' },
  ]);
  expect(m.confirming.value).toBeUndefined();
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
