import { BINANCE_DEVICES_URL, fixture, readStoreCounts } from '../support/fixtures';
import { expect, serveSite, test } from './extension';

test('a review reminder is notified by the alarm once an account has gone unreviewed for a week', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openExtensionPage('popup/index.html');
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ scans: 1 });
  await site.close();

  // Fires the reminder alarm and resolves once the worker has finished that check.
  const fire = async () => {
    const at = await worker.evaluate(async () => {
      const all = await chrome.notifications.getAll();
      await Promise.all(Object.keys(all).map((id) => chrome.notifications.clear(id)));
      const now = Date.now();
      await chrome.alarms.create('review-reminders', { when: now });
      return now;
    });
    await expect
      .poll(() =>
        worker.evaluate(async () => (await chrome.storage.local.get('reminderCheckedAt')).reminderCheckedAt ?? 0),
      )
      .toBeGreaterThanOrEqual(at);
  };
  const reminders = () =>
    worker.evaluate(async () =>
      Object.keys(await chrome.notifications.getAll()).filter((id) => id.startsWith('reminder:')),
    );

  // Just scanned: the alarm finds nothing due.
  await fire();
  expect(await reminders()).toEqual([]);

  // Time passes: the account was last scanned ten days ago (the database is moved, not the clock).
  await popup.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('session-watchdog');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('accounts', 'readwrite');
          const store = tx.objectStore('accounts');
          const all = store.getAll();
          all.onsuccess = () => {
            for (const a of all.result) store.put({ ...a, lastScanAt: a.lastScanAt - 10 * 86_400_000 });
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
  );
  await fire();
  await expect.poll(reminders).toEqual([expect.stringMatching(/^reminder:device-review:binance/)]);

  // Shown once per cadence: the next check stays quiet.
  await fire();
  expect(await reminders()).toEqual([]);
});
