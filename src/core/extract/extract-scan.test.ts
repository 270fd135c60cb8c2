// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ExtractedScan } from '../types';
import { isRevokeControl } from './cells';
import { build, page as randomPage } from './dom-test-helpers';
import { extractScan } from './extract-scan';
import { isRevokeText } from './fields';
import { controlLabel } from './page-node';

const NOW = Date.parse('2026-04-14T15:00:00Z');
const URL = 'https://exchange.example/security';

function page(body: string, lang = 'en'): Document {
  return new DOMParser().parseFromString(
    `<!doctype html><html lang="${lang}"><body>${body}</body></html>`,
    'text/html',
  );
}

function scan(body: string, lang = 'en'): ExtractedScan {
  return extractScan(page(body, lang), { url: URL, now: NOW, timeZone: 'UTC' });
}

const DEVICE_HEAD = '<tr><th>Device</th><th>IP Address</th><th>Location</th><th>Last Active</th><th>Action</th></tr>';
const row = (device: string, ip: string, extra = '<button>Remove</button>') =>
  `<tr><td>${device}</td><td>${ip}</td><td>Paris, FR</td><td>5 minutes ago</td><td>${extra}</td></tr>`;

describe('decoy labels next to a real table', () => {
  // Found by the random-surroundings property: a wrapped row of labels just before a table claimed the
  // table as its body and read thead/tbody as two rows without IPs.
  test('a wrapped label row before a table does not swallow the table', () => {
    const doc = page(
      `<div></div><div></div><div></div><div><div><div></div><div>Status</div><div>Device</div></div></div><table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome on Windows', '192.0.2.1')}${row('Safari on iOS', '192.0.2.2')}</tbody></table>`,
    );
    const s = extractScan(doc.body, { url: URL, now: NOW });
    expect(s.sessions.map((x) => x.ip)).toEqual(['192.0.2.1', '192.0.2.2']);
  });
});

describe('collections in any shape', () => {
  // Each layout carries the same two sessions; the extractor must find both in every one.
  test.each([
    [
      'table with thead',
      `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome on Windows', '192.0.2.1')}${row('Safari on iOS', '192.0.2.2')}</tbody></table>`,
    ],
    [
      'table with td headers in the first row',
      `<table><tr><td>Device</td><td>IP</td><td>Last active</td></tr><tr><td>Chrome on Windows</td><td>192.0.2.1</td><td>5 minutes ago</td></tr><tr><td>Safari on iOS</td><td>192.0.2.2</td><td>5 minutes ago</td></tr></table>`,
    ],
    [
      'ARIA grid',
      `<div role="grid"><div role="row"><span role="columnheader">Device</span><span role="columnheader">IP</span><span role="columnheader">Last active</span></div><div role="row"><span role="gridcell">Chrome on Windows</span><span role="gridcell">192.0.2.1</span><span role="gridcell">5 minutes ago</span></div><div role="row"><span role="gridcell">Safari on iOS</span><span role="gridcell">192.0.2.2</span><span role="gridcell">5 minutes ago</span></div></div>`,
    ],
    [
      'div rows under a header row',
      `<div class="list"><div class="head"><div>Device</div><div>IP</div><div>Last active</div></div><div class="r"><div>Chrome on Windows</div><div>192.0.2.1</div><div>5 minutes ago</div></div><div class="r"><div>Safari on iOS</div><div>192.0.2.2</div><div>5 minutes ago</div></div></div>`,
    ],
    [
      'header row in its own wrapper',
      `<div class="t"><div class="thead"><div class="tr"><span>Device</span><span>IP</span><span>Last active</span></div></div><div class="tbody"><div class="tr"><span>Chrome on Windows</span><span>192.0.2.1</span><span>5 minutes ago</span></div><div class="tr"><span>Safari on iOS</span><span>192.0.2.2</span><span>5 minutes ago</span></div></div></div>`,
    ],
    [
      'list items with "Label: value" lines',
      `<h2>Active sessions</h2><ul><li><div>Device: Chrome on Windows</div><div>IP: 192.0.2.1</div><div>Last active: 5 minutes ago</div></li><li><div>Device: Safari on iOS</div><div>IP: 192.0.2.2</div><div>Last active: 5 minutes ago</div></li></ul>`,
    ],
    [
      'cards with dt/dd',
      `<h2>Devices</h2><div><section class="card"><h3>Chrome on Windows</h3><dl><dt>IP address</dt><dd>192.0.2.1</dd><dt>Last accessed</dt><dd>5 minutes ago</dd></dl></section><section class="card"><h3>Safari on iOS</h3><dl><dt>IP address</dt><dd>192.0.2.2</dd><dt>Last accessed</dt><dd>5 minutes ago</dd></dl></section></div>`,
    ],
    [
      'cards with label spans',
      `<h2>Sessions</h2><div><div class="c"><div><span class="k">Device</span><span class="v">Chrome on Windows</span></div><div><span class="k">IP</span><span class="v">192.0.2.1</span></div></div><div class="c"><div><span class="k">Device</span><span class="v">Safari on iOS</span></div><div><span class="k">IP</span><span class="v">192.0.2.2</span></div></div></div>`,
    ],
    [
      'icon + text cards without labels',
      `<h2>Where you're signed in</h2><div><div class="c"><svg></svg><p>Chrome on Windows</p><p>192.0.2.1 · Paris, FR · 5 minutes ago</p></div><div class="c"><svg></svg><p>Safari on iOS</p><p>192.0.2.2 · Lyon, FR · 2 hours ago</p></div></div>`,
    ],
    [
      'a table without any header row',
      `<table><tr><td>Chrome on Windows</td><td>192.0.2.1</td><td>5 minutes ago</td></tr><tr><td>Safari on iOS</td><td>192.0.2.2</td><td>5 minutes ago</td></tr></table>`,
    ],
  ])('%s', (_name, body) => {
    const result = scan(body);
    expect(result.hasSessionList).toBe(true);
    expect(result.sessions.map((s) => [s.device, s.ip])).toEqual([
      ['Chrome on Windows', '192.0.2.1'],
      ['Safari on iOS', '192.0.2.2'],
    ]);
  });

  test('a single session card is still a list of one', () => {
    const result = scan(
      `<h2>Active sessions</h2><div class="card"><p>Chrome 124 on macOS</p><p>IP: 203.0.113.9</p><p>Last active: just now</p></div>`,
    );
    expect(result.sessions).toEqual([
      { device: 'Chrome 124 on macOS', ip: '203.0.113.9', lastActive: NOW, isCurrent: false, kind: 'web' },
    ]);
  });

  test('works on an element or a fragment as well as on a document', () => {
    const body = `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome on Windows', '192.0.2.1')}</tbody></table>`;
    const doc = page(`<main>${body}</main>`);
    expect(extractScan(doc.querySelector('main')!, { url: URL, now: NOW }).sessions).toHaveLength(1);
    const fragment = doc.createRange().createContextualFragment(body);
    expect(extractScan(fragment, { url: URL, now: NOW }).sessions).toHaveLength(1);
  });
});

