// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type SnapElement, snapshotDom } from '../core/extract/snapshot';
import { defaultSettings, type Settings } from '../shared/settings';
import { type Db, openDatabase, readAllRows } from './db';
import { EXTRACTION_BUDGET_MS, handleMessage, isReadOnlyMessage, type Services } from './handlers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

// The attacker controls one string on the page: the device name or user agent of their own session. Each case
// below is a page where that string once steered what the worker stored.

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const URL = 'https://www.binance.com/en/my/security/device-management';
const T0 = Date.UTC(2026, 3, 14, 15);
const tabAt = (url: string, tabId: number) => ({ id: ID, url, tab: { id: tabId, url }, frameId: 0 });

let db: Db;
let settings: Settings;
let n = 0;
let TAB = tabAt(URL, 1);
let now = T0;
let clock: (() => number) | undefined;

function services(): Services {
  return completeServices({
    db: async () => db,
    settings: async () => settings,
    now: () => now,
    ...(clock ? { clock } : {}),
    refreshBadge: async () => undefined,
    onRaised: async () => undefined,
    identity: { id: ID, origin: ORIGIN },
    words: englishWords,
  });
}

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const send = (snapshot: SnapElement, visit = 'v1', tab = TAB) =>
  handleMessage({ type: 'recordPage', payload: { url: URL, visit, snapshot } }, tab, services());
const recordPage = (html: string) => send(snapshotDom(parse(html)));

const live = async () =>
  (await readAllRows(db)).sessions
    .filter((s) => s.goneAt === undefined)
    .sort((a, b) => (a.ip ?? '').localeCompare(b.ip ?? ''));

beforeEach(async () => {
  db = await openDatabase(`hostile-${n++}`);
  TAB = tabAt(URL, 1000 + n);
  settings = defaultSettings();
  now = T0;
  clock = undefined;
});
afterEach(() => db.close());

/** A card list where the device name is a line of its own; the second card is the intruder's. */
const cards = (intruder: string, header = '<p>Account: jo***@example.com</p>') => `<html lang="en"><body>
  <header>${header}</header>
  <h2>Active sessions</h2>
  <ul class="sessions">
    <li><div>Chrome 124 on macOS</div><div><span class="tag">This device</span></div><div>IP 192.0.2.10</div><div>Paris, France</div><div>Last active 5 minutes ago</div></li>
    <li><div>${intruder}</div><div>IP 203.0.113.66</div><div>Singapore</div><div>Last active 2 hours ago</div><button>Remove</button></li>
    <li><div>Safari on iPhone</div><div>IP 192.0.2.11</div><div>Lyon, France</div><div>Last active 1 day ago</div><button>Remove</button></li>
  </ul></body></html>`;

describe('a device name cannot hide its session', () => {
  test.each(['Price: Linux', 'Balance: HeadlessChrome 120 Linux', 'Login history', 'Operation', 'Amount: 1 BTC'])(
    'an intruder named %j is stored as a session',
    async (name) => {
      const r = await recordPage(cards(name));
      expect(r).toMatchObject({ ok: true, value: { isRecorded: true } });
      const rows = await live();
      expect(rows.map((s) => s.ip)).toEqual(['192.0.2.10', '192.0.2.11', '203.0.113.66']);
      expect(await db.count('logins')).toBe(0);
      expect(rows.find((s) => s.ip === '203.0.113.66')?.isCurrent).toBe(false);
    },
  );
});

describe('a device name cannot move the scan to another account', () => {
  test('a UID in the device name does not beat the masked e-mail the page shows', async () => {
    const r = await recordPage(cards('UID 11112222 Chrome on Linux'));
    expect(r).toMatchObject({ ok: true, value: { accountId: 'binance:jo***@example.com' } });
  });

  test("a UID in the device name does not beat the page's own UID above the list", async () => {
    const r = await recordPage(cards('UID 11112222 Chrome on Linux', '<p>UID: 38451092</p>'));
    expect(r).toMatchObject({ ok: true, value: { accountId: 'binance:38451092' } });
  });

  test("naming the victim's other account does not mark that account's sessions logged out", async () => {
    await recordPage(cards('Chrome on Windows', '<p>UID: 22223333</p>'));
    const before = (await live()).length;
    TAB = tabAt(URL, 9999);
    await recordPage(cards('UID 22223333 Linux', '<p>UID: 38451092</p>'));
    const other = (await readAllRows(db)).sessions.filter((s) => s.accountId === 'binance:22223333');
    expect(other.filter((s) => s.goneAt === undefined)).toHaveLength(before);
  });
});

