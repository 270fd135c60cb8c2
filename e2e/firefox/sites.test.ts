import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DIST_FIREFOX, FIREFOX, fixture, readStoreCounts } from '../support/fixtures';
import { EXTENSION_UUID, GECKO_ID, openExtensionPage, serveSite, until } from './firefox';

const KUCOIN_URL = 'https://www.kucoin.com/account/security';
const KUCOIN = fixture('kucoin-security.en.html');
let browser: Browser;

// As launchFirefox, plus the pref Mozilla's own tests use to grant optional permissions without a prompt
// (a headless browser has nobody to answer it).
beforeAll(async () => {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'extensions.webextOptionalPermissionPrompts': false,
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  await browser.installExtension(DIST_FIREFOX);
});
afterAll(async () => {
  await browser?.close();
});

const count = (page: Page, selector: string) => page.$$eval(selector, (els) => els.length);
type Api = typeof chrome;

// Reading the custom page itself needs the content chunk web-accessible on that host (crxjs's loader imports it);
// the manifest exposes it to built-in hosts only, so this test stops at registration. See README "Supported sites".
test('Firefox: a custom site is added from the click (host granted), registered at run time, and removed', async () => {
  const options = await openExtensionPage(browser, 'options/index.html');
  await until(
    () => count(options, '[data-testid=built-in-site]'),
    (n) => n === 5,
    'built-in sites listed',
  );
  await options.type('input[name=site-name]', 'Example Exchange');
  await options.type('input[name=site-pattern]', 'https://exchange.example/profile/security*');
  await options.click('form[aria-label="Add a site"] button[type=submit]');
  await until(
    () => count(options, '[data-testid=custom-site]'),
    (n) => n === 1,
    'the custom site listed',
  );
  const registered = await until(
    () =>
      options.evaluate(() =>
        (globalThis as unknown as { browser: Api }).browser.scripting.getRegisteredContentScripts(),
      ),
    (r) => r.length === 1,
    'one registered script',
  );
  expect(registered[0]).toMatchObject({
    id: 'custom-site:custom:exchange.example',
    matches: ['https://exchange.example/profile/security*'],
    persistAcrossSessions: true,
  });
  expect(registered[0]?.js).toEqual(['content.js']);
  expect(
    await options.evaluate(() =>
      (globalThis as unknown as { browser: Api }).browser.permissions.contains({
        origins: ['https://exchange.example/*'],
      }),
    ),
  ).toBe(true);

  await options.click('button[aria-label="Remove Example Exchange"]');
  await until(
    () => options.$('[data-testid=no-custom-sites]'),
    (el) => el !== null,
    'the site removed',
  );
  await until(
    () =>
      options.evaluate(() =>
        (globalThis as unknown as { browser: Api }).browser.scripting.getRegisteredContentScripts(),
      ),
    (r) => r.length === 0,
    'the script unregistered',
  );
  await until(
    () =>
      options.evaluate(() =>
        (globalThis as unknown as { browser: Api }).browser.permissions.contains({
          origins: ['https://exchange.example/*'],
        }),
      ),
    (has) => has === false,
    'the host permission given back',
  );
});

test('Firefox: "Log out of all devices" opens KuCoin guided to its own button', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'www.kucoin.com', () => KUCOIN);
  await site.goto(KUCOIN_URL);
  const popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.evaluate(readStoreCounts),
    (c) => c.sessions > 0,
    'KuCoin sessions stored',
  );
  await popup.close();
  const fresh = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => count(fresh, 'section.card .btn--danger'),
    (n) => n === 1,
    'the KuCoin card',
  );
  const opened = new Promise<Page>((resolve) =>
    browser.once('targetcreated', (t) => void t.page().then((p) => p && resolve(p))),
  );
  await fresh.click('section.card .btn--danger');
  const guided = await opened;
  // The new tab was not intercepted (no network here): serve it, then load the page the worker opened.
  await serveSite(guided, 'www.kucoin.com', () => KUCOIN);
  await guided.goto(KUCOIN_URL);
  await until(
    () => count(guided, '[data-session-watchdog-highlight]'),
    (n) => n === 1,
    'the button outlined',
  );
  expect(await guided.$eval('[data-session-watchdog-highlight]', (el) => el.textContent)).toBe(
    'Log out of all devices',
  );
  expect(await count(guided, 'session-watchdog-banner')).toBe(1);
  expect(await count(site, 'session-watchdog-banner')).toBe(0);
});
