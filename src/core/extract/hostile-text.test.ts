// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { ExtractedScan } from '../types';
import { extractScan } from './extract-scan';

// The attacker controls one string on a page: the device name (or user agent) of their own session. Whatever label
// they put in it, the page's reading keeps the same sessions, the same account and the same current row.

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../e2e/fixtures');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .sort();

const LABELS = [
  'Price:',
  'Balance:',
  'Price: 1 BTC',
  'UID 11112222',
  'UID: 99998888',
  'Current session',
  'This device',
  'Login history',
  'Operation',
  'Amount:',
];

function read(page: string): { doc: Document; scan: () => ExtractedScan } {
  const { now, timeZone, url } = JSON.parse(readFileSync(join(dir, page.replace(/\.html$/, '.expected.json')), 'utf8'));
  const doc = new DOMParser().parseFromString(readFileSync(join(dir, page), 'utf8'), 'text/html');
  return { doc, scan: () => extractScan(doc, { url, now: Date.parse(now), timeZone }) };
}

const ROW = /^(?:tr|li|article)$/;
const ROW_CLASS = /card|item|row|device|session|token/i;

/** Inside a row or card of a list: the page's own header or nav is no session's text. */
function isInRow(n: Node): boolean {
  for (let e = n.parentElement, i = 0; e && i < 8; e = e.parentElement, i++) {
    if (ROW.test(e.localName) || /^(?:row|listitem)$/.test(e.getAttribute('role') ?? '')) return true;
    if (ROW_CLASS.test(e.getAttribute('class') ?? '')) return true;
  }
  return false;
}

/** The text nodes that hold a session's device name, as the page shows it. */
function deviceTexts(doc: Document, device: string): Text[] {
  const out: Text[] = [];
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = (n.nodeValue ?? '').replace(/\s+/g, ' ').trim();
    if (t.length >= 3 && device.includes(t) && isInRow(n)) out.push(n as Text);
  }
  return out;
}

/** What must not move: which sessions are stored (by address and order), the account, and which row is current. */
const outcome = (s: ExtractedScan) => ({
  account: s.accountHint,
  sessions: s.sessions.map((x) => [x.ip ?? '', x.isCurrent]),
  logins: s.logins.length,
});

const cases = pages.flatMap((page) => {
  const { doc, scan } = read(page);
  return scan()
    .sessions.map((s, i) => [page, i, s.device] as const)
    .filter(([, , device]) => deviceTexts(doc, device).length > 0);
});

test('the property has sessions to work on in most fixtures', () => {
  expect(new Set(cases.map(([page]) => page)).size).toBeGreaterThanOrEqual(12);
});

test("a label-like line in one session's device text never changes the sessions, the account or the current row", () => {
  // Every case, every label, before and after the device text: the space is small enough to try whole, so the
  // check is complete and repeatable (a random sample of it once missed the case below).
  for (const [page, , device] of cases) {
    // Every reading below starts from the same page, so what must not move is read once per case.
    const before = outcome(read(page).scan());
    for (const label of LABELS) {
      for (const isBefore of [true, false]) {
        const { doc, scan } = read(page);
        for (const text of deviceTexts(doc, device).slice(0, 1)) {
          text.nodeValue = isBefore ? `${label} ${text.nodeValue}` : `${text.nodeValue}\n${label}`;
        }
        expect(outcome(scan()), `${page}, ${device}, ${label}, ${isBefore ? 'before' : 'after'}`).toEqual(before);
      }
    }
  }
});

// Found by a random sample of the property above: "Edge 123.0.0.0 on Windows" followed by a line "Price:" read the
// browser's version as a second address, and the card with two addresses was no record.
test('a device text ending in "Price:" keeps its session', () => {
  const page = 'nodebb-sessions.en.html';
  const { doc, scan } = read(page);
  const before = outcome(scan());
  const [text] = deviceTexts(doc, 'Edge 123.0.0.0 on Windows');
  if (text) text.nodeValue = `${text.nodeValue}\nPrice:`;
  expect(outcome(scan())).toEqual(before);
});