describe('the current-session marker comes from structure', () => {
  test('"Current session" inside the user agent does not make the intruder current', async () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36 Current session';
    const html = `<html lang="en"><body><p>UID: 38451092</p><h2>Device Management</h2><table>
      <thead><tr><th>Device</th><th>IP Address</th><th>Last Active</th><th>Action</th></tr></thead><tbody>
      <tr><td>Chrome on macOS <span class="badge">Current</span></td><td>192.0.2.10</td><td>2026-04-14 14:00</td><td></td></tr>
      <tr><td>${ua}</td><td>203.0.113.66</td><td>2026-04-14 13:00</td><td><button>Remove</button></td></tr>
      <tr><td>Safari on iPhone</td><td>192.0.2.11</td><td>2026-04-13 13:00</td><td><button>Remove</button></td></tr>
      </tbody></table></body></html>`;
    await recordPage(html);
    const rows = await live();
    expect(rows.map((s) => [s.ip, s.isCurrent])).toEqual([
      ['192.0.2.10', true],
      ['192.0.2.11', false],
      ['203.0.113.66', false],
    ]);
  });

  test('an intruder card named "Current session" is not the current one', async () => {
    await recordPage(cards('Current session'));
    const rows = await live();
    expect(rows.map((s) => [s.ip, s.isCurrent])).toEqual([
      ['192.0.2.10', true],
      ['192.0.2.11', false],
      ['203.0.113.66', false],
    ]);
  });
});

test("the current device's own card (a heading, a tag, no Remove button) is read", async () => {
  const html = `<html lang="en"><body><p>UID: 38451092</p><h2>Where you're signed in</h2>
    <div class="devices">
      <div class="card"><h3>Chrome on macOS</h3><span class="chip">This device</span><p>192.0.2.10</p><p>Paris, France</p><p>Last active 1 minute ago</p></div>
      <div class="card"><h3>Firefox on Windows</h3><p>198.51.100.7</p><p>Berlin, Germany</p><p>Last active 3 days ago</p><button>Remove</button></div>
      <div class="card"><h3>Safari on iPhone</h3><p>192.0.2.11</p><p>Lyon, France</p><p>Last active 5 days ago</p><button>Remove</button></div>
    </div></body></html>`;
  await recordPage(html);
  const rows = await live();
  expect(rows.map((s) => [s.device, s.ip, s.isCurrent])).toEqual([
    ['Chrome on macOS', '192.0.2.10', true],
    ['Safari on iPhone', '192.0.2.11', false],
    ['Firefox on Windows', '198.51.100.7', false],
  ]);
});

describe('hidden copies are not read', () => {
  // A responsive session UI renders its list twice and hides one copy by width (Stack Auth's account settings).
  const responsive = (hide: string) => `<html lang="en"><head><style>.mobile-only { display: none }</style></head>
    <body><p>UID: 38451092</p><h2>Active sessions</h2>
    <table class="desktop"><thead><tr><th>Device</th><th>IP Address</th><th>Last used</th></tr></thead><tbody>
      <tr><td>Chrome on macOS</td><td>192.0.2.10</td><td>2026-04-14 14:00</td></tr>
      <tr><td>Firefox on Linux</td><td>203.0.113.66</td><td>2026-04-14 13:00</td></tr>
    </tbody></table>
    <div ${hide}><div class="card"><div>Chrome on macOS</div><div>IP: 192.0.2.10</div><div>Last used: 2026-04-14 14:00</div></div>
    <div class="card"><div>Firefox on Linux</div><div>IP: 203.0.113.66</div><div>Last used: 2026-04-14 13:00</div></div></div>
    </body></html>`;

  test.each([
    ['the hidden attribute', 'hidden'],
    ['aria-hidden', 'aria-hidden="true"'],
    ['an inline display: none', 'style="display: none"'],
  ])('a duplicate list hidden by %s adds no rows', async (_name, hide) => {
    await recordPage(responsive(hide));
    expect((await live()).map((s) => s.ip)).toEqual(['192.0.2.10', '203.0.113.66']);
  });

  test('a duplicate list hidden by a style sheet adds no rows (the page copy asks what is rendered)', async () => {
    // Loaded into the test's document so its style sheet applies, as in a browser.
    document.documentElement.innerHTML = parse(responsive('class="mobile-only"')).documentElement.innerHTML;
    await send(snapshotDom(document, { isShown: (e) => getComputedStyle(e as Element).display !== 'none' }));
    expect((await live()).map((s) => s.ip)).toEqual(['192.0.2.10', '203.0.113.66']);
  });
});

