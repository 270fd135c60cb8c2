import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { BINANCE_DEVICES_URL, DOCS_SCREENSHOTS, fixture, freshDates } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

const FULL = fixture('binance-device-management.en.html');
/** Screenshots of the popup in light and dark at its real size. */
async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(DOCS_SCREENSHOTS, `popup-${name}-${scheme}.png`), fullPage });
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

/** Opens the popup once the page's scan has landed: one account card. */
async function popupWithScan(
  context: import('@playwright/test').BrowserContext,
  openExtensionPage: (path: string) => Promise<Page>,
): Promise<{ popup: Page; site: Page }> {
  await serveSite(context, 'www.binance.com', () => freshDates(FULL));
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openPopup(openExtensionPage);
  await expect.poll(() => reloadedCount(popup, popup.getByTestId('account-card'))).toBe(1);
  return { popup, site };
}

test('incidents: one card per intruder with its reasons, evidence, keyboard, Undo, emergency checklist', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  // Many screens, each checked by axe in light and dark and three languages, on a shared 2-CPU machine.
  test.setTimeout(300_000);
  const { popup } = await popupWithScan(context, openExtensionPage);
  const card = popup.getByTestId('account-card');
  const incidents = popup.getByTestId('incident');
  // Four sessions, nothing trusted yet: one incident on top, the stranger's (with more reasons than "not trusted");
  // the user's Mac (this browser), iPhone and app are asked about in the first-scan list below it, not raised.
  await expect(incidents).toHaveCount(1);
  const strangerIncident = incidents.first();
  await expect(strangerIncident).toContainText('45.77.12.9');
  expect(await strangerIncident.getByTestId('warning').count()).toBeGreaterThan(1);
  // One count: the badge, the card's pill and the health line say the same.
  await expect.poll(() => badgeText(worker)).toBe('1');
  await expect(card.getByTestId('account-warning-count')).toHaveText('1 incident open');
  await expect(popup.getByTestId('health')).toHaveText('Your account needs attention');
  await expect(card.getByTestId('session-count')).toHaveText('Sessions: 4');
  await expect(card).toContainText('Never reviewed');
  await expect(strangerIncident).toHaveClass(/warning--high/);
  const reason = strangerIncident.getByTestId('warning').filter({ hasText: 'matches none of your trusted devices' });
  await expect(reason.locator('dt')).toHaveText(['Device', 'IP', 'Place', 'Time']);
  await expect(reason.locator('dd').nth(1)).toHaveText('45.77.12.9');
  // The time names its zone.
  await expect(reason.locator('dd').nth(3)).toHaveText(/\d{1,2}:\d{2}.*(UTC|GMT|[A-Z]{2,5})/);
  // The stranger's row alone is marked in the session table; the user's three devices are below, under their heading.
  const flagged = card.locator('tr[data-flagged]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('45.77.12.9');
  await expect(card.getByTestId('your-devices').getByTestId('session')).toHaveCount(3);
  // Top to bottom: the incident, the question which sessions are the user's, the user's devices.
  const y = async (l: Locator) => (await l.boundingBox())?.y ?? -1;
  const firstScan = card.getByTestId('first-scan');
  await expect(firstScan).toBeVisible();
  expect(await y(strangerIncident)).toBeLessThan(await y(firstScan));
  expect(await y(firstScan)).toBeLessThan(await y(card.getByTestId('your-devices')));
  // The "is it yours?" notes are the list's rows, not low notes beside it.
  await expect(card.getByTestId('low-notes')).toHaveCount(0);
  await expectAccessible(popup);
  await shoot(popup, 'warnings');
  for (const lang of ['ar', 'zh_CN'] as const) {
    const other = await openPopup(openExtensionPage, `?lang=${lang}`);
    await expect(other.getByTestId('incident')).toHaveCount(1);
    if (lang === 'ar') {
      await expect(other.getByRole('button', { name: 'هذا أنا' })).toHaveCount(1);
      // Reasons are in Arabic too, the device name kept as an isolated island.
      await expect(other.getByTestId('incident').getByTestId('warning')).toContainText([
        '\u2069 مسجَّل الدخول من \u2068Frankfurt, DE\u2069 ولا يطابق أيًّا من أجهزتك الموثوقة.',
      ]);
      await expect(other.getByTestId('account-warning-count')).toHaveText('حادثة مفتوحة واحدة');
    }
    await expectAccessible(other);
    await shoot(other, `warnings-${lang === 'ar' ? 'ar' : 'zh'}`);
    await other.close();
  }

  // Keyboard only: Tab reaches the incident's "Dismiss" with a visible focus ring, Enter presses it; focus goes to
  // Undo, not to the body.
  const target = strangerIncident.getByRole('button', { name: 'Dismiss' });
  await popup.locator('body').focus();
  for (let i = 0; i < 80; i++) {
    await popup.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) break;
  }
  await expect(target).toBeFocused();
  expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await popup.keyboard.press('Enter');
  await expect(popup.getByTestId('notice')).toHaveText('Dismissed: Firefox 115 on Windows 10 · 45.77.12.9.');
  await expect(incidents).toHaveCount(0);
  await expect.poll(async () => Number(await badgeText(worker))).toBe(0);
  const undo = popup.getByTestId('undo');
  await expect(undo).toBeFocused();
  await expectAccessible(popup);
  await shoot(popup, 'undo');
  // Undo: the incident is back, the badge too.
  await popup.keyboard.press('Enter');
  await expect(popup.getByTestId('notice')).toContainText('Undone: Firefox 115 on Windows 10 · 45.77.12.9');
  await expect(incidents).toHaveCount(1);
  await expect.poll(async () => Number(await badgeText(worker))).toBe(1);
  await expect(popup.locator(':focus')).toHaveCount(1);

  // "This was me", then Undo from the "Dismissed and trusted" list after the notice's Undo is gone: the trusted device
  // it created is removed and the incident is back.
  const trusted = () =>
    popup.evaluate(
      async () =>
        ((await chrome.storage.local.get('settings')) as { settings: { trustedDevices: unknown[] } }).settings
          .trustedDevices,
    );
  await strangerIncident.getByRole('button', { name: 'This was me' }).click();
  await expect(popup.getByTestId('notice')).toContainText('Trusted from now on');
  await expect(incidents).toHaveCount(0);
  expect(await trusted()).toEqual([
    expect.objectContaining({
      browser: 'Firefox',
      os: 'Windows',
      ipRanges: ['45.77.12.0/24'],
      accountIds: [expect.stringMatching(/^binance:/)],
    }),
  ]);
  await popup.reload();
  const answers = popup.getByTestId('answers');
  await answers.locator('summary').click();
  await expect(answers.getByTestId('answer')).toHaveCount(1);
  await expectAccessible(popup);
  await shoot(popup, 'answers');
  const arAnswers = await openPopup(openExtensionPage, '?lang=ar');
  await arAnswers.getByTestId('answers').locator('summary').click();
  await expect(arAnswers.getByTestId('answer')).toHaveCount(1);
  await expectAccessible(arAnswers);
  await shoot(arAnswers, 'answers-ar');
  await arAnswers.close();
  await answers.getByRole('button', { name: 'Remove trust' }).click();
  await expect(incidents).toHaveCount(1);
  await expect(answers.getByTestId('answer')).toHaveCount(0);
  expect(await trusted()).toEqual([]);

  // Undo in Arabic: the notice and its button, right to left.
  const arUndo = await openPopup(openExtensionPage, '?lang=ar');
  await arUndo.getByTestId('incident').getByRole('button', { name: 'تجاهل' }).click();
  await expect(arUndo.getByTestId('undo')).toBeVisible();
  await shoot(arUndo, 'undo-ar');
  await arUndo.getByTestId('undo').click();
  await expect(arUndo.getByTestId('incident')).toHaveCount(1);
  await arUndo.close();
  await popup.reload();
  await expect(incidents).toHaveCount(1);

  // "Mark reviewed" asks first while high incidents are open.
  await card.locator('.card__foot').getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(card.getByTestId('review-confirm')).toContainText('1 high incident is open');
  await expectAccessible(popup);
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toContainText('Never reviewed');

  // Emergency mode: a modal checklist whose links are the site's own pages; ticks and start time persist; Tab stays in.
  await card.getByRole('button', { name: 'I think my account is compromised' }).click();
  const dialog = popup.getByTestId('emergency');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('emergency-step')).toHaveCount(6);
  await expect(dialog.getByRole('link', { name: 'Open page' }).first()).toHaveAttribute(
    'href',
    'https://www.binance.com/en/my/security/change-password',
  );
  for (let i = 0; i < 20; i++) {
    await popup.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
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

test('safe first scan: one stranger among four sessions ends as one incident at the top, the user’s devices below', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  // Many screens, each checked by axe in light and dark and three languages, on a shared 2-CPU machine.
  test.setTimeout(300_000);
  const { popup } = await popupWithScan(context, openExtensionPage);
  const card = popup.getByTestId('account-card');
  const choice = card.getByTestId('first-scan');
  const rows = choice.getByTestId('first-scan-session');
  await expect(rows).toHaveCount(4);
  // This browser's own session is ticked; the stranger is marked and unticked; the others unticked.
  await expect(rows.filter({ hasText: 'Chrome 126 on macOS' }).getByRole('checkbox')).toBeChecked();
  const stranger = rows.filter({ hasText: '45.77.12.9' });
  await expect(stranger.getByRole('checkbox')).not.toBeChecked();
  await expect(stranger).toContainText('Risky');
  await expect(rows.filter({ hasText: 'iPhone' }).getByRole('checkbox')).not.toBeChecked();
  await rows.filter({ hasText: 'iPhone' }).getByRole('checkbox').check();
  await rows.filter({ hasText: 'Binance APP' }).getByRole('checkbox').check();
  await expectAccessible(popup);
  await shoot(popup, 'first-scan');
  for (const lang of ['ar', 'zh_CN'] as const) {
    const other = await openPopup(openExtensionPage, `?lang=${lang}`);
    await expect(other.getByTestId('first-scan')).toBeVisible();
    await expectAccessible(other);
    if (lang === 'ar') await shoot(other, 'first-scan-ar');
    await other.close();
  }
  // Nothing is trusted before the confirmation.
  await choice.getByTestId('first-scan-trust').click();
  await expect(choice.getByTestId('first-scan-confirm')).toContainText('Trust 3 sessions as yours?');
  await expectAccessible(popup);
  await choice.getByRole('button', { name: 'Yes, go ahead' }).click();
  await expect(popup.getByTestId('notice')).toHaveText('Trusted 3 sessions; 0 widened.');
  await expect(card.getByTestId('first-scan')).toHaveCount(0);
  // One incident, the stranger's, on top; one count on badge, card and health line; the user's devices below.
  const incidents = popup.getByTestId('incident');
  await expect(incidents).toHaveCount(1);
  await expect(incidents.first()).toContainText('Firefox 115 on Windows 10');
  await expect.poll(() => badgeText(worker)).toBe('1');
  await expect(card.getByTestId('account-warning-count')).toHaveText('1 incident open');
  await expect(popup.getByTestId('health')).toHaveText('Your account needs attention');
  await expect(card.locator('tr[data-flagged]')).toHaveCount(1);
  await expect(card.locator('tr[data-flagged]')).toContainText('Not recognised');
  await expect(card.getByTestId('your-devices').getByTestId('session')).toHaveCount(3);
  const box = async (l: Locator) => (await l.boundingBox())?.y ?? -1;
  expect(await box(incidents.first())).toBeLessThan(await box(card.getByTestId('your-devices')));
  await expect(card).toContainText('Reviewed');
  await expectAccessible(popup);
  await shoot(popup, 'incident');
  const ar = await openPopup(openExtensionPage, '?lang=ar');
  await expect(ar.getByTestId('incident')).toHaveCount(1);
  await expectAccessible(ar);
  await shoot(ar, 'incident-ar');

  // "Sign out this session" opens the site's page and outlines that row's own Remove button, never clicking it.
  const opened = context.waitForEvent('page');
  await incidents.first().getByTestId('sign-out-session').click();
  const page = await opened;
  await page.waitForURL(BINANCE_DEVICES_URL);
  const outlined = page.locator('[data-session-watchdog-highlight]');
  await expect(outlined).toHaveCount(1);
  await expect(outlined).toHaveText('Remove');
  await expect(outlined.locator('xpath=ancestor::tr')).toContainText('45.77.12.9');
  await expect(page.locator('session-watchdog-banner')).toHaveCount(1);
  // In the flow before the table: not over the site's log-out-all button or any other control.
  const banner = await page.locator('session-watchdog-banner').boundingBox();
  for (const control of await page.locator('button').all()) {
    const b = await control.boundingBox();
    if (!b || !banner) continue;
    const overlaps =
      b.x < banner.x + banner.width &&
      banner.x < b.x + b.width &&
      b.y < banner.y + banner.height &&
      banner.y < b.y + b.height;
    expect(overlaps).toBe(false);
  }
  await page.setViewportSize({ width: 1000, height: 700 });
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(DOCS_SCREENSHOTS, 'guide-row-light.png') });
  // Closable: its Close button (in a closed shadow root, so clicked where it is drawn, at the end of the banner).
  const drawn = await page.locator('session-watchdog-banner').boundingBox();
  if (!drawn) throw new Error('no banner');
  await page.mouse.click(drawn.x + drawn.width - 30, drawn.y + drawn.height / 2);
  await expect(page.locator('session-watchdog-banner')).toHaveCount(0);
  await expect(outlined).toHaveCount(1);
});

