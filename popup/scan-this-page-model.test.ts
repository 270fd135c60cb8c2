import { signal } from '@preact/signals';
import { expect, test } from 'vitest';
import type { AccountView, ResponseOf, Transport } from '../src/shared/contract';
import { type After, createScanThisPageModel, SCAN_WAIT_MS } from './scan-this-page-model';

const URL_ = 'https://exchange.example/account/devices';
const view = (siteId: string) => ({ account: { id: `${siteId}:1`, siteId } }) as AccountView;

function setup(answer: Partial<ResponseOf<'scanActiveTab'>> = {}) {
  const accounts = signal<AccountView[]>([view('binance')]);
  const timers: { ms: number; then: () => void; isCancelled: boolean }[] = [];
  const after: After = (ms, then) => {
    const timer = { ms, then, isCancelled: false };
    timers.push(timer);
    return () => {
      timer.isCancelled = true;
    };
  };
  const sent: string[] = [];
  const transport = (async (type: string) => {
    sent.push(type);
    return {
      url: URL_,
      isRegistered: false,
      isInjected: true,
      suggestedPattern: 'https://exchange.example/*',
      ...answer,
    };
  }) as Transport;
  return { accounts, timers, sent, model: createScanThisPageModel(transport, accounts, after) };
}

const settled = () => new Promise((resolve) => queueMicrotask(() => resolve(undefined)));

test('reads once and follows the overview: the page shows as read when its account arrives, without polling', async () => {
  const { accounts, timers, sent, model } = setup();
  await model.scan();
  expect(sent).toEqual(['scanActiveTab']);
  expect(model.state.value).toBe('reading');
  accounts.value = [...accounts.value, view('binance')];
  await settled();
  expect(model.state.value).toBe('reading');
  accounts.value = [...accounts.value, view('custom:exchange.example')];
  await settled();
  expect(model.state.value).toBe('read');
  // Nothing asked the worker again, and the deadline was dropped.
  expect(sent).toEqual(['scanActiveTab']);
  expect(timers.map((t) => [t.ms, t.isCancelled])).toEqual([[SCAN_WAIT_MS, true]]);
});

test('says it found nothing when the deadline passes first, and a late account changes nothing', async () => {
  const { accounts, timers, model } = setup();
  await model.scan();
  timers[0]?.then();
  expect(model.state.value).toBe('nothing');
  accounts.value = [view('custom:exchange.example')];
  await settled();
  expect(model.state.value).toBe('nothing');
});

test('an account already shown is read at once; a page the worker did not inject waits for nothing', async () => {
  const shown = setup();
  shown.accounts.value = [view('custom:exchange.example')];
  await shown.model.scan();
  expect(shown.model.state.value).toBe('read');
  expect(shown.timers).toEqual([]);
  const registered = setup({ isInjected: false, isRegistered: true, siteName: 'Binance' });
  await registered.model.scan();
  expect(registered.model.state.value).toBe('idle');
  expect(registered.model.result.value?.siteName).toBe('Binance');
});

test("the worker's refusal is shown", async () => {
  const accounts = signal<AccountView[]>([]);
  const model = createScanThisPageModel(
    (async () => {
      throw new Error('No tab to read');
    }) as Transport,
    accounts,
  );
  await model.scan();
  expect(model.error.value).toBe('No tab to read');
  expect(model.state.value).toBe('idle');
});