test('a relative phrase with the exact date under it stores the date', async () => {
  const html = `<html lang="en"><body><p>UID: 38451092</p><h2>Device Management</h2><table>
    <thead><tr><th>Device</th><th>IP Address</th><th>Last Active</th></tr></thead><tbody>
    <tr><td>Chrome on macOS</td><td>192.0.2.10</td><td><span>2 weeks ago</span><br><small>2026-04-02 10:15</small></td></tr>
    <tr><td>Firefox on Linux</td><td>203.0.113.66</td><td>3 days ago (Apr 11, 2026, 08:30)</td></tr>
    </tbody></table></body></html>`;
  await recordPage(html);
  const rows = await live();
  const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime();
  expect(rows.map((s) => s.lastActive)).toEqual([local(2026, 4, 2, 10, 15), local(2026, 4, 11, 8, 30)]);
});

test('invisible characters in a device name are not stored', async () => {
  const dressed = 'Chr\u180eome\u3164 on\u115f \uffa0Lin\u034fux\ufe0f\u{e0041}\u2800';
  const html = `<html lang="en"><body><p>UID: 38451092</p><h2>Device Management</h2><table>
    <thead><tr><th>Device</th><th>IP Address</th><th>Last Active</th></tr></thead><tbody>
    <tr><td>${dressed}</td><td>203.0.113.66</td><td>2026-04-14 13:00</td></tr>
    <tr><td>Chrome on macOS</td><td>192.0.2.10</td><td>2026-04-14 14:00</td></tr>
    </tbody></table></body></html>`;
  await recordPage(html);
  expect((await live()).map((s) => s.device)).toEqual(['Chrome on macOS', 'Chrome on Linux']);
});

describe('bounded work', () => {
  /**
   * A page copy at the caps, shaped for the most work: 1,000 lines of 500 characters (the
   * extractor reads 500 characters of a line, and 2,000 children of an element).
   */
  const flood = (line: string): SnapElement => [
    '#document',
    0,
    [
      'html',
      0,
      [
        'body',
        0,
        ['h2', 0, 'Active sessions'],
        ...Array.from(
          { length: 1 },
          () => ['section', 0, ...Array.from({ length: 1000 }, () => ['div', 0, line] as SnapElement)] as SnapElement,
        ),
      ],
    ],
  ];
  const timed = async (snapshot: SnapElement) => {
    // The extraction budget stands still: this measures the whole extraction.
    clock = () => 0;
    const t = performance.now();
    // A tab per reading: this measures the extraction, not the per-tab rate limit.
    await send(snapshot, 'v', tabAt(URL, 100_000 + n++));
    return performance.now() - t;
  };

  test.each(['*', '*@'])(
    'a page copy of repeated %j costs about what plain letters cost',
    async (unit) => {
      const line = unit.repeat(Math.ceil(499 / unit.length)).slice(0, 499);
      // Plain words of the same spacing: each word of a line costs the reader a little, whatever it is.
      const plain = 'ab c'.repeat(125).slice(0, 499);
      // Warm up, then the better of two runs each: the ratio, not the time, is what is checked.
      await timed(flood(plain));
      const base = Math.min(await timed(flood(plain)), await timed(flood(plain)));
      const hostile = Math.min(await timed(flood(line)), await timed(flood(line)));
      expect(hostile / base).toBeLessThan(4);
    },
    60_000,
  );
});

