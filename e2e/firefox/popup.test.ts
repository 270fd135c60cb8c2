import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_DEVICES_URL, fixture, freshDates, SCREENSHOTS } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, until } from './firefox';

const PAGE = freshDates(fixture('binance-device-management.en.html'));
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

const count = (page: Page, selector: string) => page.$$eval(selector, (els) => els.length);
const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '');

/** Clicks the first element matching `selector` whose text contains `text`. */
async function clickText(page: Page, selector: string, text: string): Promise<void> {
  const clicked = await page.$$eval(
    selector,
    (els, want) => {
      const el = els.find((e) => (e.textContent ?? '').includes(want)) as HTMLElement | undefined;
      el?.click();
      return el !== undefined;
    },
    text,
  );
  expect(clicked, `${selector} with "${text}"`).toBe(true);
}

test('Firefox: one incident per intruder, the safe first scan, Undo, and the per-session sign-out guide', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => PAGE);
  await site.goto(BINANCE_DEVICES_URL);
  let popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.evaluate(() => document.querySelectorAll('[data-testid=incident]').length),
    (n) => n === 1,
    'one incident',
    30_000,
  ).catch(async () => {
    // The popup read the store before the scan landed: open it again.
    await popup.close();
    popup = await openExtensionPage(browser, 'popup/index.html');
    await until(
      () => count(popup, '[data-testid=incident]'),
      (n) => n === 1,
      'one incident',
    );
  });
  // A first scan: the stranger's incident alone on top, the user's three devices below it (asked about in the
  // first-scan list, listed under "Your devices"); one count on badge and card.
  expect(await textOf(popup, '[data-testid=incident]')).toContain('45.77.12.9');
  await until(
    () => badgeText(popup),
    (t) => t === '1',
    'badge 1',
  );
  expect(await textOf(popup, '[data-testid=account-warning-count]')).toBe('1 incident open');
  expect(await count(popup, '[data-testid=your-devices] [data-testid=session]')).toBe(3);
  const tops = await popup.evaluate(() =>
    ['incident', 'first-scan', 'your-devices'].map(
      (id) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect().top ?? -1,
    ),
  );
  expect(tops.every((y) => y >= 0)).toBe(true);
  expect([...tops].sort((a, b) => a - b)).toEqual(tops);

  // Safe first scan: this browser ticked, the stranger unticked and marked; tick the iPhone and the app; confirm.
  const picks = () =>
    popup.$$eval('[data-testid=first-scan-session]', (els) =>
      els.map((e) => [e.textContent ?? '', (e.querySelector('input') as HTMLInputElement).checked] as const),
    );
  const before = await picks();
  expect(before.filter(([, on]) => on).map(([t]) => t)).toEqual([expect.stringContaining('Chrome 126 on macOS')]);
  expect(before.find(([t]) => t.includes('45.77.12.9'))?.[0]).toContain('Risky');
  await clickText(popup, '[data-testid=first-scan-session] label', 'iPhone');
  await clickText(popup, '[data-testid=first-scan-session] label', 'Binance APP');
  await popup.click('[data-testid=first-scan-trust]');
  await until(
    () => popup.$('[data-testid=first-scan-confirm]'),
    (el) => el !== null,
    'the confirmation',
  );
  expect(await count(popup, '[data-testid=incident]')).toBe(1);
  await clickText(popup, '[data-testid=first-scan-confirm] button', 'Yes, go ahead');
  await until(
    () => count(popup, '[data-testid=first-scan]'),
    (n) => n === 0,
    'the first-scan list answered',
  );
  await until(
    () => count(popup, '[data-testid=incident]'),
    (n) => n === 1,
    'one incident left',
  );
  expect(await textOf(popup, '[data-testid=incident]')).toContain('Firefox 115 on Windows 10');
  await until(
    () => badgeText(popup),
    (t) => t === '1',
    'badge 1',
  );
  expect(await count(popup, '[data-testid=your-devices] [data-testid=session]')).toBe(3);
  await popup.setViewport({ width: 420, height: 600 });
  await popup.screenshot({ path: join(SCREENSHOTS, 'firefox-popup-incident.png'), fullPage: true });

  // Dismiss, then Undo: the incident and the badge come back.
  await clickText(popup, '[data-testid=incident] button', 'Dismiss');
  await until(
    () => count(popup, '[data-testid=incident]'),
    (n) => n === 0,
    'incident dismissed',
  );
  await until(
    () => badgeText(popup),
    (t) => t === '',
    'badge empty',
  );
  await popup.click('[data-testid=undo]');
  await until(
    () => count(popup, '[data-testid=incident]'),
    (n) => n === 1,
    'incident back',
  );
  await until(
    () => badgeText(popup),
    (t) => t === '1',
    'badge 1 again',
  );
  expect(await textOf(popup, '[data-testid=notice]')).toContain('Undone');

  // "Sign out this session": the worker opens the site's page; its content script outlines that row's Remove.
  const known = new Set(browser.targets());
  const opened = browser.waitForTarget((t) => !known.has(t) && t.type() === 'page', { timeout: 15_000 });
  await popup.click('[data-testid=sign-out-session]');
  const tab = await (await opened).page();
  if (!tab) throw new Error('no tab');
  // The test serves the site: the tab the worker opened is given the page (it stays guided until its page is read).
  await serveSite(tab, 'www.binance.com', () => PAGE);
  await tab.goto(BINANCE_DEVICES_URL).catch(() => undefined);
  const outlined = await until(
    () =>
      tab.$$eval('[data-session-watchdog-highlight]', (els) =>
        els.map((e) => [e.textContent, e.closest('tr')?.textContent ?? ''] as const),
      ),
    (x) => x.length > 0,
    'the outlined control',
  );
  expect(outlined).toEqual([['Remove', expect.stringContaining('45.77.12.9')]]);
  expect(await count(tab, 'session-watchdog-banner')).toBe(1);
  await tab.screenshot({ path: join(SCREENSHOTS, 'firefox-guide-row.png') });
});