describe('sessions versus logins versus neither', () => {
  test('a table with time + outcome + 2FA columns is a login history', () => {
    const result = scan(
      `<table><tr><th>Date</th><th>IP</th><th>Status</th><th>2FA Method</th></tr><tr><td>2026-04-14 14:02 UTC</td><td>192.0.2.1</td><td>Failed</td><td>SMS</td></tr></table>`,
    );
    expect(result).toMatchObject({ hasSessionList: false, hasLoginList: true });
    expect(result.logins).toEqual([
      { device: '', time: Date.parse('2026-04-14T14:02:00Z'), ip: '192.0.2.1', outcome: 'failed', secondFactor: 'sms' },
    ]);
  });

  test('the heading decides when the columns do not', () => {
    const table = `<table><tr><th>Time</th><th>Device</th><th>IP</th></tr><tr><td>2026-04-14 14:02</td><td>Chrome</td><td>192.0.2.1</td></tr></table>`;
    expect(scan(`<h2>Login history</h2>${table}`).logins).toHaveLength(1);
    expect(scan(`<h2>Active sessions</h2>${table}`).sessions).toHaveLength(1);
  });

  test.each([
    [
      'prices',
      '<table><tr><th>Pair</th><th>Last Price</th><th>24h Change</th></tr><tr><td>BTC/USDT</td><td>64,000</td><td>+1%</td></tr></table>',
    ],
    [
      'API keys with IP whitelists',
      '<table><tr><th>Label</th><th>API Key</th><th>IP whitelist</th><th>Created</th><th>Action</th></tr><tr><td>Bot</td><td>k3…</td><td>192.0.2.10</td><td>2026-01-20</td><td><button>Delete</button></td></tr></table>',
    ],
    [
      'balances',
      '<table><tr><th>Coin</th><th>Balance</th><th>Available</th></tr><tr><td>USDT</td><td>100</td><td>100</td></tr></table>',
    ],
    [
      'navigation',
      '<nav><a href="/devices">Devices</a> <a href="/security">Security</a> <a href="/history">Login history</a></nav>',
    ],
    ['prose', '<p>Chrome on Windows is a browser. 192.0.2.1 is an address from the documentation range.</p>'],
  ])('%s are no list', (_name, body) => {
    expect(scan(body)).toMatchObject({ hasSessionList: false, hasLoginList: false, sessions: [], logins: [] });
  });

  test('a list with only a header or an empty-state row is present with zero rows', () => {
    expect(scan(`<table><thead>${DEVICE_HEAD}</thead><tbody></tbody></table>`)).toMatchObject({
      hasSessionList: true,
      sessions: [],
    });
    expect(
      scan(`<table><thead>${DEVICE_HEAD}</thead><tbody><tr><td colspan="5">No records</td></tr></tbody></table>`),
    ).toMatchObject({ hasSessionList: true, sessions: [] });
  });

  test('header repeats, empty states and pagers never become rows', () => {
    const result = scan(
      `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome on Windows', '192.0.2.1')}${DEVICE_HEAD}<tr><td>No data</td><td></td><td></td><td></td><td></td></tr><tr><td colspan="5"><a href="?p=2">Next</a></td></tr></tbody><tfoot><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr></tfoot></table>`,
    );
    expect(result.sessions.map((s) => s.device)).toEqual(['Chrome on Windows']);
  });
});

