import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_CHROME = join(ROOT, 'dist', 'chrome');
export const DIST_FIREFOX = join(ROOT, 'dist', 'firefox');
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');
/**
 * The screenshots README shows. Their text holds the time of the run ("Scanned this minute", dates), so a test run
 * writes them beside the other artifacts, to look at, and leaves the tree as it was; `npm run screenshots` (the
 * same e2e with UPDATE_DOCS_SCREENSHOTS=1) writes them to docs/screenshots to commit.
 */
export const DOCS_SCREENSHOTS =
  process.env.UPDATE_DOCS_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(ROOT, 'artifacts', 'docs-screenshots');
export { CHROMIUM_PATH as CHROMIUM } from '../../scripts/chromium.mjs';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const BINANCE_DEVICES_URL = 'https://www.binance.com/en/my/security/device-management';
export const BINANCE_API_URL = 'https://www.binance.com/en/my/settings/api-management';

export function fixture(name: string): string {
  return readFileSync(join(ROOT, 'e2e', 'fixtures', name), 'utf8');
}

/** The fixture page without the one table row that contains `marker` (a session that was logged out). */
export function withoutRow(html: string, marker: string): string {
  const rows = [...html.matchAll(/<tr[\s>][\s\S]*?<\/tr>/g)].filter((m) => m[0].includes(marker));
  const row = rows[0];
  if (rows.length !== 1 || !row || row.index === undefined) throw new Error(`expected exactly one row with ${marker}`);
  return html.slice(0, row.index) + html.slice(row.index + row[0].length);
}

/** Runs in an extension page: counts what the worker stored, straight from IndexedDB. */
export async function readStoreCounts(): Promise<{ sessions: number; gone: number; logins: number; scans: number }> {
  const db = await new Promise<IDBDatabase | undefined>((resolve) => {
    const req = indexedDB.open('session-watchdog');
    // Never create the database: a read racing the worker's first open would leave an empty version 1 behind,
    // and the worker's migrations would then start after the one that creates the stores.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(undefined);
  });
  if (!db) return { sessions: 0, gone: 0, logins: 0, scans: 0 };
  const all = <T>(store: string) =>
    new Promise<T[]>((resolve, reject) => {
      if (!db.objectStoreNames.contains(store)) return resolve([]);
      const req = db.transaction(store).objectStore(store).getAll();
      req.onsuccess = () => resolve(req.result as T[]);
      req.onerror = () => reject(req.error);
    });
  // Gone sessions are rows; live ones (and copies of the recently gone) are in each account's summary.
  const byKey = new Map<string, { goneAt?: number }>();
  for (const s of await all<{ key: string; goneAt?: number }>('sessions')) byKey.set(s.key, s);
  for (const summary of await all<{ sessions: { key: string; goneAt?: number }[] }>('summaries')) {
    for (const s of summary.sessions) byKey.set(s.key, s);
  }
  const sessions = [...byKey.values()];
  const result = {
    sessions: sessions.length,
    gone: sessions.filter((s) => s.goneAt !== undefined).length,
    logins: (await all('logins')).length,
    scans: (await all('scans')).length,
  };
  db.close();
  return result;
}

const DAY = 86_400_000;

/**
 * The saved page with its dates moved so its last day is yesterday: the rules read sign-ins older than the first
 * scan's lookback as history only, and the stranger's failed sign-ins and datacenter address must count.
 */
export function freshDates(html: string): string {
  const shift = Math.floor((Date.now() - DAY - Date.UTC(2026, 3, 14)) / DAY) * DAY;
  return html.replace(/\b(20\d\d)-(\d\d)-(\d\d)\b/g, (_m, y: string, mo: string, d: string) =>
    new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + shift).toISOString().slice(0, 10),
  );
}

/**
 * Binance's API Management page with an API access log under it. Before: the user's keys and their bot's calls from
 * its own address. After: also "sync" (made since: withdraw and transfer rights, no IP restriction) and its calls
 * from a Tor exit (185.220.101.33), a network never seen calling it.
 */
export function keysPage(withIntruder: boolean): string {
  const page = fixture('binance-api-management.en.html');
  const calls = [
    '<tr><td>2026-04-14 14:58:02</td><td>Grid bot</td><td>203.0.113.42</td><td>Order</td></tr>',
    ...(withIntruder
      ? [
          '<tr><td>2026-04-14 03:20:17</td><td>sync</td><td>185.220.101.33</td><td>Withdraw</td></tr>',
          '<tr><td>2026-04-14 03:13:05</td><td>sync</td><td>185.220.101.33</td><td>Query</td></tr>',
        ]
      : []),
  ];
  const log = `<h2>API Connection Management</h2><table class="api-log"><thead><tr><th>Time (UTC)</th><th>API Key</th><th>IP Address</th><th>Action Type</th></tr></thead><tbody>${calls.join('')}</tbody></table>`;
  const keys = withIntruder ? page : withoutRow(page, 'Q3kd81XZpa');
  return keys.replace('</main>', `${log}</main>`);
}
