import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { BINANCE_API_URL, keysPage, SCREENSHOTS } from '../support/fixtures';
import { badgeText, launchFirefox, openExtensionPage, serveSite, until } from './firefox';

let browser: Browser;
beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

const texts = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

test('Firefox: a new key with withdraw rights called from an unknown network is one high incident; the emergency step outlines its Delete', async () => {
  let html = keysPage(false);
  const site = await browser.newPage();
  await serveSite(site, 'www.binance.com', () => html);
  await site.goto(BINANCE_API_URL);
  // The first visit is stored (an account card) and raises nothing.
  let popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    async () => {
      await popup.reload().catch(() => undefined);
      return texts(popup, '[data-testid=account-card]');
    },
    (cards) => cards.length === 1,
    'the account card',
  );
  expect(await texts(popup, '[data-testid=incident]')).toEqual([]);

  html = keysPage(true);
  await site.reload();
  await until(
    () => badgeText(popup),
    (t) => t === '1',
    'badge 1',
  );
  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  const incidents = await until(
    () => texts(popup, '[data-testid=incident]'),
    (x) => x.length === 1,
    'one incident',
  );
  expect(incidents[0]).toContain('High');
  expect(incidents[0]).toContain('A new API key "sync" (Q3kd…E0c7) appeared since your last visit');
  expect(incidents[0]).toContain('185.220.101.33');
  expect(incidents[0]).not.toContain('Q3kd81XZpa');

  // The emergency checklist: the unconfirmed key first, and its button opens the page with its Delete outlined.
  await popup.$$eval('button', (els) =>
    (els.find((e) => e.textContent === 'I think my account is compromised') as HTMLButtonElement | undefined)?.click(),
  );
  const listed = await until(
    () => texts(popup, '[data-testid=emergency-apiKeys] [data-testid=emergency-backdoor]'),
    (x) => x.length > 0,
    'the keys under their step',
  );
  expect(listed[0]).toContain('sync · Q3kd…E0c7');
  expect(listed[0]).toContain('Not confirmed');
  const known = new Set(browser.targets());
  const opened = browser.waitForTarget((t) => !known.has(t) && t.type() === 'page', { timeout: 15_000 });
  await popup.$eval('[data-testid=emergency-apiKeys] [data-testid=emergency-backdoor] button', (el) =>
    (el as HTMLButtonElement).click(),
  );
  const tab = await (await opened).page();
  if (!tab) throw new Error('no tab');
  await serveSite(tab, 'www.binance.com', () => html);
  await tab.goto(BINANCE_API_URL).catch(() => undefined);
  const outlined = await until(
    () =>
      tab.$$eval('[data-session-watchdog-highlight]', (els) =>
        els.map((e) => [e.textContent, e.closest('tr')?.textContent ?? ''] as const),
      ),
    (x) => x.length > 0,
    'the outlined control',
  );
  expect(outlined).toEqual([['Delete', expect.stringContaining('Q3kd81XZpa…Wm2sE0c7')]]);
  await tab.screenshot({ path: join(SCREENSHOTS, 'firefox-keys-guide.png') });
});
