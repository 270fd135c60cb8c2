import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DIST_FIREFOX, FIREFOX, fixture, ROOT, readStoreCounts } from '../support/fixtures';
import { EXTENSION_UUID, GECKO_ID, openExtensionPage, serveSite, until } from './firefox';

const KUCOIN_URL = 'https://www.kucoin.com/account/security';
const KUCOIN = fixture('kucoin-security.en.html');
const CUSTOM = readFileSync(join(ROOT, 'e2e', 'fixtures', 'sites', 'exchange-example-security.html'), 'utf8');
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
/** The popup's account cards as [title, text]. */
const cards = (page: Page) =>
  page.$$eval('[data-testid=account-card]', (els) =>
    els.map((el) => [el.querySelector('.card__title')?.textContent?.trim() ?? '', el.textContent ?? '']),
  );
/** Clicks the card-level "Log out of all devices" of the card whose title starts with `prefix`. */
const clickLogOutAll = (page: Page, prefix: string) =>
  page.evaluate((p) => {
    const card = [...document.querySelectorAll('[data-testid=account-card]')].find((c) =>
      c.querySelector('.card__title')?.textContent?.trim().startsWith(p),
    );
    (card?.querySelector('[data-testid=log-out-all]') as HTMLButtonElement | null)?.click();
    return card !== undefined;
  }, prefix);
type Api = typeof chrome;

const SSO_URL = 'https://sso.example.test/account/sessions';
const SSO_PATTERN = 'https://sso.example.test/account/*';

// A host no site covers and nothing is web-accessible on: the registered content script is one classic file.
test('Firefox: a custom site is added from the click (host granted), read on visit, shown, and removed', async () => {
  const options = await openExtensionPage(browser, 'options/index.html');
  await until(
    () => count(options, '[data-testid=built-in-site]'),
    (n) => n === 5,
    'built-in sites listed',
  );
  await options.type('input[name=site-name]', 'Company SSO');
  await options.type('input[name=site-pattern]', SSO_PATTERN);
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
    id: 'custom-site:custom:sso.example.test',
    matches: [SSO_PATTERN],
    persistAcrossSessions: true,
  });
  expect(registered[0]?.js).toEqual(['content.js']);
  expect(
    await options.evaluate(() =>
      (globalThis as unknown as { browser: Api }).browser.permissions.contains({
        origins: ['https://sso.example.test/*'],
      }),
    ),
  ).toBe(true);

  const site = await browser.newPage();
  await serveSite(site, 'sso.example.test', () => CUSTOM);
  await site.goto(SSO_URL);
  await until(
    () => site.evaluate(() => document.title),
    (t) => t.includes('Example Exchange'),
    'the page served',
  );
  const popup = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => popup.evaluate(readStoreCounts),
    (c) => c.sessions === 2,
    'the custom site’s two sessions stored',
  );
  await popup.close();
  const fresh = await openExtensionPage(browser, 'popup/index.html');
  const card = await until(
    () => cards(fresh),
    (list) => list.length === 1,
    'one account card',
  );
  expect(card[0]?.[0]).toMatch(/^Company SSO /);
  expect(card[0]?.[1]).toContain('Safari on iPhone');
  expect(card[0]?.[1]).toContain('203.0.113.77');
  await fresh.close();
  await site.close();

  await options.click('button[aria-label="Remove Company SSO"]');
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
          origins: ['https://sso.example.test/*'],
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
    () =>
      popup.evaluate(() =>
        (globalThis as unknown as { browser: Api }).browser.runtime.sendMessage({ type: 'getOverview', payload: {} }),
      ),
    (r: { value?: { accounts: { account: { siteId: string } }[] } }) =>
      !!r.value?.accounts.some((a) => a.account.siteId === 'kucoin'),
    'KuCoin sessions stored',
  );
  await popup.close();
  const fresh = await openExtensionPage(browser, 'popup/index.html');
  await until(
    () => cards(fresh),
    (list) => list.some(([title]) => title?.startsWith('KuCoin')),
    'the KuCoin card',
  );
  const opened = new Promise<Page>((resolve) =>
    browser.once('targetcreated', (t) => void t.page().then((p) => p && resolve(p))),
  );
  expect(await clickLogOutAll(fresh, 'KuCoin')).toBe(true);
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

// Firefox grants activeTab only from its own toolbar, which a test cannot click: the host is granted instead,
// from a click in an extension page (Firefox wants user input for permissions.request), as a user would in the
// add-on's Permissions tab. The site stays unregistered: the worker injects the content script once.
test('Firefox: Scan this page reads an unregistered host once and stores it', async () => {
  const site = await browser.newPage();
  await serveSite(site, 'scan.example.test', () => CUSTOM);
  await site.goto('https://scan.example.test/account/sessions');
  const options = await openExtensionPage(browser, 'options/index.html');
  await options.evaluate(() => {
    const grant = document.createElement('button');
    grant.id = 'grant-for-test';
    grant.textContent = 'Grant';
    // Fixed in a corner: the page's sections load after its first paint and would move a button in the flow
    // from under the click.
    grant.style.cssText = 'position: fixed; top: 0; left: 0; z-index: 2147483647';
    grant.addEventListener('click', () => {
      void (globalThis as unknown as { browser: Api }).browser.permissions.request({
        origins: ['https://scan.example.test/*'],
      });
    });
    document.body.append(grant);
  });
  await options.click('#grant-for-test');
  await until(
    () =>
      options.evaluate(() =>
        (globalThis as unknown as { browser: Api }).browser.permissions.contains({
          origins: ['https://scan.example.test/*'],
        }),
      ),
    (has) => has,
    'the host granted',
  );
  await options.close();

  const popup = await openExtensionPage(browser, 'popup/index.html');
  // The popup reads the active tab of the focused window: the page, as when the popup floats over it.
  await site.bringToFront();
  await popup.click('section.scan-this-page button');
  await until(
    () => popup.$eval('[data-testid=scan-this-page-status]', (el) => el.textContent),
    (t) => t === 'Read and stored.',
    'the page read and stored',
  );
  const text = await until(
    async () => (await cards(popup)).find(([title]) => title?.startsWith('scan.example.test'))?.[1],
    (t) => !!t,
    'the scanned site’s card',
  );
  expect(text).toContain('Safari on iPhone');
  expect(
    await popup.evaluate(() =>
      (globalThis as unknown as { browser: Api }).browser.scripting.getRegisteredContentScripts(),
    ),
  ).toEqual([]);
});
