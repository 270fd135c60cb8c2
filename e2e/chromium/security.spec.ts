import type { BrowserContext, Page } from '@playwright/test';
import {
  claimingPage,
  consistency,
  type DbSnapshot,
  FLOOD_DEPTH,
  floodPage,
  hostileDevicePage,
  readDb,
} from '../fixtures/hostile/pages';
import { BINANCE_DEVICES_URL, fixture } from '../support/fixtures';
import { expect, test } from './extension';

const VICTIM_UID = '38451092';
const VICTIM_ACCOUNT = `binance:${VICTIM_UID}`;
const FULL = fixture('binance-device-management.en.html');
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Serves pages by URL; a page not in the map is a 404, and any host other than the ones routed is aborted. */
async function servePages(context: BrowserContext, pages: () => Record<string, string>): Promise<void> {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('chrome-extension://')) return route.continue();
    const body = pages()[url.split('#')[0] ?? url];
    if (body === undefined) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
  });
}

/** The victim's account, scanned from the real fixture, and what the DB holds for it. */
async function scanVictim(context: BrowserContext, popup: Page): Promise<DbSnapshot['sessions']> {
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  await expect
    .poll(async () => (await popup.evaluate(readDb)).sessions.filter((s) => s.accountId === VICTIM_ACCOUNT).length)
    .toBe(4);
  await site.close();
  return (await popup.evaluate(readDb)).sessions.filter((s) => s.accountId === VICTIM_ACCOUNT);
}

