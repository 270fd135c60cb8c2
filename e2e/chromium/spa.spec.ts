import { fixture, readStoreCounts } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

test('a single-page app: tables rendered late after client-side navigation, and a tab switch, are both read', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => fixture('spa/binance-spa.html'));
  const site = await context.newPage();
  await site.goto('https://www.binance.com/en/my/dashboard');
  const popup = await openExtensionPage('popup/index.html');

  // The dashboard is no security page: nothing is stored.
  await expect(popup.getByTestId('empty')).toBeVisible();

  await site.getByRole('link', { name: 'Security' }).click();
  await expect(site).toHaveURL(/\/my\/security\/device-management$/);
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 2, logins: 0, scans: 1 });
  // Judged: a first scan of two sessions with nothing singling either out asks which are the user's (the popup is live).
  await expect(popup.getByTestId('first-scan-session')).toHaveCount(2);
  await expect.poll(() => badgeText(worker)).toBe('');

  // Switching to the history tab swaps the table: logins are added, sessions are not marked gone.
  await site.getByRole('button', { name: 'Login History' }).click();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 2, gone: 0, logins: 3, scans: 2 });

  // Back to devices: the same two sessions, updated rather than duplicated.
  await site.getByRole('button', { name: 'Active Devices' }).click();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 2, gone: 0, scans: 3 });
});

test("a web component's list, drawn late inside its shadow root, is read, and the popup open beside it follows", async ({
  context,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => fixture('spa/binance-components.html'));
  // The popup is open before the page is read: it must follow the stored data without being reopened.
  const popup = await openExtensionPage('popup/index.html');
  await expect(popup.getByTestId('empty')).toBeVisible();
  const site = await context.newPage();
  await site.goto('https://www.binance.com/en/my/security/device-management');
  // The rows appear 1.5 s after load, inside the shadow root only: the first copy saw it empty.
  await expect(site.locator('device-list').locator('td').first()).toBeVisible();
  await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 2 });
  await expect(popup.getByText('185.220.101.4').first()).toBeVisible();
});

test('a responsive page drawing its session list twice is read once, at either width', async ({
  context,
  openExtensionPage,
}) => {
  // The table shows on wide screens and cards on narrow ones; the other copy is hidden by a media query, which
  // only a browser applies (fixtures.test.ts sees the plain rule alone).
  await serveSite(context, 'www.binance.com', () => fixture('responsive-sessions.en.html'));
  const popup = await openExtensionPage('popup/index.html');
  for (const [width, scans] of [
    [1280, 1],
    [400, 2],
  ] as const) {
    const site = await context.newPage();
    await site.setViewportSize({ width, height: 800 });
    await site.goto('https://www.binance.com/en/my/security/device-management');
    await expect.poll(() => popup.evaluate(readStoreCounts)).toMatchObject({ sessions: 3, gone: 0, scans });
    await site.close();
  }
});
