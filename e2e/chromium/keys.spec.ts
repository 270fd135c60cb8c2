import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BINANCE_API_URL, keysPage, ROOT } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

const SHOTS = join(ROOT, 'artifacts', 'screenshots');

test('a new key with withdraw rights called from an unknown network is one high incident; the emergency step outlines its Delete', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  // The first visit shows the user's keys and their bot's calls from its own address; the second, a key made since
  // ("sync": withdraw and transfer rights, no IP restriction) and its calls from a Tor exit.
  let html = keysPage(false);
  await serveSite(context, 'www.binance.com', () => html);
  const site = await context.newPage();
  await site.goto(BINANCE_API_URL);
  const popup = await openExtensionPage('popup/index.html');
  const card = popup.getByRole('region', { name: /Binance/ });
  await expect(card).toBeVisible();
  await expect(popup.getByTestId('incident')).toHaveCount(0);

  html = keysPage(true);
  await site.reload();
  await expect.poll(() => badgeText(worker)).toBe('1');
  await popup.reload();
  const incidents = popup.getByTestId('incident');
  await expect(incidents).toHaveCount(1);
  const incident = incidents.first();
  await expect(incident.locator('.sev')).toHaveText('High');
  await expect(incident).toContainText('A new API key "sync" (Q3kd…E0c7) appeared since your last visit');
  await expect(incident).toContainText('a network never seen calling it before');
  await expect(incident).toContainText('185.220.101.33');
  await expect(incident).toContainText('withdraw, transfer');
  await expect(incident.getByRole('button', { name: 'I added it' })).toBeVisible();
  // Nothing of the key itself beyond its masked ends reached the popup.
  await expect(popup.locator('body')).not.toContainText('Q3kd81XZpa');
  mkdirSync(SHOTS, { recursive: true });
  await popup.screenshot({ path: join(SHOTS, 'keys-incident.png'), fullPage: true });

  // The emergency checklist lists the keys the page shows, the unconfirmed one first, each with a way to delete it.
  await card.getByRole('button', { name: 'I think my account is compromised' }).click();
  const dialog = popup.getByTestId('emergency');
  const keys = dialog.getByTestId('emergency-apiKeys').getByTestId('emergency-backdoor');
  await expect(keys.first()).toContainText('sync · Q3kd…E0c7');
  await expect(keys.first()).toContainText('Not confirmed');
  const opened = context.waitForEvent('page');
  await keys.first().getByRole('button', { name: 'Delete this key' }).click();
  const guided = await opened;
  await expect.poll(() => guided.url()).toBe(BINANCE_API_URL);
  const outlined = guided.locator('[data-session-watchdog-highlight]');
  await expect(outlined).toHaveCount(1);
  await expect(outlined).toHaveText('Delete');
  await expect(outlined.locator('xpath=ancestor::tr')).toContainText('Q3kd81XZpa…Wm2sE0c7');
  await expect(outlined).toHaveCSS('outline-style', 'solid');
  await expect(guided.locator('session-watchdog-banner')).toHaveCount(1);
  await guided.screenshot({ path: join(SHOTS, 'keys-guide.png') });
});
