import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture, readStoreCounts } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, stopBackground, until } from './firefox';

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

/** Settings and stored counts as the extension holds them, read from an extension page. */
async function readState(page: Page): Promise<{ blocklist: string; logins: number }> {
  const counts = await page.evaluate(readStoreCounts);
  const blocklist = await page.evaluate(async () => {
    const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
    const stored = (await ext.storage.local.get('settings')).settings as { blocklist?: string[] } | undefined;
    return (stored?.blocklist ?? []).join();
  });
  return { blocklist, logins: counts.logins };
}

test('Firefox: a background stopped at any point of an import leaves the old state or the new one', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  site.goto(BINANCE_DEVICES_URL).catch(() => undefined);
  let options = await openExtensionPage(browser, 'options/index.html');
  await until(
    () => badgeText(options),
    (b) => b !== '',
    'the badge after the scan',
  );
  const data = JSON.parse((await downloaded(options, 'Export full backup (JSON)')).body);
  const dir = mkdtempSync(join(tmpdir(), 'sw-ff-stop-'));
  // Two large files, each with its own settings mark, so a half-applied state (rows of one, settings of another)
  // would show.
  const files = ['A', 'B'].map((tag, i) => {
    const b = structuredClone(data);
    b.logins = Array.from({ length: 20_000 - i * 5_000 }, (_, k) => ({
      ...data.logins[0],
      key: `${tag}-${k}`,
      time: Date.UTC(2026, 0, 1) + k,
    }));
    b.warnings = [];
    b.settings = { ...b.settings, blocklist: [`198.51.100.${i + 1}`] };
    const path = join(dir, `${tag}.json`);
    writeFileSync(path, JSON.stringify(b));
    return { tag, path, logins: b.logins.length, blocklist: b.settings.blocklist.join() };
  });
  const replaceWith = async (file: (typeof files)[number]) => {
    const input = (await until(
      () => options.$('[data-testid=import-backup]'),
      (el) => el !== null,
      'the import control',
    )) as ElementHandle<HTMLInputElement>;
    await until(
      () => input.evaluate((el) => el.disabled),
      (d) => !d,
      'the file input enabled',
    );
    await input.uploadFile(file.path);
    await options.waitForSelector('[data-testid=import-confirm]', { timeout: 30_000 });
    await clickButton(options, 'Replace everything');
  };

  // One import left alone first: how long it takes sets where the stops fall (ratios of it, not fixed times).
  await replaceWith(files[1]!);
  const started = Date.now();
  await until(
    () => text(options, 'data-status'),
    (t) => t.startsWith('Imported'),
    'the import left alone',
    120_000,
  );
  const whole = Date.now() - started;
  let state = await readState(options);
  expect(state).toEqual({ logins: files[1]!.logins, blocklist: files[1]!.blocklist });

  const outcomes: string[] = [];
  for (const [round, ratio] of [0.3, 0.9, 1.5].entries()) {
    const file = files[round % 2]!;
    // A ratio of this file's own import time, taken as proportional to its sign-ins.
    const delay = Math.round(((whole * file.logins) / files[1]!.logins) * ratio);
    await replaceWith(file);
    // The delay is what this test varies (where in the import the stop falls), not a wait for a condition.
    await new Promise((r) => setTimeout(r, delay));
    const stopped = await stopBackground(browser);
    expect(stopped).toMatch(/ -> stopped$/);
    // A new page wakes the background; on start it writes settings an import committed with its rows.
    await options.close();
    options = await openExtensionPage(browser, 'options/index.html');
    const old = state;
    const isOld = (s: typeof state) => s.logins === old.logins && s.blocklist === old.blocklist;
    const isNew = (s: typeof state) => s.logins === file.logins && s.blocklist === file.blocklist;
    state = await until(
      () => readState(options),
      (s) => isOld(s) || isNew(s),
      `the old state or the new one after a stop at ${ratio}×`,
      60_000,
    );
    outcomes.push(`${ratio}× (${delay} ms, ${stopped}): ${isNew(state) && !isOld(state) ? 'new' : 'old'}`);
  }
  console.log(
    `Firefox import of ${files[1]!.logins} sign-ins left alone: ${whole} ms; stopped at ${outcomes.join(', ')}`,
  );
}, 600_000);
