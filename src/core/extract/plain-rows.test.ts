// A table row of the page copy made only of plain cells is read straight from the copy (tables.ts, plainRowCells);
// every other row from its nodes. Both must read alike, and the copy's path must take no row it cannot read.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { extractScan } from './extract-scan';
import type { PageElement } from './page-node';
import { fromSnapshot, parseSnapshot, SnapDoc, type SnapElement, type SnapNode, unbuiltCopy } from './snapshot';

const OPTS = { url: 'https://www.binance.com/en/my/security/device-management', now: Date.UTC(2026, 3, 14, 15) };

const HEADERS = [
  'Device',
  'IP Address',
  'Location',
  'Last Active',
  'Status',
  'Action',
  'Time',
  'Result',
  '2FA',
  'Login method',
  'Operation',
  'Date (UTC+8)',
  '设备',
  'IP地址',
  '',
  'Notes',
];

// Cell texts a list shows, and texts an intruder writes into them.
const TEXTS = [
  '',
  ' ',
  'Chrome 126 on macOS 14.5',
  'iPhone 15 Pro · iOS 17.4',
  ' Firefox 115 on Windows 10 ',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36',
  '203.0.113.42',
  '2001:db8::1',
  'IP: 198.51.100.7',
  'Hong Kong, HK',
  'Frankfurt, DE',
  '2026-04-14 14:12 UTC',
  '2026-04-14 14:12:09',
  '5 minutes ago',
  'yesterday',
  'Online',
  'Offline',
  'Success',
  'Failed',
  'Current session',
  'This device',
  'Remove',
  'Log out',
  'No records',
  'Change password',
  'Device',
  'Price: 12',
  '\u200bChrome\u00a0 on\tLinux',
  'Chrome — Current session',
  'UID 11112222',
  '—',
];

type Shape = { node: SnapNode; plain: boolean };

const text = fc.constantFrom(...TEXTS);
const button = (attrs: 0 | string[], label: string | undefined): SnapElement =>
  label === undefined ? ['button', attrs] : ['button', attrs, label];

/** A cell the copy's path must read exactly as the nodes say it. */
const plainCell: fc.Arbitrary<Shape> = fc
  .tuple(
    fc.constantFrom('td', 'th'),
    fc.array(
      fc.oneof(
        text,
        fc
          .tuple(
            fc.constantFrom<0 | string[]>(0, ['type', 'button'], ['type', 'submit']),
            fc.option(text, { nil: undefined }),
          )
          .map(([a, l]) => button(a, l)),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([tag, kids]) => ({ node: [tag, 0, ...kids] as SnapElement, plain: true }));

/** A cell whose markup may hide, mark or span it, or hold more than text and bare buttons: read from its nodes. */
const oddCell: fc.Arbitrary<Shape> = fc
  .tuple(
    text,
    fc.constantFrom<(t: string) => SnapNode>(
      (t) => ['td', ['class', 'current-session'], t],
      (t) => ['td', ['hidden', ''], t],
      (t) => ['td', ['style', 'display: none'], t],
      (t) => ['td', ['aria-hidden', 'true'], t],
      (t) => ['td', ['colspan', '2'], t],
      (t) => ['td', ['title', '2026-04-14T14:12:00Z'], t],
      (t) => ['td', [], t],
      (t) => ['td', 0, ['a', 0, t]],
      (t) => ['td', 0, t, ['span', ['class', 'tag'], 'Current device']],
      (t) => ['td', 0, ['span', 0, t]],
      (t) => ['td', 0, ['time', ['datetime', '2026-04-14T14:12:00Z'], t]],
      (t) => ['td', 0, ['button', ['aria-label', 'Remove device'], t]],
      (t) => ['td', 0, ['button', ['type', 'button', 'class', 'btn'], t]],
      (t) => ['td', 0, ['button', ['type', 'Mozilla/5.0 (X11) Gecko/20100101'], t]],
      (t) => ['td', 0, ['button', 0, t, ['span', 0, 'x']]],
      (t) => ['td', 0, ['button', 0, ['span', 0, t]]],
      (t) => ['td', 0, ['i', ['class', 'icon-error', 'aria-label', 'Failed']], t],
      (t) => ['td', 0, ['br', 0], t],
      (t) => ['div', 0, t],
      (t) => ['td', ['data-time', '1713100000000'], t],
    ),
  )
  .map(([t, make]) => ({ node: make(t), plain: false }));

const row: fc.Arbitrary<{ node: SnapElement; plain: boolean }> = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: plainCell }, { weight: 1, arbitrary: oddCell }), {
      minLength: 1,
      maxLength: 8,
    }),
    fc.constantFrom<0 | string[]>(0, 0, 0, ['class', 'current'], ['class', 'row'], ['hidden', '']),
    fc.boolean(),
  )
  .map(([cells, attrs, spaced]) => {
    const kids: SnapNode[] = [];
    for (const c of cells) {
      if (spaced) kids.push('\n  ');
      kids.push(c.node);
    }
    return { node: ['tr', attrs, ...kids] as SnapElement, plain: cells.every((c) => c.plain) };
  });

/** Headers that each name a column: a header row of them always heads a list the rows are read for. */
const NAMED = HEADERS.filter((h) => h !== '' && h !== 'Notes');

