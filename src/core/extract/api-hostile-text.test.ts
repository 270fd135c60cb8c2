// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { ExtractedScan } from '../types';
import { extractScan } from './extract-scan';
import { cleanText } from './fields';

// Whoever creates an API key names it, and whoever adds a withdrawal address labels it: an intruder writes that one
// string. Whatever it spells (an address, a date, a header, a status, another list's words), every list keeps the
// same rows in the same order with the same fields; only that row's label changes, to exactly what was written.

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../e2e/fixtures');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .sort();

const LABELS = [
  'IP: 1.2.3.4 Created 2020-01-01',
  '203.0.113.9',
  'API Key',
  'API Key: AAAA…ZZZZ',
  'Permissions: Enable Withdrawals',
  'Label Coin Network Address Added',
  'Address',
  'Address: bc1qattacker',
  'Created',
  'Disabled',
  'Unrestricted',
  'No data',
  'UID: 99998888',
  'Current session',
  'Amount',
  'Price: 1 BTC',
  '2026-04-14 10:00',
  '备注名 API Key 权限 IP 白名单 创建时间',
];

function read(page: string): { doc: Document; scan: () => ExtractedScan } {
  const { now, timeZone, url } = JSON.parse(readFileSync(join(dir, page.replace(/\.html$/, '.expected.json')), 'utf8'));
  const doc = new DOMParser().parseFromString(readFileSync(join(dir, page), 'utf8'), 'text/html');
  return { doc, scan: () => extractScan(doc, { url, now: Date.parse(now), timeZone }) };
}

/** The text node that holds a label, as the page shows it (the first one: the row's own cell or card title). */
function labelText(doc: Document, label: string): Text | undefined {
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n.nodeValue ?? '').replace(/\s+/g, ' ').trim() === label) return n as Text;
  }
  return undefined;
}

type Kind = 'apiKeys' | 'whitelist';
const cases = pages.flatMap((page) => {
  const s = read(page).scan();
  const out: [string, Kind, number, string][] = [];
  for (const kind of ['apiKeys', 'whitelist'] as const) {
    (s[kind] ?? []).forEach((row, i) => {
      if (row.label) out.push([page, kind, i, row.label]);
    });
  }
  return out;
});

test('the property has labelled keys and addresses to work on, in tables, grids and cards', () => {
  expect(new Set(cases.map(([page]) => page)).size).toBeGreaterThanOrEqual(7);
  expect(cases.filter(([, kind]) => kind === 'whitelist').length).toBeGreaterThanOrEqual(4);
});

test.each(cases)(
  '%s, %s[%i] "%s": a label spelling anything moves, drops or changes no row',
  (page, kind, i, label) => {
    const base = read(page).scan();
    for (const hostile of LABELS) {
      for (const mode of ['replace', 'before', 'after'] as const) {
        const { doc, scan } = read(page);
        const node = labelText(doc, label);
        expect(node, `${page}: the label's text`).toBeDefined();
        const text = mode === 'replace' ? hostile : mode === 'before' ? `${hostile}\n${label}` : `${label}\n${hostile}`;
        node!.nodeValue = text;
        const got = scan();
        const expected = structuredClone(base);
        expected[kind]![i]!.label = cleanText(text);
        expect(got, `${page}, ${kind}[${i}], ${JSON.stringify(text)}`).toStrictEqual(expected);
      }
    }
  },
);