/** A device-management page of account `uid` listing the same `n` sessions: one browser on one rented network. */
function sharedSessionsPage(uid: string, n: number): string {
  const now = Date.now();
  const rows = Array.from({ length: n }, (_, i) => {
    const at = new Date(now - (i + 1) * 60_000).toISOString().replace('T', ' ').slice(0, 16);
    return `<tr><td>Firefox 128 (Linux)</td><td>45.77.12.${10 + i}</td><td>Frankfurt, Germany</td><td>${at} UTC</td><td>Online</td><td><button type="button">Remove</button></td></tr>`;
  }).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Device Management | Binance</title></head>
<body><main><div class="account-info">User ID: <span>${uid}</span></div><h1>Device Management</h1>
<table><thead><tr><th>Device</th><th>IP Address</th><th>Location</th><th>Last Active</th><th>Status</th><th>Action</th></tr></thead>
<tbody>${rows}</tbody></table></main></body></html>`;
}

test('one intruder behind many sessions: its incident shows its first reasons and the rest on request, en and ar', async ({
  context,
  openExtensionPage,
}) => {
  test.setTimeout(180_000);
  // The same 30 sessions on two accounts: each is a reason (not trusted, rented network, on another account too).
  let uid = '38451092';
  await serveSite(context, 'www.binance.com', () => sharedSessionsPage(uid, 30));
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  const popup = await openPopup(openExtensionPage);
  await expect.poll(() => reloadedCount(popup, popup.getByTestId('account-card'))).toBe(1);
  uid = '38451093';
  await site.reload();
  await expect.poll(() => reloadedCount(popup, popup.getByTestId('account-card'))).toBe(2);
  // Both accounts hold such an incident: the first one, held by its title (once shown whole it has no button).
  const folded = popup
    .getByTestId('incident')
    .filter({ has: popup.getByTestId('more-reasons') })
    .first();
  const incident = popup.locator(`[aria-labelledby="${await folded.getAttribute('aria-labelledby')}"]`);
  const more = incident.getByTestId('more-reasons');
  await expect(more).toHaveText(/^Show \d+ more reasons$/);
  await expect(incident.getByTestId('warning')).toHaveCount(5);
  const hidden = Number(/\d+/.exec((await more.textContent()) ?? '')?.[0]);
  await expectAccessible(popup);
  await more.scrollIntoViewIfNeeded();
  await shoot(popup, 'many-reasons', false);
  await more.click();
  await expect(incident.getByTestId('warning')).toHaveCount(5 + hidden);
  await expect(incident.getByTestId('more-reasons')).toHaveCount(0);

  const ar = await openPopup(openExtensionPage, '?lang=ar');
  const moreAr = ar.getByTestId('more-reasons').first();
  await expect(moreAr).toContainText('عرض');
  await expectAccessible(ar);
  await moreAr.scrollIntoViewIfNeeded();
  await shoot(ar, 'many-reasons-ar', false);
});
