import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DIST_FIREFOX, FIREFOX, ROOT } from '../support/fixtures';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as {
  browser_specific_settings: { gecko: { id: string } };
};
export const GECKO_ID = manifest.browser_specific_settings.gecko.id;
/** Pinned so extension pages have a known moz-extension:// origin. */
export const EXTENSION_UUID = '6f2d8c1e-4b7a-4e59-9a3c-2d5e8f1b7c40';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export async function launchFirefox(): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // No first-run pages, no update or telemetry traffic from the browser itself.
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  await browser.installExtension(DIST_FIREFOX);
  return browser;
}

/** Polls `read` until `accept` holds; fails with the last value seen. */
export async function until<T>(
  read: () => Promise<T>,
  accept: (v: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `Timed out waiting for ${what}; last value ${JSON.stringify(last)} ${lastError ? String(lastError) : ''}`,
  );
}

/**
 * Opens an extension page. Over BiDi, page.goto to moz-extension:// renders but never resolves,
 * so the navigation is started without awaiting and the document is polled instead.
 */
export async function openExtensionPage(browser: Browser, path: string): Promise<Page> {
  const page = await browser.newPage();
  const url = `${EXTENSION_ORIGIN}/${path}`;
  page.goto(url).catch(() => undefined);
  await until(
    () => page.evaluate(() => [location.href, document.readyState] as const),
    ([href, state]) => href === url && state === 'complete',
    `${path} to load`,
  );
  return page;
}

/** Serves `html()` for every request to the host, as the real site would be reached. */
export async function serveSite(page: Page, host: string, html: () => string): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (new URL(request.url()).host === host) {
      void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html() });
    } else {
      void request.continue();
    }
  });
}

export function badgeText(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.action.getBadgeText({}));
}

/**
 * Stops the extension's background script now, as about:debugging's "Terminate background script" does: the
 * extension's own `terminateBackground`, reached through WebDriver BiDi in the browser's chrome scope (which
 * `--remote-allow-system-access` opens). Firefox has no DevTools-protocol call for it, unlike Chromium's
 * ServiceWorker.stopAllWorkers. Answers the background's state before and after.
 */
export async function stopBackground(browser: Browser): Promise<string> {
  const connection = (
    browser as unknown as { connection: { send: (method: string, params: object) => Promise<{ result: unknown }> } }
  ).connection;
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as {
    contexts: { context: string }[];
  };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('No chrome window to reach the extension from');
  const expression = `(async () => {
    const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension;
    const before = extension.backgroundState;
    // Without these, a background busy answering a message would only have its idle timer reset.
    await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
    return before + ' -> ' + extension.backgroundState;
  })()`;
  const evaluated = (await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: true }))
    .result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
  if (evaluated.type !== 'success') throw new Error(`terminateBackground failed: ${evaluated.exceptionDetails?.text}`);
  return String(evaluated.result?.value);
}
