import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimingPage, consistency, floodPage, hostileDevicePage, readDb } from '../fixtures/hostile/pages';
import { BINANCE_DEVICES_URL, fixture } from '../support/fixtures';
import { launchFirefox, openExtensionPage, until } from './firefox';

// The Chromium security suite, in Firefox: hostile text, a flood of rows, and pages claiming an account.
const VICTIM_UID = '38451092';
const VICTIM_ACCOUNT = `binance:${VICTIM_UID}`;
const FULL = fixture('binance-device-management.en.html');
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

let browser: Browser;
beforeAll(async () => {
  browser = await launchFirefox();
});
afterAll(async () => {
  await browser?.close();
});

/** A tab whose requests are answered from `pages` (by URL without fragment); anything else is a 404. */
async function tabServing(pages: Record<string, string>): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url().split('#')[0] ?? '';
    const body = pages[url];
    if (body === undefined) void request.respond({ status: 404, body: '' });
    else void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
  return page;
}

test('Firefox: hostile cell text is stored cleaned and capped, and shows in the popup as inert text', async () => {
  const site = await tabServing({ [BINANCE_DEVICES_URL]: hostileDevicePage() });
  await site.goto(BINANCE_DEVICES_URL);
  let popup = await openExtensionPage(browser, 'popup/index.html');
  const db = await until(
    () => popup.evaluate(readDb),
    (d) => d.sessions.length === 5,
    'five hostile sessions stored',
  );
  const devices = db.sessions.map((s) => s.device);
  expect(devices.join('')).not.toMatch(INVISIBLE);
  expect(Math.max(...devices.map((d) => d.length))).toBeLessThanOrEqual(500);
  expect(devices.some((d) => d.includes('<img src=x onerror='))).toBe(true);

  await popup.close();
  popup = await openExtensionPage(browser, 'popup/index.html');
  const text = await until(
    () => popup.evaluate(() => document.body.textContent ?? ''),
    (t) => t.includes('<img src=x onerror='),
    'the markup-looking text shown as text',
  );
  expect(text).toContain('<script>window.__pwned=2</script>');
  expect(text).not.toMatch(INVISIBLE);
  // Inside the rendered app (the page's own module script tag aside), nothing from the page became an element.
  const injected = await popup.evaluate(
    () =>
      document
        .getElementById('app')
        ?.querySelectorAll('script, iframe, object, embed, svg image, [onerror], [onclick], [onload], img[src^="http"]')
        .length ?? -1,
  );
  expect(injected).toBe(0);
  expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await popup.close();
  await site.close();
});

test('Firefox: a flood page stores at most 2,000 sessions, and pages claiming the account cannot touch it', async () => {
  const EVIL = 'https://evil.example/en/my/security/device-management';
  const pages: Record<string, string> = {
    [BINANCE_DEVICES_URL]: FULL,
    [EVIL]: claimingPage(VICTIM_UID),
    'https://www.binance.com/en/square/post/1': claimingPage(VICTIM_UID, 'Square Browser 3 on EvilOS'),
  };
  const site = await tabServing(pages);
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openExtensionPage(browser, 'popup/index.html');
  const victimOf = (d: Awaited<ReturnType<typeof readDb>>) => d.sessions.filter((s) => s.accountId === VICTIM_ACCOUNT);
  const before = victimOf(
    await until(
      () => popup.evaluate(readDb),
      (d) => victimOf(d).length === 4,
      'victim scanned',
    ),
  );

  // Another host showing the victim's UID, and a non-security page of the real site.
  await site.goto(EVIL);
  await site.goto('https://www.binance.com/en/square/post/1');

  // A flood of 5,000 rows and a 5,000-deep DOM under another UID.
  pages[BINANCE_DEVICES_URL] = floodPage('99900099');
  await site.goto(BINANCE_DEVICES_URL);
  const db = await until(
    () => popup.evaluate(readDb),
    (d) => d.accounts.some((a) => a.id === 'binance:99900099'),
    'the flood stored',
    60_000,
  );
  expect(db.sessions.filter((s) => s.accountId === 'binance:99900099')).toHaveLength(2000);
  expect(victimOf(db)).toEqual(before);
  expect(db.sessions.map((s) => s.device).join('\n')).not.toContain('EvilOS');
  // The only accounts are the victim, the flood's, and the hostile-text page's from the test before.
  expect(
    db.accounts
      .map((a) => a.id)
      .filter((id) => id !== 'binance:77700011')
      .sort(),
  ).toEqual([VICTIM_ACCOUNT, 'binance:99900099']);
  expect(consistency(db)).toMatchObject({ orphanSessions: 0, orphanLogins: 0, orphanWarnings: 0 });
  await popup.close();
  await site.close();
});
