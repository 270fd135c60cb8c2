import type { Request } from '@playwright/test';
import { BINANCE_DEVICES_URL, fixture, readStoreCounts } from '../support/fixtures';
import { badgeText, expect, test } from './extension';

const FIXTURE_HOST = 'https://www.binance.com/';

interface Seen {
  url: string;
  type: string;
  fromWorker: boolean;
  frameUrl?: string;
}

function describe(r: Request): Seen {
  let frameUrl: string | undefined;
  try {
    frameUrl = r.serviceWorker() ? undefined : r.frame().url();
  } catch {
    // A navigation issued before its frame exists has no frame.
  }
  return { url: r.url(), type: r.resourceType(), fromWorker: r.serviceWorker() !== null, frameUrl };
}

/**
 * Network traffic the extension caused. Its own files (chrome-extension://) are local loads. The fixture
 * site's document navigations are the test's own. Everything else counts: any request from the service
 * worker, any request from an extension page, and any other request while only fixture pages are open
 * (the fixture pages load no subresources, so a content-script fetch would show up here).
 */
function extensionTraffic(seen: Seen[]): Seen[] {
  return seen.filter((r) => {
    if (r.url.startsWith('chrome-extension://')) return false;
    if (r.url.startsWith(FIXTURE_HOST) && r.type === 'document' && !r.fromWorker) return false;
    return true;
  });
}

test('over install, scan, popup, options and export the extension makes no network request', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  const seen: Seen[] = [];
  context.on('request', (r) => seen.push(describe(r)));
  // Nothing leaves the machine even if something tried: unknown hosts are aborted, the fixture is served locally.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(BINANCE_DEVICES_URL)) {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: fixture('binance-device-management.en.html'),
      });
    }
    if (url.startsWith('chrome-extension://')) return route.continue();
    return route.abort();
  });

  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  // Counts, not fixed values: which rules fire on the fixture is not this test's business.
  const badge = async () => Number(await badgeText(worker)) || 0;
  await expect.poll(badge).toBeGreaterThan(0);
  const first = await badge();

  const popup = await openExtensionPage('popup/index.html');
  await expect(popup.getByTestId('session')).toHaveCount(4);
  // "This was me" trusts the row: its incident closes (on a first scan, the stranger's is the one raised).
  await popup.getByTestId('incident').first().getByRole('button', { name: 'This was me' }).click();
  await expect.poll(badge).toBeLessThan(first);
  const afterTrust = await badge();

  const options = await openExtensionPage('options/index.html');
  await options.getByLabel('Name').fill('My MacBook');
  await options.getByLabel('Device pattern').fill('Chrome * macOS');
  await options.getByRole('button', { name: 'Add trusted device' }).click();
  // The one "This was me" made, and this one.
  await expect(options.getByTestId('trusted-device')).toHaveCount(2);
  await site.reload();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ scans: 2 });
  await expect.poll(badge).toBeLessThanOrEqual(afterTrust);
  // Export: the backup and the CSV are made in the page and handed to the browser as downloads (blob: URLs).
  for (const name of ['Export full backup (JSON)', 'Export login history (CSV)']) {
    const [file] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name }).click()]);
    expect(file.url()).toMatch(/^blob:chrome-extension:/);
  }
  // "Log out of all devices" opens the site's own page: a navigation the user asked for, served by the fixture route.
  const opened = context.waitForEvent('page');
  await popup.getByTestId('log-out-all').click();
  await expect((await opened).waitForURL(BINANCE_DEVICES_URL)).resolves.toBeUndefined();

  expect(seen.length).toBeGreaterThan(0);
  expect(extensionTraffic(seen)).toEqual([]);

  // The recorder sees the worker's own requests: a fetch from the worker is caught and attributed to it.
  await worker.evaluate(() => fetch('https://example.com/canary').catch(() => undefined));
  await expect
    .poll(() => extensionTraffic(seen).map((r) => [r.url, r.fromWorker]))
    .toEqual([['https://example.com/canary', true]]);
});