describe('fields', () => {
  test('masked and missing IPs, placeholders and a user agent from a tooltip', () => {
    const result = scan(
      `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('<span title="Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0">Chrome on Windows</span>', '203.0.*.*')}<tr><td>Safari on iOS</td><td>—</td><td>Unknown</td><td>-</td><td><button>Remove</button></td></tr></tbody></table>`,
    );
    expect(result.sessions[0]).toMatchObject({
      ip: '203.0.*.*',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0',
    });
    expect(result.sessions[1]).toEqual({ device: 'Safari on iOS', isCurrent: false, kind: 'web' });
  });

  test('a <time datetime> wins over its text', () => {
    const result = scan(
      `<table><thead>${DEVICE_HEAD}</thead><tbody><tr><td>Chrome</td><td>192.0.2.1</td><td></td><td><time datetime="2026-04-14T10:00:00Z">3 hours ago</time></td><td></td></tr></tbody></table>`,
    );
    expect(result.sessions[0]?.lastActive).toBe(Date.parse('2026-04-14T10:00:00Z'));
  });

  test('the page language decides 04/05/2026', () => {
    const body = `<table><tr><th>Date</th><th>IP</th><th>Result</th></tr><tr><td>04/05/2026 10:00</td><td>192.0.2.1</td><td>Success</td></tr></table>`;
    expect(scan(body, 'en-US').logins[0]?.time).toBe(Date.parse('2026-04-05T10:00:00Z'));
    expect(scan(body, 'fr').logins[0]?.time).toBe(Date.parse('2026-05-04T10:00:00Z'));
  });

  test('first login and last activity from unlabeled times in a card', () => {
    const result = scan(
      `<h2>Sessions</h2><div><div class="c"><p>Chrome on Windows</p><p>192.0.2.1</p><p>2026-04-01 09:00 UTC</p><p>2 hours ago</p></div><div class="c"><p>Safari on iOS</p><p>192.0.2.2</p><p>yesterday 10:00</p></div></div>`,
    );
    expect(result.sessions[0]).toMatchObject({
      firstSeen: Date.parse('2026-04-01T09:00:00Z'),
      lastActive: NOW - 7_200_000,
    });
    expect(result.sessions[1]).toMatchObject({ lastActive: Date.parse('2026-04-13T10:00:00Z') });
    expect(result.sessions[1]?.firstSeen).toBeUndefined();
  });

  test('strings are capped at 500 characters and invisible characters removed', () => {
    const long = `Chrome\u200b on \u202eWindows ${'x'.repeat(5000)}`;
    const result = scan(`<table><thead>${DEVICE_HEAD}</thead><tbody>${row(long, '192.0.2.1')}</tbody></table>`);
    const device = result.sessions[0]!.device;
    expect(device.length).toBeLessThanOrEqual(500);
    expect(device.startsWith('Chrome on Windows')).toBe(true);
  });

  test('markup-looking text stays text', () => {
    const result = scan(
      `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('&lt;img src=x onerror=alert(1)&gt; Chrome', '192.0.2.1')}</tbody></table>`,
    );
    expect(result.sessions[0]?.device).toBe('<img src=x onerror=alert(1)> Chrome');
  });
});

