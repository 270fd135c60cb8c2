// @vitest-environment jsdom
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ExtractedScanSchema } from '../../shared/schemas';
import { extractScan } from './extract-scan';

// `npm run fuzz` for a long run (random seed each time).
const RUNS = Number(process.env.FUZZ_RUNS) || 100;
const URL = 'https://www.binance.com/en/my/security/device-management';
const NOW = Date.UTC(2026, 3, 14, 15);
/** Per page; a random page is at most a few hundred nodes, so this is far above a healthy extraction. */
const MAX_MS = 2000;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

const TAGS = [
  'div',
  'span',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'ul',
  'li',
  'p',
  'b',
  'h2',
  'h3',
  'button',
  'a',
  'time',
  'dl',
  'dt',
  'dd',
  'section',
  'br',
  'script',
  'template',
  'svg',
];

// Words the extractor reacts to, mixed with hostile text: labels, values, markers, controls, long runs.
const WORDS = [
  'Device',
  'IP Address',
  'IP',
  'Location',
  'Last Active',
  'Status',
  'Date',
  '2FA Method',
  'Login History',
  'Active Devices',
  'Device Management',
  'Chrome 126 on macOS 14.5',
  'iPhone 15 Pro · iOS 17.4',
  'Binance APP 2.84.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36',
  '203.0.113.42',
  '2001:db8::1',
  '198.51.100.7:443',
  'Hong Kong, HK',
  'Frankfurt, DE',
  '2026-04-14 14:12 UTC',
  '5 minutes ago',
  'yesterday',
  '1713100000',
  'Online',
  'Offline',
  'Success',
  'Failed',
  'Authenticator',
  'SMS',
  'Current device',
  'This device',
  'Remove',
  'Log out',
  'User ID: 38451092',
  'UID 1234',
  'ja***@gmail.com',
  '+1 ***1234',
  'No records',
  '—',
  '·',
  ':',
  '|',
  '<img src=x onerror=alert(1)>',
  "=cmd|' /C calc'!A0",
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '\ufeff',
  '\u0000',
  'ＩＰ：1.2.3.4',
  '设备',
  '登录时间',
  'ログイン',
  'Z'.repeat(3000),
];

const ATTRS: [string, fc.Arbitrary<string>][] = [
  ['class', fc.constantFrom('current', 'is-current', 'status-dot online', 'dot--offline', 'row', '')],
  ['role', fc.constantFrom('grid', 'table', 'row', 'cell', 'gridcell', 'columnheader', 'button')],
  ['colspan', fc.constantFrom('0', '1', '3', '99999', '-1', 'x')],
  ['data-uid', fc.constantFrom('38451092', 'x', '<b>', 'a'.repeat(100))],
  ['datetime', fc.constantFrom('2026-04-14T14:12:00Z', 'garbage', '')],
  ['title', fc.constantFrom('2026-04-14 14:12', 'Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101', 'tip')],
  ['data-time', fc.constantFrom('1713100000000', '9999999999999999', '-5')],
  ['aria-label', fc.constantFrom('Remove device', 'Log out', 'x')],
];

interface Spec {
  tag: string;
  attrs: [string, string][];
  kids: (Spec | string)[];
}

const text = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const attrs = fc.array(
  fc.constantFrom(...ATTRS).chain(([name, value]) => value.map((v): [string, string] => [name, v])),
  { maxLength: 3 },
);
const { node } = fc.letrec<{ node: Spec; child: Spec | string }>((tie) => ({
  node: fc.record({
    tag: fc.constantFrom(...TAGS),
    attrs,
    kids: fc.array(tie('child'), { maxLength: 6 }),
  }),
  child: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, tie('node')),
}));

function build(doc: Document, spec: Spec): Element {
  const el = doc.createElement(spec.tag);
  for (const [name, value] of spec.attrs) el.setAttribute(name, value);
  for (const kid of spec.kids) el.append(typeof kid === 'string' ? doc.createTextNode(kid) : build(doc, kid));
  return el;
}

/** Repeats a row so that random pages also contain lists: several records are what the extractor looks for. */
const page = fc.record({ head: node, row: node, copies: fc.integer({ min: 0, max: 30 }), tail: node });

test('any DOM: extraction never throws, stays fast, and always yields a scan the worker accepts', () => {
  fc.assert(
    fc.property(page, ({ head, row, copies, tail }) => {
      // An inert document: random <script> elements must not run in the test's own window.
      const doc = document.implementation.createHTMLDocument('');
      const list = doc.createElement('div');
      for (let i = 0; i < copies; i++) list.append(build(doc, row));
      doc.body.append(build(doc, head), list, build(doc, tail));

      const t = performance.now();
      const scan = extractScan(doc.body, { url: URL, now: NOW });
      expect(performance.now() - t).toBeLessThan(MAX_MS);

      const parsed = ExtractedScanSchema.safeParse(scan);
      expect(parsed.error?.issues ?? []).toEqual([]);
      const strings = [
        scan.accountHint ?? '',
        ...scan.sessions.flatMap((s) => [s.device, s.ip ?? '', s.location ?? '']),
        ...scan.logins.flatMap((l) => [l.device, l.ip ?? '', l.location ?? '']),
      ];
      expect(strings.join('\n')).not.toMatch(INVISIBLE);
    }),
    { numRuns: RUNS },
  );
});

test('deep and wide pages stay bounded: depth 10,000 plus 2,000 card rows', () => {
  const doc = document.implementation.createHTMLDocument('');
  // Built inside out and never connected: jsdom's own attach steps are quadratic, then recurse past the stack.
  const root = doc.createElement('main');
  let chain = doc.createElement('div');
  for (let i = 1; i < 10_000; i++) {
    const d = doc.createElement('div');
    if (i % 50 === 0) d.textContent = `Chrome ${i} on Windows 10 203.0.113.${i % 250}`;
    d.append(chain);
    chain = d;
  }
  root.append(chain);
  const wide = doc.createElement('div');
  for (let i = 0; i < 2_000; i++) {
    const row = doc.createElement('div');
    for (const t of ['Firefox 115 on Linux', `198.51.100.${i % 250}`, 'Online']) {
      const span = doc.createElement('span');
      span.textContent = t;
      row.append(span);
    }
    wide.append(row);
  }
  root.append(wide);
  const t = performance.now();
  const scan = extractScan(root, { url: URL, now: NOW });
  const ms = performance.now() - t;
  console.log(`deep+wide extraction: ${Math.round(ms)} ms`);
  // Linear in the rows (jsdom, one machine: 5,000 rows ~2.2 s), so a quadratic regression fails here.
  expect(ms).toBeLessThan(8_000);
  expect(scan.sessions.length + scan.logins.length).toBeLessThanOrEqual(4000);
  expect(ExtractedScanSchema.safeParse(scan).success).toBe(true);
}, 60_000);
