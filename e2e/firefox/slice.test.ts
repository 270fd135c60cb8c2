import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture, readStoreCounts, SCREENSHOTS, withoutRow } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, until } from './firefox';

const FULL = fixture('binance-device-management.en.html');
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

test('Firefox: a Binance device page is stored, flagged, trusted away, and a removed session shows as gone', async () => {
  let html = FULL;
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => html);
  await site.goto(BINANCE_DEVICES_URL);

  let popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.evaluate(readStoreCounts),
    (c) => c.sessions === 4 && c.scans === 1,
    'four stored sessions',
  );
  expect(await popup.evaluate(readStoreCounts)).toEqual({ sessions: 4, gone: 0, logins: 6, scans: 1 });

  const warningTexts = () => popup.$$eval('[data-testid=warning]', (els) => els.map((e) => e.textContent ?? ''));
  const counted = () => popup.$$eval('.warning--high, .warning--medium', (els) => els.length);
  const unknownDevices = (texts: string[]) => texts.filter((t) => t.includes('matches none of your trusted devices'));

  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.$$eval('[data-testid=session]', (els) => els.length),
    (n) => n === 4,
    'popup lists 4 sessions',
  );
  // The stranger's incident is the one raised; the user's three are asked about in the first-scan list.
  const first = unknownDevices(await warningTexts());
  expect(first).toHaveLength(1);
  expect(first[0]).toContain('Firefox 115');
  expect(await popup.$$eval('[data-testid=first-scan-session]', (els) => els.length)).toBe(4);
  const before = await counted();
  await until(
    () => badgeText(popup),
    (t) => t === String(before),
    `badge ${before}`,
  );
  await popup.setViewport({ width: 420, height: 600 });
  await popup.screenshot({ path: join(SCREENSHOTS, 'firefox-popup-untrusted.png'), fullPage: true });

  const options = await openExtensionPage(browser, 'options/index.html');
  await until(
    () => options.$('[data-testid=no-trusted]'),
    (el) => el !== null,
    'empty trusted list',
  );
  await options.type('input[name=name]', 'My MacBook');
  await options.type('input[name=pattern]', 'Chrome * macOS');
  await options.click('button[type=submit]');
  await until(
    () => options.$$eval('[data-testid=trusted-device]', (els) => els.length),
    (n) => n === 1,
    'one trusted device',
  );
  await options.screenshot({ path: join(SCREENSHOTS, 'firefox-options.png'), fullPage: true });

  // The next visit: the Mac's "is it yours?" note is gone (it never counted), the iPhone's and the app's stay.
  await site.reload();
  await until(
    () => popup.evaluate(readStoreCounts),
    (c) => c.scans === 2,
    'the second visit stored',
  );
  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  const yours = await until(
    () => warningTexts().then((ts) => ts.filter((t) => t.includes('Is it yours?'))),
    (ts) => ts.length === 2,
    'two "is it yours?" notes',
  );
  expect(yours.some((t) => t.includes('Chrome 126'))).toBe(false);
  await until(
    () => badgeText(popup),
    (t) => t === String(before),
    'the badge unchanged after trusting the Mac',
  );

  html = withoutRow(FULL, '45.77.12.9</td>\n        <td>Frankfurt');
  await site.reload();
  await until(
    () => popup.evaluate(readStoreCounts),
    (c) => c.gone === 1,
    'one session gone',
  );
  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  const gone = await until(
    () => popup.$$eval('[data-testid=session-gone]', (els) => els.map((e) => e.textContent ?? '')),
    (list) => list.length === 1,
    'gone session in the popup',
  );
  expect(gone[0]).toContain('Firefox 115 on Windows 10');
  expect(unknownDevices(await warningTexts())).toHaveLength(0);
  const after = await counted();
  expect(after).toBeLessThan(before);
  await until(
    () => badgeText(popup),
    (t) => t === (after ? String(after) : ''),
    `badge ${after} after the logout`,
  );
  expect((await popup.evaluate(readStoreCounts)).logins).toBe(6);
});

test("Firefox: a web component's list, drawn late inside its shadow root, is read, and the popup open beside it follows", async () => {
  // The popup is open before the page is read: it must follow the stored data without being reopened.
  const popup = await openExtensionPage(browser, 'popup/index.html');
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => fixture('spa/binance-components.html'));
  await site.goto(BINANCE_DEVICES_URL);
  // The rows appear 1.5 s after load, inside the shadow root only: the first copy of the page saw it empty. The
  // tab stays in front until then (a hidden tab is not watched; it is read again when it comes back).
  await until(
    () => site.evaluate(() => document.querySelector('device-list')?.shadowRoot?.querySelectorAll('td').length ?? 0),
    (n) => n > 0,
    'the component to draw its rows',
  );
  const storedIps = () =>
    popup.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('session-watchdog');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const summaries = await new Promise<{ sessions: { ip?: string; goneAt?: number }[] }[]>((resolve, reject) => {
        const req = db.transaction('summaries').objectStore('summaries').getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return summaries.flatMap((x) => x.sessions.filter((s) => s.goneAt === undefined).map((s) => s.ip ?? ''));
    });
  const ips = await until(storedIps, (list) => list.includes('185.220.101.4'), 'the shadow-root sessions stored');
  expect(ips).toEqual(expect.arrayContaining(['81.2.69.142', '185.220.101.4']));
  await until(
    () => popup.evaluate(() => document.body.innerText),
    (text) => text.includes('185.220.101.4'),
    'the open popup to show the stored session',
  );
  await site.close();
  await popup.close();
});