describe('the current session', () => {
  const table = (rows: string) => `<table><thead>${DEVICE_HEAD}</thead><tbody>${rows}</tbody></table>`;
  const current = (r: ExtractedScan) => r.sessions.map((s) => s.isCurrent);

  test.each([
    ['a "This device" badge', row('Chrome <span class="badge">This device</span>', '192.0.2.1', '')],
    ['a localized badge', row('Chrome <em>当前设备</em>', '192.0.2.1', '')],
    ['a current class on the row', row('Chrome', '192.0.2.1').replace('<tr>', '<tr class="is-current">')],
  ])('%s', (_name, first) => {
    expect(current(scan(table(`${first}${row('Safari', '192.0.2.2')}`)))).toEqual([true, false]);
  });

  test('the badge words do not stay in the device name', () => {
    expect(scan(table(row('Chrome 124 <span>Current session</span>', '192.0.2.1'))).sessions[0]?.device).toBe(
      'Chrome 124',
    );
  });

  test('the one row without a revoke button, when all others have one', () => {
    expect(
      current(scan(table(`${row('Safari', '192.0.2.2')}${row('Chrome', '192.0.2.1', '')}${row('Edge', '192.0.2.3')}`))),
    ).toEqual([false, true, false]);
    // Two rows without one: nothing can be concluded.
    expect(
      current(
        scan(table(`${row('Safari', '192.0.2.2', '')}${row('Chrome', '192.0.2.1', '')}${row('Edge', '192.0.2.3')}`)),
      ),
    ).toEqual([false, false, false]);
  });

  test('a lone green dot marks it, a dot on every row does not', () => {
    const card = (dot: string, device: string, ip: string) =>
      `<li><i class="fa fa-circle ${dot}"></i> ${device}<ul><li>IP: ${ip}</li></ul></li>`;
    const one = scan(
      `<h2>Sessions</h2><ul>${card('text-success', 'Chrome on Linux', '192.0.2.1')}${card('text-muted', 'Safari on iOS', '192.0.2.2')}</ul>`,
    );
    expect(current(one)).toEqual([true, false]);
    const all = scan(
      `<h2>Sessions</h2><ul>${card('text-success', 'Chrome on Linux', '192.0.2.1')}${card('text-success', 'Safari on iOS', '192.0.2.2')}</ul>`,
    );
    expect(current(all)).toEqual([false, false]);
  });

  test('"active now" on one row marks it; on two rows it marks neither', () => {
    const r = (t: string, d: string) =>
      `<tr><td>${d}</td><td>192.0.2.1</td><td></td><td>${t}</td><td><button>Remove</button></td></tr>`;
    expect(current(scan(table(`${r('Active now', 'Chrome')}${r('2 hours ago', 'Safari')}`)))).toEqual([true, false]);
    expect(current(scan(table(`${r('Active now', 'Chrome')}${r('Active now', 'Safari')}`)))).toEqual([false, false]);
  });
});

describe('accountHint', () => {
  const list = `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome', '192.0.2.1')}</tbody></table>`;
  test.each([
    ['<div>UID: 38451092</div>', '38451092'],
    ['<div>User ID <b>38451092</b></div>', '38451092'],
    ['<div>用户ID：71920384</div>', '71920384'],
    ['<div data-uid="55012">Profile</div>', '55012'],
    ['<span>ja***@gmail.com</span>', 'ja***@gmail.com'],
    ['<span>+86 138****5521</span>', '+86 138****5521'],
    ['<span>Welcome back</span>', undefined],
  ])('%s', (header, hint) => {
    expect(scan(`<header>${header}</header>${list}`).accountHint).toBe(hint);
  });
});

describe('accountHint beside rows read as records', () => {
  // The rows of a list are kept as a list and put in the records only when a hint stands beside them: a hint inside a
  // row is still the row's text, wherever the rows stand, and one outside every row is still the page's.
  const cells = (uid: string) =>
    `<td>Chrome ${uid}</td><td>192.0.2.9</td><td>Paris, FR</td><td>5 minutes ago</td><td></td>`;
  const table = (body: string, foot = '') => `<table><thead>${DEVICE_HEAD}</thead>${body}${foot}</table>`;
  test.each([
    ['a row', table(`<tbody>${row('Chrome', '192.0.2.1')}<tr>${cells('UID: 22222222')}</tr></tbody>`), undefined],
    [
      'a row of a second body',
      table(`<tbody>${row('Chrome', '192.0.2.1')}</tbody><tbody><tr>${cells('<b>UID: 22222222</b>')}</tr></tbody>`),
      undefined,
    ],
    [
      'a line beside div rows, before their header row',
      '<div><p>UID: 33333333</p><div><span>Device</span><span>IP</span><span>Last active</span></div>' +
        '<div><span>Chrome</span><span>192.0.2.1</span><span>5 minutes ago</span></div>' +
        '<div><span>Safari</span><span>192.0.2.2</span><span>5 minutes ago</span></div></div>',
      '33333333',
    ],
    [
      'div rows under a header row',
      '<div><div><span>Device</span><span>IP</span><span>Last active</span></div>' +
        '<div><span>Chrome UID: 22222222</span><span>192.0.2.1</span><span>5 minutes ago</span></div>' +
        '<div><span>Safari</span><span>192.0.2.2</span><span>5 minutes ago</span></div></div>',
      undefined,
    ],
    [
      'forty tables',
      Array.from({ length: 40 }, (_, i) => table(`<tbody><tr>${cells(`UID: 2222${1000 + i}`)}</tr></tbody>`)).join(''),
      undefined,
    ],
  ])('%s', (_, list, hint) => {
    expect(scan(list).accountHint).toBe(hint);
    expect(scan(`<header>UID: 11111111</header>${list}`).accountHint).toBe('11111111');
    expect(scan(`${list}<footer><p>UID: 44444444</p></footer>`).accountHint).toBe(hint ?? '44444444');
  });
});

