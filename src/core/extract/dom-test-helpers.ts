// Random DOMs for property tests of the extractor (extract-scan.fuzz.test.ts, snapshot.test.ts).
import fc from 'fast-check';

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
  'API Key',
  'Permissions',
  'IP restriction',
  'Enable Withdrawals',
  'Spot & Margin Trading',
  'Unrestricted',
  'Label',
  'Coin',
  'Network',
  'Address',
  'Created',
  'k3T9…aQ2z',
  'bc1qxy2k…x0wlh',
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
  ['aria-checked', fc.constantFrom('true', 'false', 'mixed')],
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

const textOf = (spec: Spec | string): string => (typeof spec === 'string' ? spec : spec.kids.map(textOf).join(''));

/** `isParsed`: as an HTML parser builds it, a `<script>` holds only text. */
export function build(doc: Document, spec: Spec, isParsed = false): Element {
  const el = doc.createElement(spec.tag);
  for (const [name, value] of spec.attrs) el.setAttribute(name, value);
  if (isParsed && spec.tag === 'script') el.textContent = textOf(spec);
  else {
    for (const kid of spec.kids) {
      el.append(typeof kid === 'string' ? doc.createTextNode(kid) : build(doc, kid, isParsed));
    }
  }
  return el;
}

/** Repeats a row so that random pages also contain lists: several records are what the extractor looks for. */
export const page = fc.record({ head: node, row: node, copies: fc.integer({ min: 0, max: 30 }), tail: node });