describe('a device name in a card heading', () => {
  // Keycloak's account console and similar: each card is titled by its device, in a heading.
  const titled = (intruder: string) => `<html lang="en"><body><p>UID: 38451092</p><h2>Signed in devices</h2>
    <div class="devices">
      <div class="card"><h3>Chrome on macOS</h3><span class="chip">This device</span><dl><dt>IP address</dt><dd>192.0.2.10</dd><dt>Last accessed</dt><dd>2026-04-14 14:50</dd></dl></div>
      <div class="card"><h3>${intruder}</h3><dl><dt>IP address</dt><dd>203.0.113.66</dd><dt>Last accessed</dt><dd>2026-04-14 13:00</dd></dl><button>Sign out</button></div>
      <div class="card"><h3>Safari on iPhone</h3><dl><dt>IP address</dt><dd>192.0.2.11</dd><dt>Last accessed</dt><dd>2026-04-13 09:00</dd></dl><button>Sign out</button></div>
    </div></body></html>`;

  test.each([
    'Login history',
    'Login history Chrome on Linux',
    'Active sessions',
    'Price: Linux',
    'Current session',
    'UID 11112222',
  ])('an intruder titled %j is stored, not current, under the page account', async (name) => {
    const r = await recordPage(titled(name));
    expect(r).toMatchObject({ ok: true, value: { isRecorded: true, accountId: 'binance:38451092' } });
    expect((await live()).map((s) => [s.ip, s.isCurrent])).toEqual([
      ['192.0.2.10', true],
      ['192.0.2.11', false],
      ['203.0.113.66', false],
    ]);
    expect(await db.count('logins')).toBe(0);
  });
});

describe('the worker stays free', () => {
  const rows = (count: number) =>
    `<html lang="en"><body><p>UID: 38451092</p><h2>Device Management</h2><table><thead><tr><th>Device</th><th>IP Address</th><th>Last Active</th></tr></thead><tbody>${Array.from(
      { length: count },
      (_, i) => `<tr><td>Chrome ${i} on Windows</td><td>203.0.${i >> 8}.${i & 255}</td><td>2026-04-14 13:00</td></tr>`,
    ).join('')}</tbody></table></body></html>`;

  test('a page that would take longer than the extraction budget is refused whole, and nothing is stored', async () => {
    // A clock that moves a quarter of the budget each time it is read: the budget runs out after about a thousand
    // steps of work, whatever the machine's speed.
    let t = 0;
    clock = () => (t += EXTRACTION_BUDGET_MS / 4);
    expect(await recordPage(rows(3))).toMatchObject({ ok: true, value: { isRecorded: true } });
    TAB = tabAt(URL, 424242);
    expect(await recordPage(rows(2000))).toEqual({ ok: true, value: { isRecorded: false } });
    expect((await live()).length).toBe(3);
    expect(
      await handleMessage(
        { type: 'getOverview', payload: {} },
        { id: ID, url: `${ORIGIN}popup/index.html` },
        services(),
      ),
    ).toMatchObject({ ok: true });
  });

  test('a tab that sends readings without end is held to one a second after a burst', async () => {
    const page = (i: number) => rows(1 + (i % 3));
    for (let i = 0; i < 5; i++) expect(await send(snapshotDom(parse(page(i))), `v${i}`)).toMatchObject({ ok: true });
    expect(await send(snapshotDom(parse(page(5))), 'v5')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Too many'),
    });
    // Another tab is not held back by this one.
    expect(await send(snapshotDom(parse(page(6))), 'w', tabAt(URL, 77_777))).toMatchObject({ ok: true });
    now += 1000;
    expect(await send(snapshotDom(parse(page(7))), 'v7')).toMatchObject({ ok: true });
    expect(await send(snapshotDom(parse(page(8))), 'v8')).toMatchObject({ ok: false });
  });

  test.each([
    [{ type: 'getOverview', payload: {} }, true],
    [{ type: 'getLogins', payload: {} }, true],
    [{ type: 'exportBackup', payload: {} }, true],
    [{ type: 'exportBackupChunk', payload: {} }, true],
    [{ type: 'recordPage', payload: {} }, false],
    [{ type: 'setWarningState', payload: {} }, false],
    [{ type: 'importBackupChunk', payload: {} }, false],
    [{ type: 'importBackupCommit', payload: {} }, false],
    [{ type: '__proto__' }, false],
    ['getOverview', false],
  ])('%j skips the worker queue: %s', (message, expected) => {
    expect(isReadOnlyMessage(message)).toBe(expected);
  });
});