test('hostile cell text shows in the popup as inert, cleaned, capped text', async ({ context, openExtensionPage }) => {
  await servePages(context, () => ({ [BINANCE_DEVICES_URL]: hostileDevicePage() }));
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  // The page's own markup ran in the page (it is the attacker's page): the img is real there.
  await expect.poll(() => site.evaluate(() => (window as { __pagePwned?: number }).__pagePwned)).toBe(1);

  const popup = await openExtensionPage('popup/index.html');
  const dialogs: string[] = [];
  popup.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await expect.poll(async () => (await popup.evaluate(readDb)).sessions.length).toBe(5);
  await popup.reload();
  const rows = popup.getByTestId('session');
  await expect(rows).toHaveCount(5);

  // Markup-looking text is shown as text…
  await expect(rows.filter({ hasText: 'Chrome 126 on Windows 10' })).toContainText('<img src=x onerror=');
  await expect(rows.filter({ hasText: 'Paris' })).toContainText('<script>window.__pwned=2</script>');
  await expect(rows.filter({ hasText: "=cmd|' /C calc'!A0" })).toHaveCount(1);
  // …and nothing from the page became an element or ran.
  const injected = popup
    .locator('table.sessions')
    .locator('img, script, svg, iframe, object, embed, [onerror], [onclick]');
  await expect(injected).toHaveCount(0);
  expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await popup.evaluate(() => (window as { __pagePwned?: unknown }).__pagePwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // The real <img>'s onerror and <b onclick> in the page's cell left only their text.
  await expect(rows.filter({ hasText: 'Firefox 115 on Linux' })).toHaveCount(1);

  // Bidi overrides and zero-width characters are gone from what is rendered and stored.
  const rendered = await popup.locator('table.sessions').evaluate((t) => t.textContent ?? '');
  expect(rendered).not.toMatch(INVISIBLE);
  expect(rendered).toContain('Safari on iPhone');
  expect(rendered).toContain('Tokyo, JP');
  const stored = (await popup.evaluate(readDb)).sessions;
  expect(stored.map((s) => s.device).join('')).not.toMatch(INVISIBLE);

  // 100 KB cells are capped at the 500-character text limit.
  // Measured per element (its own text nodes), so an IP and a place in one cell are not added up.
  const lengths = await popup.locator('table.sessions td, table.sessions td *').evaluateAll((els) =>
    els.map((e) =>
      Array.from(e.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .reduce((n, t) => n + (t.nodeValue ?? '').length, 0),
    ),
  );
  expect(Math.max(...lengths)).toBeGreaterThan(450);
  expect(Math.max(...lengths)).toBeLessThanOrEqual(500);
  expect(Math.max(...stored.map((s) => s.device.length))).toBeLessThanOrEqual(500);
});

test('a flood page (5,000 rows, DOM depth 5,000) stays responsive, stores at most 2,000 sessions, and leaves another account alone', async ({
  context,
  openExtensionPage,
}) => {
  const pages: Record<string, string> = { [BINANCE_DEVICES_URL]: FULL };
  await servePages(context, () => pages);
  const popup = await openExtensionPage('popup/index.html');
  const before = await scanVictim(context, popup);

  pages[BINANCE_DEVICES_URL] = floodPage('99900099');
  const site = await context.newPage();
  const started = Date.now();
  await site.goto(BINANCE_DEVICES_URL);
  expect(await site.evaluate(() => (window as { __depth?: number }).__depth)).toBe(FLOOD_DEPTH);
  // The page keeps answering while the content script reads it.
  const pings: number[] = [];
  await expect
    .poll(async () => {
      const t = Date.now();
      await site.evaluate(() => document.title);
      pings.push(Date.now() - t);
      return (await popup.evaluate(readDb)).accounts.some((a) => a.id === 'binance:99900099');
    })
    .toBe(true);
  const storedAfterMs = Date.now() - started;
  const longTasks = await site.evaluate(() => (window as { __longTasks?: number[] }).__longTasks ?? []);
  const db = await popup.evaluate(readDb);
  const flood = db.sessions.filter((s) => s.accountId === 'binance:99900099');
  console.log(
    `flood: stored after ${storedAfterMs} ms, longest page task ${Math.round(Math.max(0, ...longTasks))} ms, slowest ping ${Math.max(...pings)} ms, ${flood.length} sessions`,
  );
  expect(flood.length).toBe(2000);
  expect(Math.max(...pings)).toBeLessThan(3000);
  expect(Math.max(0, ...longTasks)).toBeLessThan(3000);

  // The victim's account is exactly as it was.
  const after = db.sessions.filter((s) => s.accountId === VICTIM_ACCOUNT);
  expect(after).toEqual(before);
  expect(consistency(db)).toMatchObject({ orphanSessions: 0, orphanLogins: 0, orphanWarnings: 0 });

  // The popup shows a bounded list, not 2,000 rows.
  await popup.reload();
  const card = popup.getByRole('region', { name: 'Binance 99900099' });
  await expect(card.getByTestId('session')).toHaveCount(200);
});

test('only the real site can write an account: other hosts, non-security pages and frames claiming its UID are ignored', async ({
  context,
  extensionId,
  openExtensionPage,
}) => {
  const EVIL = 'https://evil.example/en/my/security/device-management';
  const pages: Record<string, string> = {
    [BINANCE_DEVICES_URL]: FULL,
    [EVIL]: claimingPage(VICTIM_UID),
    'https://evil.example/framed': `<!doctype html><title>x</title><iframe src="${BINANCE_DEVICES_URL}?framed=1" width=800 height=600></iframe>`,
    [`${BINANCE_DEVICES_URL}?framed=1`]: claimingPage(VICTIM_UID, 'Framed Browser 2 on EvilOS'),
    'https://www.binance.com/en/square/post/1': claimingPage(VICTIM_UID, 'Square Browser 3 on EvilOS'),
  };
  await servePages(context, () => pages);
  const popup = await openExtensionPage('popup/index.html');
  const before = await scanVictim(context, popup);
  const scansBefore = (await popup.evaluate(readDb)).scans.length;

  const evil = await context.newPage();
  // 1. Another host showing the victim's UID: no content script there, and the page cannot message us.
  await evil.goto(EVIL);
  const canMessage = await evil.evaluate(async (id) => {
    const rt = (globalThis as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => Promise<unknown> } } }).chrome
      ?.runtime;
    if (!rt?.sendMessage) return 'no runtime';
    try {
      await rt.sendMessage(id, { type: 'recordPage', payload: {} });
      return 'sent';
    } catch (err) {
      return `refused: ${String(err)}`;
    }
  }, extensionId);
  expect(canMessage).not.toBe('sent');
  // 2. The real security page in a frame of another site: only top frames speak for a page.
  await evil.goto('https://evil.example/framed');
  await expect(evil.frameLocator('iframe').getByText('Framed Browser 2')).toBeVisible();
  // 3. A page of the real site that is not a security page (user content can show any UID there).
  await evil.goto('https://www.binance.com/en/square/post/1');
  await expect(evil.getByText('Square Browser 3')).toBeVisible();
  // A control scan proves the extension was awake and would have stored a write that got through.
  await evil.goto(`${BINANCE_DEVICES_URL}`);
  await expect.poll(async () => (await popup.evaluate(readDb)).scans.length).toBe(scansBefore + 1);

  const db = await popup.evaluate(readDb);
  const victim = db.sessions.filter((s) => s.accountId === VICTIM_ACCOUNT);
  expect(victim.map((s) => s.key).sort()).toEqual(before.map((s) => s.key).sort());
  expect(db.sessions.map((s) => s.device).join('\n')).not.toContain('EvilOS');
  expect(db.accounts.map((a) => a.id)).toEqual([VICTIM_ACCOUNT]);
});

