import { expect, test } from 'vitest';
import type { AccountView, MessageName, RequestOf, ResponseOf, Transport } from '../src/shared/contract';
import { createPopupModel } from './model';

function view(id: string, openWarningCount: number): AccountView {
  return {
    account: { id, siteId: 'binance', hint: id, firstScanAt: 1, lastScanAt: 2, scanCount: 1 },
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

test('a warning action is sent and the view reloads', async () => {
  let open = 2;
  const { transport, calls } = fakeTransport({
    getOverview: () => ({ accounts: [view('a', open)], badgeCount: open }),
    setWarningState: () => {
      open--;
      return {};
    },
  });
  const m = createPopupModel(transport);
  await m.load();
  expect(m.badgeCount.value).toBe(2);
  await m.setWarningState('w1', 'acknowledged');
  expect(calls).toContainEqual(['setWarningState', { id: 'w1', state: 'acknowledged' }]);
  expect(m.badgeCount.value).toBe(1);
  expect(m.accounts.value[0]?.openWarningCount).toBe(1);
});

test('a refused message shows its error instead of stale data', async () => {
  const { transport } = fakeTransport({});
  const m = createPopupModel(transport);
  await m.load();
  expect(m.error.value).toBe('unexpected getOverview');
  expect(m.isEmpty.value).toBe(false);
});

test('log out of all devices asks the worker to open the account page', async () => {
  const { transport, calls } = fakeTransport({ openDevicesPage: () => ({ url: 'u' }) });
  await createPopupModel(transport).logOutAll('binance:1');
  expect(calls).toEqual([['openDevicesPage', { accountId: 'binance:1' }]]);
});
