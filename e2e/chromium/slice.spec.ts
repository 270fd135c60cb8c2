import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BINANCE_DEVICES_URL, fixture, readStoreCounts, SCREENSHOTS, withoutRow } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

const FULL = fixture('binance-device-management.en.html');

test('a Binance device page is stored, flagged on the badge, trusted away, and a removed session shows as gone', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let html = FULL;
  await serveSite(context, 'www.binance.com', () => html);

  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);

  // Four sessions, none trusted yet: the stranger on a datacenter address is the one incident (its reasons include
  // "matches none of your trusted devices"); the user's three are asked about in the first-scan list. The badge
  // counts the open high and medium incidents the popup lists.
  const popup = await openExtensionPage('popup/index.html');
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 4, gone: 0, logins: 6, scans: 1 });
  await popup.reload();
  await expect(popup.getByRole('alert')).toHaveCount(0);
  await expect(popup.getByTestId('session')).toHaveCount(4);
  const unknown = popup.getByTestId('warning').filter({ hasText: 'matches none of your trusted devices' });
  await expect(unknown).toHaveCount(1);
  await expect(unknown).toContainText('Firefox 115');
  await expect(popup.getByTestId('first-scan-session')).toHaveCount(4);
  const counted = () => popup.locator('.warning--high, .warning--medium').count();
  const before = await counted();
  await expect.poll(() => badgeText(worker)).toBe(String(before));
  // The stranger's row is marked at the top; the user's devices follow, this browser first.
  await expect(popup.getByTestId('session').first()).toContainText('Firefox 115 on Windows 10');
  const own = popup.getByTestId('your-devices').getByTestId('session');
  await expect(own.first()).toContainText('Chrome 126 on macOS 14.5');
  await expect(own.first()).toContainText('this device');
  await popup.setViewportSize({ width: 420, height: 600 });
  await popup.screenshot({ path: join(SCREENSHOTS, 'chromium-popup-untrusted.png'), fullPage: true });

  // Trust the Mac in the options page; on the next visit its "is it yours?" note is gone, the other two stay, and
  // the count (which never counted it) is the same.
  const options = await openExtensionPage('options/index.html');
  await expect(options.getByTestId('no-trusted')).toBeVisible();
  await options.getByLabel('Name').fill('My MacBook');
  await options.getByLabel('Device pattern').fill('Chrome * macOS');
  await options.getByRole('button', { name: 'Add trusted device' }).click();
  await expect(options.getByTestId('trusted-device')).toHaveCount(1);
  await options.screenshot({ path: join(SCREENSHOTS, 'chromium-options.png'), fullPage: true });

  await site.reload();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ scans: 2 });
  await popup.reload();
  const yours = popup.getByTestId('warning').filter({ hasText: 'Is it yours?' });
  await expect(yours).toHaveCount(2);
  await expect(yours.filter({ hasText: 'Chrome 126 on macOS' })).toHaveCount(0);
  await expect(unknown).toHaveCount(1);
  await expect.poll(() => badgeText(worker)).toBe(String(before));

  // The Frankfurt session was logged out: it disappears from the page and shows as gone; its incident resolves.
  html = withoutRow(FULL, '45.77.12.9</td>\n        <td>Frankfurt');
  await site.reload();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 4, gone: 1 });
  await popup.reload();
  await expect(popup.getByTestId('session-gone')).toHaveCount(1);
  await expect(popup.getByTestId('session-gone')).toContainText('Firefox 115 on Windows 10');
  await expect(popup.getByTestId('session')).toHaveCount(3);
  await expect(unknown).toHaveCount(0);
  const after = await counted();
  expect(after).toBeLessThan(before);
  await expect.poll(() => badgeText(worker)).toBe(after ? String(after) : '');
  // Login history overlaps between visits and is not duplicated.
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ logins: 6 });
  await popup.screenshot({ path: join(SCREENSHOTS, 'chromium-popup-after.png'), fullPage: true });
});

test('the popup explains what to do before anything was scanned', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup/index.html');
  await expect(popup.getByTestId('empty')).toContainText('Device Management');
  await expect.poll(() => popup.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
});