test('a worker stopped mid-scan leaves no half-written scan, and the next visit completes', async ({
  context,
  openExtensionPage,
}) => {
  // The browser may hold the database for minutes after the storm (below).
  test.setTimeout(300_000);
  const pages: Record<string, string> = { [BINANCE_DEVICES_URL]: floodPage('55500055', 2000, 10) };
  await servePages(context, () => pages);
  const site = await context.newPage();
  const cdp = await context.newCDPSession(site);
  await cdp.send('ServiceWorker.enable');
  await site.goto(BINANCE_DEVICES_URL);
  // Keep killing the worker through the content script's debounce and the 2,000-row write.
  const deadline = Date.now() + 3000;
  let stops = 0;
  while (Date.now() < deadline) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    stops++;
  }
  const popup = await openExtensionPage('popup/index.html');
  const mid = await popup.evaluate(readDb);
  expect(consistency(mid)).toMatchObject({ orphanSessions: 0, orphanLogins: 0, orphanWarnings: 0 });
  expect(consistency(mid).scans).toBe(consistency(mid).scanCountSum);
  console.log(`worker stopped ${stops} times; scans stored meanwhile: ${mid.scans.length}`);

  // A worker killed inside a transaction leaves the database locked in Chromium until the browser gives the
  // transaction up (2 s to nearly 2 minutes measured on a loaded machine, e2e/chromium/data.spec.ts). That is the
  // browser's, not what a user's visit meets: the test waits until the worker answers again (timed and printed),
  // so the next visit is judged on its own, with the content script's ordinary retries.
  const stormEnd = Date.now();
  await expect
    .poll(
      () =>
        Promise.race([
          popup.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'getOverview', payload: {} })).ok),
          new Promise<string>((resolve) => setTimeout(() => resolve('no answer yet'), 2000)),
        ]),
      { timeout: 180_000 },
    )
    .toBe(true);
  console.log(`worker answering again ${Date.now() - stormEnd} ms after the storm`);

  // Whatever the kill interrupted, a new visit is stored whole.
  pages[BINANCE_DEVICES_URL] = FULL;
  await site.reload();
  await expect
    .poll(async () => (await popup.evaluate(readDb)).sessions.filter((s) => s.accountId === VICTIM_ACCOUNT).length)
    .toBe(4);
  const db = await popup.evaluate(readDb);
  const c = consistency(db);
  expect(c).toMatchObject({ orphanSessions: 0, orphanLogins: 0, orphanWarnings: 0 });
  expect(c.scans).toBe(c.scanCountSum);
  for (const a of db.accounts) {
    const sessions = db.sessions.filter((s) => s.accountId === a.id).length;
    const scans = db.scans.filter((s) => s.accountId === a.id);
    expect(scans.length).toBe(a.scanCount);
    // The sessions an account holds are the ones its scans wrote (2,000 or none for the flood account).
    expect(sessions).toBeLessThanOrEqual(Math.max(0, ...scans.map((s) => s.sessionCount)));
  }
});
