import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture, readStoreCounts } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, until } from './firefox';

let browser: Browser;
beforeAll(async () => {
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

const text = (page: Page, testId: string) =>
  page.$eval(`[data-testid=${testId}]`, (el) => el.textContent ?? '').catch(() => '');

/** Clicks a button and answers what the page saved through its Blob + object URL + <a download>. */
async function downloaded(page: Page, label: string): Promise<{ name: string; body: string }> {
  await page.evaluate(() => {
    const w = window as unknown as { saved?: Promise<{ name: string; body: string }> };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) {
        w.saved = fetch(this.href)
          .then((r) => r.text())
          .then((body) => ({ name: this.download, body }));
        return;
      }
      click.call(this);
    };
  });
  // The Data section is loaded after the page's first paint: wait for its button rather than look once.
  const button = await until(
    async () => {
      for (const b of await page.$$('button')) {
        if ((await b.evaluate((el) => el.textContent)) === label) return b;
      }
      return undefined;
    },
    (b) => b !== undefined,
    `the button "${label}"`,
  );
  await button?.click();
  return until(
    () => page.evaluate(() => (window as unknown as { saved?: Promise<{ name: string; body: string }> }).saved),
    (v) => v !== undefined,
    `the download of "${label}"`,
  ) as Promise<{ name: string; body: string }>;
}

test('Firefox: Data exports a backup, refuses a broken one by its path, wipes and imports it back', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  site.goto(BINANCE_DEVICES_URL).catch(() => undefined);

  const options = await openExtensionPage(browser, 'options/index.html');
  const badge = await until(
    () => badgeText(options),
    (b) => b !== '',
    'the badge after the scan',
  );

  const backup = await downloaded(options, 'Export full backup (JSON)');
  expect(backup.name).toMatch(/^session-watchdog-backup-.*\.json$/);
  const data = JSON.parse(backup.body);
  expect(data.sessions.length).toBeGreaterThan(0);

  const dir = mkdtempSync(join(tmpdir(), 'sw-ff-data-'));
  const broken = structuredClone(data);
  broken.sessions[0].ip = 12;
  writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
  writeFileSync(join(dir, 'backup.json'), backup.body);
  const input = (await options.$('[data-testid=import-backup]')) as ElementHandle<HTMLInputElement>;
  // The input is disabled while the model is busy; setFiles refuses a disabled input.
  const enabled = () =>
    until(
      () => input.evaluate((el) => el.disabled),
      (d) => !d,
      'the file input enabled',
    );
  await enabled();
  await input.uploadFile(join(dir, 'broken.json'));
  await until(
    () => text(options, 'import-error'),
    (t) => t === 'sessions[0].ip: expected string',
    'the path of the bad field, beside the import control',
  );
  expect(await options.$('[data-testid=import-confirm]')).toBeNull();

  const wipe = await options.$$('button');
  for (const b of wipe) if ((await b.evaluate((el) => el.textContent)) === 'Wipe everything…') await b.click();
  await options.waitForSelector('[role=alertdialog] button');
  for (const b of await options.$$('[role=alertdialog] button')) {
    if ((await b.evaluate((el) => el.textContent)) === 'Delete everything') await b.click();
  }
  await until(
    () => options.evaluate(readStoreCounts),
    (c) => c.sessions === 0,
    'the stores emptied',
  );

  await enabled();
  await input.uploadFile(join(dir, 'backup.json'));
  // Choosing the file shows what it holds and replaces nothing until asked.
  await options.waitForSelector('[data-testid=import-confirm]');
  expect((await options.evaluate(readStoreCounts)).sessions).toBe(0);
  await clickButton(options, 'Replace everything');
  await until(
    () => text(options, 'data-status'),
    (t) => t.startsWith('Imported 1 accounts'),
    'the import',
  );
  expect((await options.evaluate(readStoreCounts)).sessions).toBe(data.sessions.length);
  await until(
    () => badgeText(options),
    (b) => b === badge,
    'the badge restored',
  );

  // What another browser saw: three more sign-ins on the same account. Merge adds them; merging again adds nothing.
  const other = structuredClone(data);
  other.logins = [0, 1, 2].map((i) => ({ ...data.logins[0], key: `laptop-${i}`, time: Date.UTC(2026, 0, 1) + i }));
  other.warnings = [];
  writeFileSync(join(dir, 'other.json'), JSON.stringify(other));
  const before = await options.evaluate(readStoreCounts);
  for (const round of [1, 2]) {
    await enabled();
    await input.uploadFile(join(dir, 'other.json'));
    await options.waitForSelector('[data-testid=import-confirm]');
    expect(await text(options, 'import-counts')).toBe(
      `Accounts: 1 · Sessions: ${other.sessions.length} · Sign-ins: 3 · Warnings: 0 · Scans: ${other.scans.length}`,
    );
    await clickButton(options, 'Merge');
    await until(
      () => options.$('[data-testid=import-confirm]'),
      (el) => el === null,
      `merge ${round} answered`,
    );
    await until(
      () => text(options, 'data-status'),
      (t) => t.startsWith('Merged: 1 accounts'),
      `merge ${round}`,
    );
    const after = await options.evaluate(readStoreCounts);
    expect(after.logins).toBe(before.logins + 3);
    expect(after.sessions).toBe(before.sessions);
  }
});

async function clickButton(page: Page, label: string): Promise<void> {
  for (const b of await page.$$('button')) {
    if ((await b.evaluate((el) => el.textContent)) === label) {
      await b.click();
      return;
    }
  }
  throw new Error(`no button "${label}"`);
}