describe('bounds', () => {
  function bigTable(rows: number): Document {
    const body: string[] = [];
    for (let i = 0; i < rows; i++)
      body.push(
        `<tr><td>Chrome 126 on Windows 10</td><td>198.18.${i >> 8}.${i & 255}</td><td>Paris, FR</td><td>2026-04-14 ${String(i % 24).padStart(2, '0')}:00 UTC</td><td>Offline</td><td><button>Remove</button></td></tr>`,
      );
    return page(`<h2>Active Devices</h2><table><thead>${DEVICE_HEAD}</thead><tbody>${body.join('')}</tbody></table>`);
  }

  test('at most 2,000 rows per list', () => {
    expect(extractScan(bigTable(2500), { url: URL, now: NOW }).sessions).toHaveLength(2000);
  });

  // Its speed is measured by `npm run bench` (real Chromium), not asserted here: timings in tests flake.
  test('a 1,000-row table is read whole', () => {
    const doc = bigTable(1000);
    expect(extractScan(doc, { url: URL, now: NOW }).sessions).toHaveLength(1000);
  });
});

describe('properties', () => {
  const TAGS = [
    'div',
    'span',
    'p',
    'li',
    'ul',
    'table',
    'tr',
    'td',
    'th',
    'dl',
    'dt',
    'dd',
    'h2',
    'button',
    'a',
    'time',
    'section',
  ];
  const WORDS = [
    'Device',
    'IP',
    'Last active',
    'Chrome on Windows',
    '192.0.2.7',
    '5 minutes ago',
    'Online',
    'Remove',
    'This device',
    'Paris, FR',
    'Status',
    'Login history',
    ':',
    '·',
  ];
  interface Node {
    tag: string;
    kids: (Node | string)[];
  }
  const { node } = fc.letrec<{ node: Node; child: Node | string }>((tie) => ({
    node: fc.record({ tag: fc.constantFrom(...TAGS), kids: fc.array(tie('child'), { maxLength: 5 }) }),
    child: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...WORDS), fc.string({ maxLength: 12 }), tie('node')),
  }));
  const build = (doc: Document, n: Node): Element => {
    const el = doc.createElement(n.tag);
    for (const k of n.kids) el.append(typeof k === 'string' ? doc.createTextNode(k) : build(doc, k));
    return el;
  };

  test('random DOM: never throws, stays fast, and every string stays within its cap', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 6 }), (nodes) => {
        const doc = document.implementation.createHTMLDocument('');
        for (const n of nodes) doc.body.append(build(doc, n));
        const t = performance.now();
        const result = extractScan(doc.body, { url: URL, now: NOW, timeZone: 'Europe/Berlin' });
        expect(performance.now() - t).toBeLessThan(500);
        for (const s of [...result.sessions, ...result.logins]) {
          expect(s.device.length).toBeLessThanOrEqual(500);
          expect((s.location ?? '').length).toBeLessThanOrEqual(500);
        }
        expect(result.sessions.length + result.logins.length).toBeLessThanOrEqual(4000);
      }),
      { numRuns: 300 },
    );
  });

  test('a known session table is found whatever random content surrounds it', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 4 }), fc.array(node, { maxLength: 4 }), (before, after) => {
        const doc = page(
          `<table><thead>${DEVICE_HEAD}</thead><tbody>${row('Chrome on Windows', '192.0.2.1')}${row('Safari on iOS', '192.0.2.2')}</tbody></table>`,
        );
        const table = doc.querySelector('table')!;
        for (const n of before) doc.body.insertBefore(build(doc, n), table);
        for (const n of after) doc.body.append(build(doc, n));
        const ips = extractScan(doc.body, { url: URL, now: NOW }).sessions.map((s) => s.ip);
        expect(ips).toEqual(expect.arrayContaining(['192.0.2.1', '192.0.2.2']));
      }),
      { numRuns: 200 },
    );
  });
});

describe('card lines that carry several values', () => {
  const CARDS = `<section><h3>Login history</h3><ul>
    <li><div><span>3 minutes ago</span> <span>Successful</span></div><div>IP: 185.220.101.4 · Berlin, DE</div><div>Safari on iPhone · Google Authenticator</div></li>
    <li><div><span>Yesterday, 03:14</span> <span>Failed</span></div><div>IP: 45.133.1.9 · Amsterdam, Netherlands</div><div>Chrome on Windows 10 · SMS</div></li>
  </ul></section>`;

  test('a time and an outcome side by side in separate elements are both read', () => {
    const s = scan(CARDS);
    expect(s.logins.map((l) => [l.time, l.outcome])).toEqual([
      [NOW - 3 * 60_000, 'success'],
      [Date.parse('2026-04-13T03:14:00Z'), 'failed'],
    ]);
  });

  test('"IP: address · place" gives the address and the place', () => {
    const s = scan(CARDS);
    expect(s.logins.map((l) => [l.ip, l.location])).toEqual([
      ['185.220.101.4', 'Berlin, DE'],
      ['45.133.1.9', 'Amsterdam, Netherlands'],
    ]);
  });

  test('a device split across elements stays one device', () => {
    const s = scan(
      `<ul><li><div><b>Chrome</b> <span>Windows 11</span></div><div>IP: 192.0.2.7</div><div>Paris, FR</div></li><li><div><b>Safari</b> <span>macOS</span></div><div>IP: 192.0.2.8</div><div>Lyon, FR</div></li></ul>`,
    );
    expect(s.sessions.map((x) => [x.device, x.ip])).toEqual([
      ['Chrome Windows 11', '192.0.2.7'],
      ['Safari macOS', '192.0.2.8'],
    ]);
  });
});

