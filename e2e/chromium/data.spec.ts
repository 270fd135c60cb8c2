import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { BINANCE_DEVICES_URL, fixture, ROOT, readStoreCounts, SCREENSHOTS } from '../support/fixtures';
import { badgeText, expect, serveSite, test } from './extension';

async function download(page: Page, button: string): Promise<{ name: string; text: string; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8'), path };
}

test('Data: export a backup and the login CSV, refuse a broken file by its path, wipe, and import it back', async ({
  context,
  worker,
  openExtensionPage,
}) => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await serveSite(context, 'www.binance.com', () => fixture('binance-device-management.en.html'));
  const site = await context.newPage();
  await site.goto(BINANCE_DEVICES_URL);
  await expect.poll(() => badgeText(worker)).not.toBe('');
  const badge = await badgeText(worker);

  const options = await openExtensionPage('options/index.html');
  const panel = options.getByTestId('data-panel');
  await expect(panel).toBeVisible();

  const backup = await download(options, 'Export full backup (JSON)');
  expect(backup.name).toMatch(/^session-watchdog-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(backup.text);
  expect(data.format).toBe('session-watchdog-backup');
  expect(data.sessions.length).toBeGreaterThan(0);
  await expect(options.getByTestId('data-status')).toContainText('Exported 1 accounts');

  // The file the browser saved, unchanged, judged in Node by `npm run audit`: the open warnings match.
  const audit = JSON.parse(
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/audit.ts', backup.path, '--open'], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  ) as { rule: string; subject: string }[];
  const open = (data.warnings as { state: string; rule: string; subject: string }[]).filter((w) => w.state === 'open');
  expect(
    audit
      .filter((w) => w.rule === 'unknown-device')
      .map((w) => w.subject)
      .sort(),
  ).toEqual(
    open
      .filter((w) => w.rule === 'unknown-device')
      .map((w) => w.subject)
      .sort(),
  );
  expect(open.filter((w) => w.rule === 'unknown-device').length).toBeGreaterThan(0);

  const csv = await download(options, 'Export login history (CSV)');
  expect(csv.name).toMatch(/^session-watchdog-logins-all-/);
  expect(csv.text).toMatch(/^\ufeffaccount,time \(UTC\),outcome,ip/);

  const broken = structuredClone(data);
  broken.sessions[0].ip = 12;
  await expect(options.getByTestId('import-backup')).toBeEnabled();
  await options.getByTestId('import-backup').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(options.getByTestId('data-error')).toHaveText('sessions[0].ip: expected string');
  // The worker's refusal reaches a Chinese page as a Chinese sentence around the same exact path.
  const zh = await openExtensionPage('options/index.html?lang=zh_CN');
  await zh.getByTestId('import-backup').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  await expect(zh.getByTestId('data-error')).toHaveText('sessions[0].ip：应为字符串');
  await zh.screenshot({ path: join(SCREENSHOTS, 'chromium-options-data-zh.png'), fullPage: true });
  await zh.close();

  await options.getByRole('button', { name: 'Wipe everything…' }).click();
  await options.screenshot({ path: join(SCREENSHOTS, 'chromium-options-data.png'), fullPage: true });
  await options.getByRole('button', { name: 'Delete everything' }).click();
  await expect(options.getByTestId('data-status')).toContainText('Everything was deleted');
  expect((await options.evaluate(readStoreCounts)).sessions).toBe(0);
  await expect.poll(() => badgeText(worker)).toBe('');

  await expect(options.getByTestId('import-backup')).toBeEnabled();
  await options.getByTestId('import-backup').setInputFiles({
    name: 'backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(backup.text),
  });
  await expect(options.getByTestId('data-status')).toContainText('Imported 1 accounts');
  expect((await options.evaluate(readStoreCounts)).sessions).toBe(data.sessions.length);
  await expect.poll(() => badgeText(worker)).toBe(badge);
});
