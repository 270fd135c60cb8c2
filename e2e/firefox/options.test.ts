import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, until } from './firefox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

test('Firefox: the Overview saves a report for support, which opens offline with the stranger’s rows', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  site.goto(BINANCE_DEVICES_URL).catch(() => undefined);

  // The badge is set once the scan is stored and judged; the Overview opened after it shows the account.
  const probe = await openExtensionPage(browser, 'options/index.html');
  await until(
    () => badgeText(probe),
    (b) => b !== '',
    'the badge after the scan',
  );
  await probe.close();
  const options = await openExtensionPage(browser, 'options/index.html');
  await options.waitForSelector('[data-testid=save-report]');
  expect(await options.$eval('[data-testid=overview-health]', (el) => el.textContent)).toBe(
    'Your account needs attention.',
  );
  // The page saves through a Blob, an object URL and an <a download>: catch what it saves.
  await options.evaluate(() => {
    const w = window as unknown as { saved?: Promise<{ name: string; body: string }> };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      w.saved = fetch(this.href)
        .then((r) => r.text())
        .then((body) => ({ name: this.download, body }));
    };
  });
  await options.click('[data-testid=save-report]');
  const report = (await until(
    () => options.evaluate(() => (window as unknown as { saved?: Promise<{ name: string; body: string }> }).saved),
    (v) => v !== undefined,
    'the saved report',
  )) as { name: string; body: string };
  expect(report.name).toMatch(/^session-watchdog-report-Binance-.+\.html$/);
  expect(report.body).not.toMatch(/<script|\bsrc=|https?:\/\//i);

  const path = join(mkdtempSync(join(tmpdir(), 'report-')), report.name);
  writeFileSync(path, report.body);
  const file = await browser.newPage();
  // Over BiDi a goto may not resolve (see openExtensionPage): start it and wait for the document.
  file.goto(pathToFileURL(path).href).catch(() => undefined);
  await until(
    () => file.evaluate(() => document.readyState === 'complete' && location.protocol === 'file:'),
    (ok) => ok,
    'the report to open',
  );
  const rows = await file.$$eval('table[data-table="sign-ins"] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
  );
  const stranger = rows.find((r) => r.includes('45.77.12.9'));
  expect(stranger).toBeDefined();
  expect(stranger).toEqual(expect.arrayContaining(['Frankfurt, DE', 'Firefox 115 on Windows 10']));
  expect(stranger?.[0]).toMatch(/^2026-04-14 \d\d:\d\d:\d\d UTC$/);
  await file.close();
}, 120_000);
