import type { Page } from '@playwright/test';
import { readDb } from '../fixtures/hostile/pages';
import { BINANCE_DEVICES_URL, fixture } from '../support/fixtures';
import { expect, serveSite, test } from './extension';

// The worker's first script answers the popup's overview from the copy the main code kept, and only while the
// data it was computed from is unchanged (src/background/front.ts, src/shared/kept-overview.ts).
const ACCOUNT = 'binance:38451092';

type Overview = { ok: boolean; value?: { accounts: { account: { id: string; hint: string } }[] } };
const askOverview = (page: Page) =>
  page.evaluate(() => chrome.runtime.sendMessage({ type: 'getOverview', payload: {} }) as Promise<Overview>);

/** The kept record as the database holds it (read from an extension page, never creating the database). */
const readKept = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('session-watchdog');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(undefined);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('kept')) return resolve(undefined);
          const r = db.transaction('kept').objectStore('kept').get('keptOverview');
          r.onsuccess = () => {
            resolve(r.result);
            db.close();
          };
        };
      }),
  );

/** Changes the account's hint straight in the worker's database, as a tool or a test would, behind its back. */
const writeHintBehindTheWorker = (page: Page, hint: string) =>
  page.evaluate(
    ({ id, hint }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('session-watchdog');
        open.onsuccess = () => {
          const tx = open.result.transaction('accounts', 'readwrite');
          const store = tx.objectStore('accounts');
          const r = store.get(id);
          r.onsuccess = () => store.put({ ...r.result, hint });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { id: ACCOUNT, hint },
  );

test('a stopped worker answers the overview from the kept copy, and never an out-of-date one', async ({
  context,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  const popup = await openExtensionPage('popup/index.html');
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  await expect.poll(async () => (await popup.evaluate(readDb)).sessions.length).toBe(4);
  await site.close();
  const computed = await askOverview(popup);
  expect(computed.value?.accounts.map((a) => a.account.id)).toEqual([ACCOUNT]);
  // Once no task runs, the main code keeps what it would answer.
  await expect
    .poll(async () => ((await readKept(popup)) as { overview?: unknown } | undefined)?.overview)
    .toEqual(computed.value);

  const cdp = await context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  const mainLoaded = () =>
    context
      .serviceWorkers()
      .at(-1)
      ?.evaluate(() => (globalThis as Record<string, unknown>).__sessionWatchdogWorker !== undefined);

  await cdp.send('ServiceWorker.stopAllWorkers');
  const cold = await askOverview(popup);
  expect(cold).toEqual(computed);
  // Answered by the first script alone: the main code was not loaded for it.
  expect(await mainLoaded()).toBe(false);

  // A change that did not go through the worker (here written straight into its database) is never hidden behind
  // the copy: its print no longer matches, and the main code answers.
  await writeHintBehindTheWorker(popup, 'changed elsewhere');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const after = await askOverview(popup);
  expect(after.value?.accounts.map((a) => a.account.hint)).toEqual(['changed elsewhere']);
  expect(await mainLoaded()).toBe(true);
  // The main code, already running, answers the next change too, and keeps what it answered: the next start answers
  // from the copy again, not from the main code until some task runs.
  await writeHintBehindTheWorker(popup, 'changed again');
  const again = await askOverview(popup);
  expect(again.value?.accounts.map((a) => a.account.hint)).toEqual(['changed again']);
  await expect
    .poll(async () => ((await readKept(popup)) as { overview?: unknown } | undefined)?.overview)
    .toEqual(again.value);
  await cdp.send('ServiceWorker.stopAllWorkers');
  expect(await askOverview(popup)).toEqual(again);
  expect(await mainLoaded()).toBe(false);
});