describe('a zone stated in a label', () => {
  const read = (body: string) => extractScan(page(body), { url: URL, now: NOW, timeZone: 'Asia/Tokyo' });

  test('"Date (UTC)" over a column: its times are UTC, not the browser zone', () => {
    const s = read(
      `<table><thead><tr><th>Date (UTC)</th><th>IP Address</th><th>Location</th><th>Status</th></tr></thead><tbody><tr><td>2026-04-14 03:12:45</td><td>192.0.2.1</td><td>Lagos, Nigeria</td><td>Failed</td></tr><tr><td>2026-04-13 18:22:01</td><td>192.0.2.2</td><td>Paris, France</td><td>Success</td></tr></tbody></table>`,
    );
    expect(s.logins.map((l) => l.time)).toEqual([
      Date.parse('2026-04-14T03:12:45Z'),
      Date.parse('2026-04-13T18:22:01Z'),
    ]);
  });

  test('"Time (UTC+8): …" on a card line is read at +08:00', () => {
    const s = read(
      `<ul><li><div>Time (UTC+8): 2026-04-14 11:00</div><div>IP: 192.0.2.1</div><div>Status: Success</div></li><li><div>Time (UTC+8): 2026-04-13 09:30</div><div>IP: 192.0.2.2</div><div>Status: Failed</div></li></ul>`,
    );
    expect(s.logins.map((l) => l.time)).toEqual([
      Date.parse('2026-04-14T03:00:00Z'),
      Date.parse('2026-04-13T01:30:00Z'),
    ]);
  });

  test('without a zone in the label, the browser zone applies', () => {
    const s = read(
      `<table><thead><tr><th>Date</th><th>IP Address</th><th>Status</th></tr></thead><tbody><tr><td>2026-04-14 09:00</td><td>192.0.2.1</td><td>Failed</td></tr></tbody></table>`,
    );
    expect(s.logins.map((l) => l.time)).toEqual([Date.parse('2026-04-14T00:00:00Z')]);
  });
});

describe('cards titled by a device name, with browser · OS on a line of their own', () => {
  const card = (title: string, client: string, place: string, ip: string, when: string, badge = '') =>
    `<div class="card"><div class="hd"><svg></svg><h4>${title}</h4>${badge}</div><p>${client}</p><p>${place} · ${ip}</p><p>${when}</p><button aria-label="Log out ${title}">Log out</button></div>`;

  test('every card is one session with its title, client, place, address and time', () => {
    const s = scan(
      `<h2>Where you're logged in</h2><div class="grid">${card('Windows PC', 'Chrome 131 · Windows 11', '🇺🇸 New York, United States', '192.0.2.10', 'Active now', '<span>This device</span>')}${card('iPhone 15', 'Binance App 2.91.0 · iOS 18.1', 'Newark, United States', '192.0.2.20', 'Last active Apr 13, 2026 at 11:04 PM')}${card('Linux', 'HeadlessChrome 120 · Linux x86_64', 'Amsterdam, Netherlands', '198.51.100.33', 'Last active Apr 14, 2026 at 3:02 AM')}</div>`,
    );
    expect(s.sessions.map((x) => [x.device, x.ip, x.isCurrent, x.lastActive])).toEqual([
      ['Windows PC · Chrome 131 · Windows 11', '192.0.2.10', true, NOW],
      ['iPhone 15 · Binance App 2.91.0 · iOS 18.1', '192.0.2.20', false, Date.parse('2026-04-13T23:04:00Z')],
      ['Linux · HeadlessChrome 120 · Linux x86_64', '198.51.100.33', false, Date.parse('2026-04-14T03:02:00Z')],
    ]);
  });
});