const table = (headers: string[]) =>
  fc.tuple(
    fc.array(fc.constantFrom(...headers), { minLength: 2, maxLength: 7 }),
    fc.array(row, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('Active Devices', 'Login History', ''),
  );

function pageOf(headers: string[], rows: SnapElement[], title: string): SnapElement {
  const head: SnapElement = ['tr', 0, ...headers.map((h): SnapElement => ['th', 0, h])];
  return [
    '#document',
    0,
    [
      'html',
      ['lang', 'en'],
      [
        'body',
        0,
        ['div', 0, 'User ID: ', ['span', 0, '38451092']],
        ['h2', 0, title],
        ['table', 0, ['thead', 0, head], ['tbody', 0, ...rows]],
      ],
    ],
  ];
}

function read(tree: SnapElement, eager: boolean) {
  const checked = parseSnapshot(structuredClone(tree));
  if (!checked.ok) throw new Error(checked.error);
  const doc = fromSnapshot(checked.value, { eager });
  const root = doc instanceof SnapDoc ? (doc.body ?? doc) : doc;
  return { scan: extractScan(root, OPTS), root: root as PageElement };
}

/** The body rows of the page's table, as nodes (the table and its body are built; the rows' own children are not). */
function bodyRows(root: PageElement): PageElement[] {
  let el: PageElement | null = root.firstElementChild;
  while (el && el.localName !== 'table') el = el.nextElementSibling;
  const rows: PageElement[] = [];
  for (let r = el?.firstElementChild?.nextElementSibling?.firstElementChild ?? null; r; r = r.nextElementSibling)
    rows.push(r);
  return rows;
}

describe('plain table rows read from the copy', () => {
  test('read exactly as from their nodes, on tables of plain and odd rows', () => {
    fc.assert(
      fc.property(table(HEADERS), ([headers, rows, title]) => {
        const tree = pageOf(
          headers,
          rows.map((r) => r.node),
          title,
        );
        expect(read(tree, false).scan).toStrictEqual(read(tree, true).scan);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS) || 300 },
    );
  });

  test('read exactly as from their nodes on long tables, where the per-column memos fill, repeat and give up', () => {
    // Past 64 rows a column whose texts hardly repeat stops looking them up (tables.ts, MEMO_TRIAL): the same texts.
    const unique = fc.integer({ min: 0, max: 9999 }).map((i) => `198.51.${i >> 8}.${i & 255}`);
    const longRow = fc
      .tuple(
        row,
        unique,
        fc.constantFrom('Online', 'Offline', ' Online ', 'Failed'),
        // Repeated devices, some of them cleaned to another text (spaces, an invisible character).
        fc.constantFrom(' Chrome 126 on macOS ', 'Chrome 126 on macOS', 'Edge\u200b on Windows', 'Opera  on Linux'),
      )
      .map(([r, ip, status, device]) => ({
        node: ['tr', r.node[1], ['td', 0, device], ['td', 0, ip], ['td', 0, status], ...r.node.slice(2)] as SnapElement,
        plain: r.plain,
      }));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...NAMED), { minLength: 0, maxLength: 4 }),
        fc.array(longRow, { minLength: 65, maxLength: 160 }),
        (headers, rows) => {
          const tree = pageOf(
            ['Device', 'IP Address', 'Status', ...headers],
            rows.map((r) => r.node),
            'Active Devices',
          );
          expect(read(tree, false).scan).toStrictEqual(read(tree, true).scan);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS) ? Math.ceil(Number(process.env.FUZZ_RUNS) / 10) : 30 },
    );
  });

  test('the copy is read for plain rows only: every other row is built and read from its nodes', () => {
    fc.assert(
      fc.property(table(NAMED), ([headers, rows, title]) => {
        // Named columns only, so the header row is the first and the rows are read for its list.
        const tree = pageOf(
          ['Device', 'IP Address', ...headers],
          rows.map((r) => r.node),
          title,
        );
        const { root } = read(tree, false);
        const built = bodyRows(root);
        expect(built).toHaveLength(rows.length);
        for (let i = 0; i < rows.length; i++) {
          // A hidden row is no row of the list (rowsOf): it is neither read nor built.
          if (built[i]!.hasAttributes() && built[i]!.getAttribute('hidden') !== null) continue;
          expect({ row: i, fromCopy: unbuiltCopy(built[i]!) !== null }).toStrictEqual({
            row: i,
            fromCopy: rows[i]!.plain,
          });
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS) || 300 },
    );
  });

  test('the bench layout: a badge row is read from its nodes, the rows of text and a Remove button from the copy', () => {
    const rows: SnapElement[] = [];
    for (let i = 0; i < 5; i++) {
      const device: SnapElement =
        i === 0
          ? ['td', 0, 'Chrome 126 on macOS 14.5 ', ['span', ['class', 'tag'], 'Current device']]
          : ['td', 0, 'Firefox 115 on Windows 10'];
      rows.push([
        'tr',
        0,
        device,
        ['td', 0, `198.51.100.${i}`],
        ['td', 0, 'Hong Kong, HK'],
        ['td', 0, `2026-03-0${i + 1} 12:0${i} UTC`],
        ['td', 0, i % 2 ? 'Offline' : 'Online'],
        i === 0 ? ['td', 0] : ['td', 0, ['button', ['type', 'button'], 'Remove']],
      ]);
    }
    const tree = pageOf(
      ['Device', 'IP Address', 'Location', 'Last Active', 'Status', 'Action'],
      rows,
      'Active Devices',
    );
    const lazy = read(tree, false);
    expect(lazy.scan).toStrictEqual(read(tree, true).scan);
    expect(lazy.scan.sessions).toHaveLength(5);
    expect(lazy.scan.sessions.map((s) => s.isCurrent)).toStrictEqual([true, false, false, false, false]);
    expect(bodyRows(lazy.root).map((r) => unbuiltCopy(r) !== null)).toStrictEqual([false, true, true, true, true]);
  });
});
