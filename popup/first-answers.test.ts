import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { expect, test } from 'vitest';
import type { MessageName, ResponseOf, Transport } from '../src/shared/contract';
import { FIRST_ANSWERS_KEY, takeEarlyChanges, takeFirstAnswers, withFirstAnswers } from './first-answers';
import { createPopupModel } from './model';

const overview = (hint: string): ResponseOf<'getOverview'> => ({
  accounts: [
    {
      account: { id: `binance:${hint}`, siteId: 'binance', hint, firstScanAt: 1, lastScanAt: 2, scanCount: 1 },
      siteName: 'Binance',
      devicesUrl: '',
      sessions: [],
      warnings: [],
      openWarningCount: 0,
    },
  ],
  badgeCount: 0,
});

function recordingTransport(answer: (type: MessageName) => unknown) {
  const calls: [MessageName, unknown][] = [];
  const transport = (async (type: MessageName, payload: unknown) => {
    calls.push([type, payload]);
    return answer(type);
  }) as Transport;
  return { transport, calls };
}

test('the first getOverview is the early request; a reload after it asks the worker again', async () => {
  const { transport, calls } = recordingTransport(() => overview('later'));
  const early = Promise.resolve({ ok: true, value: overview('early') });
  const model = createPopupModel(withFirstAnswers(transport, { getOverview: early }));
  await model.load();
  expect(model.accounts.value.map((a) => a.account.hint)).toEqual(['early']);
  expect(calls).toEqual([]);
  await model.load();
  expect(model.accounts.value.map((a) => a.account.hint)).toEqual(['later']);
  expect(calls).toEqual([['getOverview', {}]]);
});

test('an early error or a missing answer shows as the transport would show it', async () => {
  const { transport } = recordingTransport(() => overview('later'));
  const failing = createPopupModel(
    withFirstAnswers(transport, { getOverview: Promise.resolve({ ok: false, error: 'Unknown sender' }) }),
  );
  await failing.load();
  expect(failing.error.value).toBe('Unknown sender');
  const silent = createPopupModel(withFirstAnswers(transport, { getOverview: Promise.resolve(undefined) }));
  await silent.load();
  expect(silent.error.value).toBe('No answer to getOverview');
});

test('requests the first script did not send, or with a payload, go through the transport', async () => {
  const { transport, calls } = recordingTransport(() => ({ lastReviewedAt: 5 }));
  const send = withFirstAnswers(transport, {
    markReviewed: Promise.resolve({ ok: true, value: { lastReviewedAt: 1 } }),
  });
  expect(await send('markReviewed', { accountId: 'a' })).toEqual({ lastReviewedAt: 5 });
  expect(calls).toEqual([['markReviewed', { accountId: 'a' }]]);
  const none = withFirstAnswers(transport, undefined);
  await none('getOverview', {});
  expect(calls.map(([type]) => type)).toEqual(['markReviewed', 'getOverview']);
});

test('the first answers are taken off the global once', () => {
  const first = { getOverview: Promise.resolve(undefined) };
  const scope: Record<string, unknown> = { [FIRST_ANSWERS_KEY]: first };
  expect(takeFirstAnswers(scope)).toBe(first);
  expect(takeFirstAnswers(scope)).toBeUndefined();
});

test("the popup's first script (public/popup/first-request.js) asks for the overview and the checklists where main.tsx looks", async () => {
  const sent: unknown[] = [];
  const listeners: ((changes: object, area: string) => void)[] = [];
  const chrome = {
    storage: {
      onChanged: {
        addListener: (l: (changes: object, area: string) => void) => listeners.push(l),
        removeListener: (l: (changes: object, area: string) => void) => listeners.splice(listeners.indexOf(l), 1),
      },
    },
    runtime: {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return Promise.resolve({ ok: true, value: message });
      },
    },
  };
  const scope = vm.createContext({ chrome });
  vm.runInContext(readFileSync(new URL('../public/popup/first-request.js', import.meta.url), 'utf8'), scope);
  // The checklists are asked for once the overview is answered: the worker answers the first render's question alone.
  expect(sent).toEqual([{ type: 'getOverview', payload: {} }]);
  const first = takeFirstAnswers(scope);
  expect(Object.keys(first ?? {})).toEqual(['getOverview', 'getEmergency']);
  await expect(first?.getOverview).resolves.toEqual({ ok: true, value: sent[0] });
  await expect(first?.getEmergency).resolves.toEqual({ ok: true, value: { type: 'getEmergency', payload: {} } });
  expect(sent).toHaveLength(2);
  // It listened before it asked: a change between the question and main.tsx subscribing is remembered.
  const early = takeEarlyChanges(scope);
  expect(early?.changedSince).toBe(false);
  expect(listeners).toHaveLength(1);
  listeners[0]?.({ dataRevision: {} }, 'local');
  expect(early?.changedSince).toBe(true);
  early?.stop();
  expect(listeners).toHaveLength(0);
  expect(takeEarlyChanges(scope)).toBeUndefined();
});