describe('a result told by an icon alone', () => {
  const table = (a: string, b: string) =>
    `<h3>Login Activity</h3><table><thead><tr><th>Date</th><th>Device</th><th>IP Address</th><th>Status</th></tr></thead><tbody><tr><td>2026-04-14 02:00</td><td>Chrome on Linux</td><td>192.0.2.4</td><td>${a}</td></tr><tr><td>2026-04-13 10:00</td><td>Chrome on Windows</td><td>192.0.2.5</td><td>${b}</td></tr></tbody></table>`;

  test("by the icon's class", () => {
    const s = scan(table('<i class="icon icon-error"></i>', '<i class="icon icon-success"></i>'));
    expect(s.logins.map((l) => l.outcome)).toEqual(['failed', 'success']);
  });

  test("by the icon's label", () => {
    const s = scan(table('<svg aria-label="Failed"></svg>', '<img alt="Successful" src="ok.png">'));
    expect(s.logins.map((l) => l.outcome)).toEqual(['failed', 'success']);
  });

  test('green dots in a device list still mean online sessions', () => {
    const s = scan(
      `<h3>Active devices</h3><table><thead><tr><th>Device</th><th>IP Address</th><th>Status</th></tr></thead><tbody><tr><td>Chrome on Linux</td><td>192.0.2.4</td><td><i class="dot status-success"></i></td></tr><tr><td>Safari on iOS</td><td>192.0.2.5</td><td><i class="dot status-offline"></i></td></tr></tbody></table>`,
    );
    expect(s.logins).toEqual([]);
    expect(s.sessions.map((x) => x.status)).toEqual(['online', 'offline']);
  });
});

describe('a table of divs: a header row, then a body element holding the rows', () => {
  const r = (device: string, ip: string, extra = '') =>
    `<div class="tr"><div class="td"><div>${device}</div>${extra}</div><div class="td">2026-04-14 09:12:33</div><div class="td">${ip}</div><div class="td">Paris, France</div><div class="td"><div role="button">Remove</div></div></div>`;
  const head =
    '<div class="thead"><div>Device</div><div>Login time</div><div>IP address</div><div>Location</div><div>Action</div></div>';

  test.each([1, 3, 4, 5, 6])('%i rows are read as rows, each with its own cells', (n) => {
    const rows = Array.from({ length: n }, (_, i) =>
      r(`Chrome V13${i}.0.0.0 (Mac OS)`, `192.0.2.${i + 1}`, i === 0 ? '<div class="tag">Current device</div>' : ''),
    ).join('');
    const s = scan(`<h3>Devices</h3><div class="table">${head}<div class="tbody">${rows}</div></div>`);
    expect(s.sessions.map((x) => [x.device, x.ip, x.location])).toEqual(
      Array.from({ length: n }, (_, i) => [`Chrome V13${i}.0.0.0 (Mac OS)`, `192.0.2.${i + 1}`, 'Paris, France']),
    );
    expect(s.sessions[0]?.isCurrent).toBe(true);
  });
});

describe('list rows titled by their place', () => {
  const item = (place: string, client: string, day: string, badge = '') =>
    `<li class="Box-row"><div><svg></svg><div><strong>${place}</strong> ${badge}</div><div>${client}</div><div>Last accessed on ${day}</div></div><a class="btn" href="/s/1">See more</a></li>`;

  test('"Your current session" leaves no word behind, and "Unknown location" labels nothing', () => {
    const s = scan(
      `<h3>Web sessions</h3><ul>${item('Brooklyn, NY, United States', 'Chrome on macOS', 'Apr 14, 2026', '<span class="Label">Your current session</span>')}${item('Lagos, LA, Nigeria', 'Firefox on Windows', 'Apr 13, 2026')}${item('Unknown location', 'Mobile app on iOS', 'Apr 12, 2026')}</ul>`,
    );
    expect(s.sessions.map((x) => [x.device, x.location, x.isCurrent])).toEqual([
      ['Chrome on macOS', 'Brooklyn, NY, United States', true],
      ['Firefox on Windows', 'Lagos, LA, Nigeria', false],
      ['Mobile app on iOS', undefined, false],
    ]);
  });
});

describe('a "Login method" column', () => {
  test('names the second factor when it is not a client kind', () => {
    const s = scan(
      `<h2>Login records</h2><table><thead><tr><th>Login Time</th><th>Login IP</th><th>Login method</th><th>Status</th></tr></thead><tbody><tr><td>2026-04-14 02:55:10</td><td>192.0.2.4</td><td>Password + Email code</td><td>Success</td></tr><tr><td>2026-04-13 08:01:44</td><td>192.0.2.5</td><td>Passkey</td><td>Success</td></tr><tr><td>2026-04-12 08:01:44</td><td>192.0.2.6</td><td>App</td><td>Success</td></tr></tbody></table>`,
    );
    expect(s.logins.map((l) => [l.secondFactor, l.kind])).toEqual([
      ['email', undefined],
      ['passkey', undefined],
      [undefined, 'app'],
    ]);
  });
});

