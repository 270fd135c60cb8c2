import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { BINANCE_DEVICES_URL, fixture, ROOT } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

const SHOTS = join(ROOT, 'docs', 'screenshots');
const FULL = fixture('binance-device-management.en.html');

/** Screenshots of the popup in light and dark at its real size. */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `popup-${name}-${scheme}.png`), fullPage });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** No serious or critical axe violations, in light and in dark (contrast differs). */
async function expectAccessible(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const bad = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(bad).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The popup reads the store on open: reload it until the scan the site page sent has landed. */
async function reloadedCount(popup: Page, locator: Locator): Promise<number> {
  await popup.reload();
  return locator.count();
}

async function openPopup(openExtensionPage: (path: string) => Promise<Page>, query = ''): Promise<Page> {
  const popup = await openExtensionPage(`popup/index.html${query}`);
  await popup.setViewportSize({ width: 420, height: 600 });
  return popup;
}

test('empty state: tells a new user what to open, with links to every supported site, in en and ar', async ({
  openExtensionPage,
}) => {
  const popup = await openPopup(openExtensionPage);
  const empty = popup.getByTestId('empty');
  await expect(empty).toContainText('Device Management');
  await expect(empty.getByRole('link', { name: 'Binance' })).toHaveAttribute(
    'href',
    'https://www.binance.com/en/my/security/device-management',
  );
  await expect(empty.getByRole('link')).toHaveCount(5);
  await expect(empty.getByRole('button', { name: 'Add a site' })).toBeVisible();
  await expect(popup.locator('html')).toHaveAttribute('dir', 'ltr');
  await expectAccessible(popup);
  await shoot(popup, 'empty');

  const ar = await openPopup(openExtensionPage, '?lang=ar');
  await expect(ar.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(ar.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(ar.getByTestId('empty')).toContainText('لا شيء قيد المراقبة بعد');
  // Mirrored: the settings button sits at the left edge in right-to-left.
  const title = await ar.getByRole('heading', { level: 1 }).boundingBox();
  const settings = await ar.getByRole('button', { name: 'الإعدادات' }).boundingBox();
  expect(settings && title && settings.x < title.x).toBe(true);
  await expectAccessible(ar);
  await shoot(ar, 'empty-ar');
});

test('warnings: evidence, "This was me" trusts the row by network, keyboard use, emergency checklist', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => FULL);
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openPopup(openExtensionPage);
  const card = popup.getByTestId('account-card');
  await expect.poll(() => reloadedCount(popup, card)).toBe(1);
  const unknown = popup.getByTestId('warning').filter({ hasText: 'matches none of your trusted devices' });
  await expect(unknown).toHaveCount(4);
  await expect(card.getByTestId('session-count')).toHaveText('Sessions: 4');
  await expect(card).toContainText('Never reviewed');
  // Sorted by severity: no medium or low warning before a high one.
  const severities = await popup
    .getByTestId('warning')
    .evaluateAll((els) => els.map((e) => (e.className.match(/warning--(\w+)/) ?? [])[1]));
  const order = { high: 0, medium: 1, low: 2 } as Record<string, number>;
  expect(severities.map((s) => order[s ?? ''] ?? 9)).toEqual(
    [...severities.map((s) => order[s ?? ''] ?? 9)].sort((a, b) => a - b),
  );
  const mac = unknown.filter({ hasText: 'Chrome 126 on macOS' });
  await expect(mac.locator('dt')).toHaveText(['Device', 'IP', 'Place', 'Time']);
  await expect(mac.locator('dd').nth(1)).toHaveText('203.0.113.42');
  // The time names its zone.
  await expect(mac.locator('dd').nth(3)).toHaveText(/\d{1,2}:\d{2}.*(UTC|GMT|[A-Z]{2,5})/);
  await expect(card.getByRole('button', { name: 'These are all mine' })).toBeVisible();
  await expectAccessible(popup);
  await shoot(popup, 'warnings');
  const ar = await openPopup(openExtensionPage, '?lang=ar');
  await expect(ar.getByRole('button', { name: 'هذا أنا' })).toHaveCount(
    await popup.getByTestId('warning').filter({ visible: true }).count(),
  );
  // Reasons are in Arabic too, the device name kept as an isolated island.
  await expect(ar.locator('.warning__reason').first()).toContainText(
    '\u2069 مسجَّل الدخول من \u2068Hong Kong, HK\u2069 ولا يطابق أيًّا من أجهزتك الموثوقة.',
  );
  await expectAccessible(ar);
  await shoot(ar, 'warnings-ar');
  await ar.close();

  // Keyboard only: Tab reaches the Mac warning's "This was me" with a visible focus ring, Enter presses it.
  const before = Number(await badgeText(worker));
  const target = mac.getByRole('button', { name: 'This was me' });
  await popup.locator('body').focus();
  for (let i = 0; i < 60; i++) {
    await popup.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(target).toBeFocused();
  expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await popup.keyboard.press('Enter');
  await expect(popup.getByTestId('notice')).toHaveText('Trusted from now on as “Chrome on macOS”.');
  await expect(unknown).toHaveCount(3);
  await expect(unknown.filter({ hasText: 'Chrome 126 on macOS' })).toHaveCount(0);
  await expect.poll(async () => Number(await badgeText(worker))).toBeLessThan(before);
  const trusted = await popup.evaluate(
    async () =>
      ((await chrome.storage.local.get('settings')) as { settings: { trustedDevices: unknown[] } }).settings
        .trustedDevices,
  );
  expect(trusted).toEqual([
    expect.objectContaining({
      browser: 'Chrome',
      os: 'macOS',
      deviceType: 'desktop',
      ipRanges: ['203.0.113.0/24'],
      accountIds: [expect.stringMatching(/^binance:/)],
    }),
  ]);

  // Emergency mode: a modal checklist whose links are the site's own pages; ticks and start time persist.
  await card.getByRole('button', { name: 'I think my account is compromised' }).click();
  const dialog = popup.getByTestId('emergency');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('emergency-step')).toHaveCount(6);
  await expect(dialog.getByRole('link', { name: 'Open page' }).first()).toHaveAttribute(
    'href',
    'https://www.binance.com/en/my/security/change-password',
  );
  await dialog.getByLabel('Change your password').check();
  await expect(dialog.getByTestId('emergency-started')).toContainText('1 of 6 done');
  await shoot(popup, 'emergency', false);
  await popup.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await popup.reload();
  await card.getByRole('button', { name: 'Continue emergency checklist' }).click();
  await expect(dialog.getByLabel('Change your password')).toBeChecked();
  await expect(dialog.getByTestId('emergency-started')).toContainText(/Started .*\d/);
  const ar2 = await openPopup(openExtensionPage, '?lang=ar');
  await ar2.getByRole('button', { name: 'متابعة قائمة الطوارئ' }).click();
  await expect(ar2.getByTestId('emergency')).toBeVisible();
  await expectAccessible(ar2);
  await shoot(ar2, 'emergency-ar', false);
});

test('"These are all mine" trusts every session of the first scan and marks the account reviewed', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  await serveSite(context, 'www.binance.com', () => FULL);
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openPopup(openExtensionPage);
  const card = popup.getByTestId('account-card');
  await expect.poll(() => reloadedCount(popup, card)).toBe(1);
  await card.getByRole('button', { name: 'These are all mine' }).click();
  await expect(popup.getByTestId('notice')).toContainText('Trusted');
  await expect(popup.getByTestId('warning').filter({ hasText: 'matches none of your trusted devices' })).toHaveCount(0);
  await expect(card).toContainText('Reviewed');
  await expect(card.getByRole('button', { name: 'These are all mine' })).toHaveCount(0);
  const open = await popup.locator('.warning--high, .warning--medium').count();
  await expect.poll(() => badgeText(worker)).toBe(open ? String(open) : '');
});