describe('a security-activity log beside the login history', () => {
  const page = `<h3>Security Activity</h3><table><thead><tr><th>Date</th><th>Operation</th><th>Device</th><th>IP Address</th><th>Location</th></tr></thead><tbody><tr><td>2026-04-13 10:00:00</td><td>Change password</td><td>Chrome (Windows)</td><td>192.0.2.4</td><td>Paris, France</td></tr><tr><td>2026-04-12 10:00:00</td><td>Enable Google Authenticator</td><td>Chrome (Windows)</td><td>192.0.2.4</td><td>Paris, France</td></tr><tr><td>2026-04-11 10:00:00</td><td>修改登录密码</td><td>Chrome (Windows)</td><td>192.0.2.4</td><td>Paris, France</td></tr></tbody></table>
    <h3>Login Activity</h3><table><thead><tr><th>Date</th><th>Device</th><th>IP Address</th><th>Status</th></tr></thead><tbody><tr><td>2026-04-14 02:00:00</td><td>Firefox (Linux)</td><td>198.51.100.4</td><td>Failed</td></tr></tbody></table>`;

  test('its events are not read as sign-ins; the login table is', () => {
    const s = scan(page);
    expect(s.logins.map((l) => l.ip)).toEqual(['198.51.100.4']);
  });

  test('a device list whose "Operation" column holds its remove buttons is still read', () => {
    const s = scan(
      `<table><thead><tr><th>Device</th><th>IP Address</th><th>Operation</th></tr></thead><tbody><tr><td>Chrome on Windows</td><td>192.0.2.1</td><td><button>Delete</button></td></tr><tr><td>Safari on iOS</td><td>192.0.2.2</td><td><a href="#">Remove device</a></td></tr></tbody></table>`,
    );
    expect(s.sessions.map((x) => x.ip)).toEqual(['192.0.2.1', '192.0.2.2']);
  });
});

test('a control is asked whether it revokes as its whole label would be, with or without label attributes', () => {
  const controls = [
    '<button>Remove</button>',
    '<button type="button">Remove</button>',
    '<button aria-label="Details">Remove</button>',
    '<button title="Log out">Chrome</button>',
    '<input type="button" value="Sign out">',
    '<a href="#">Remove</a>',
    '<a href="#" aria-label="Remove this device"></a>',
    '<button>Details</button>',
    '<button><span>Log</span> out</button>',
  ];
  for (const html of controls) {
    document.body.innerHTML = html;
    const e = document.body.firstElementChild!;
    // Twice: the second answer is the kept one.
    expect(isRevokeControl(e)).toBe(isRevokeText(controlLabel(e)));
    expect(isRevokeControl(e)).toBe(isRevokeText(controlLabel(e)));
  }
});

describe('lines a barrier holds', () => {
  // Random pages whose boxes are often barriers (nav, main, footer, aside, body-like regions), with runs of inline
  // text beside them: what a barrier's own lines say is passed over, and the reading is the one that reads them all.
  const BARRIERS = ['nav', 'main', 'footer', 'aside', 'header'];
  type Spec = { tag: string; attrs: [string, string][]; kids: (Spec | string)[] };
  const retag = (spec: Spec, i = 0): Spec => ({
    ...spec,
    tag:
      (spec.tag === 'div' || spec.tag === 'section' || spec.tag === 'ul') && i % 2 === 0 ? BARRIERS[i % 5]! : spec.tag,
    kids: spec.kids.map((k, j) => (typeof k === 'string' ? k : retag(k, i + j + 1))),
  });
  const opts = { url: 'https://www.binance.com/en/my/security/device-management', now: Date.UTC(2026, 3, 14, 15) };

  test('on random pages, the reading is the one that sums every line', () => {
    fc.assert(
      fc.property(randomPage, ({ head, row, copies, tail }) => {
        const doc = document.implementation.createHTMLDocument('');
        const list = doc.createElement(copies % 2 ? 'main' : 'div');
        for (let i = 0; i < copies; i++) {
          list.append(build(doc, retag(row as Spec, i)));
          if (i % 3 === 0) list.append(doc.createTextNode(`Chrome ${i} on Windows · 203.0.113.${i} · 2 hours ago`));
        }
        doc.body.append(build(doc, retag(head as Spec)), list, build(doc, retag(tail as Spec, 1)));
        expect(extractScan(doc.body, opts)).toEqual(extractScan(doc.body, { ...opts, sumEveryLine: true }));
      }),
      { numRuns: 300 },
    );
  });

  test('runs of session text directly in a nav, a main and a footer', () => {
    const doc = page(
      '<nav>Chrome on Windows · 203.0.113.7 · 2 hours ago <a>Safari</a> 198.51.100.2</nav>' +
        '<main>Device: Firefox 115 <b>IP: 203.0.113.9</b> Last active: 5 minutes ago' +
        '<div class="card">Edge on Windows 11 · 198.51.100.4 · London, GB</div>' +
        '<div class="card">Chrome on Android · 198.51.100.5 · Paris, FR</div></main>' +
        '<footer>UID: 38451092 · Online · Current session</footer>',
    );
    expect(extractScan(doc, opts)).toEqual(extractScan(doc, { ...opts, sumEveryLine: true }));
  });
});
