/** Cards: per-subtree summaries that find one-session records (cards, list items), and reading one record. */

import type { FieldName } from './labels';
import { guess, readLine } from './lines';
import { attr, HEADING, MAX_DEPTH, MAX_RECORD_TEXT, type PageElement, type PageNode } from './page-node';
import { type Cell, type Ctx, CURRENT_CLASS, type Row, type Slot } from './reading';
import { absorb, newRow, put } from './records';

/** Per-subtree summary used to find one-session records (cards, list items). */
export interface Sum {
  /** How often each content kind occurs, see COUNT_LIMIT. */
  c: number[];
  /** Labels seen ("IP:", "Last active"); one record names each field once. */
  labels: number;
  /** Some kind occurs more often than one record shows it: the subtree holds several records. */
  rep: boolean;
  bar: boolean;
  len: number;
  hasBlock: boolean;
  lineable: boolean;
}

// Content kinds counted per subtree, and how often one record may show each: a card can name
// its OS and browser on separate lines, and show started/last-active/expires times.
export const K_IP = 0;
export const K_DEV = 1;
export const K_LOC = 2;
export const K_TIME = 3;
export const K_CUR = 4;
export const K_REV = 5;
export const K_STATUS = 6;
export const K_OUTCOME = 7;
export const K_2FA = 8;
export const K_UNREL = 9;
// A card has one title at most: a box with two headings is a page region (a section title over a titled card).
// Headings are counted, never read for their words: Keycloak titles each card by its device, which an intruder names.
export const K_HEAD = 10;
export const COUNT_LIMIT = [1, 2, 1, 4, 1, 1, 1, 1, 1, 99, 1];
export const LABEL_FIELDS: FieldName[] = [
  'device',
  'ip',
  'location',
  'time',
  'firstSeen',
  'lastActive',
  'status',
  'outcome',
  'secondFactor',
  'kind',
];
export const labelBit = (f: FieldName): number => {
  const i = LABEL_FIELDS.indexOf(f);
  return i < 0 ? 0 : 1 << i;
};
export const CONTENT_KIND: Partial<Record<Slot | 'cur', number>> = {
  ip: K_IP,
  device: K_DEV,
  location: K_LOC,
  time: K_TIME,
  firstSeen: K_TIME,
  lastActive: K_TIME,
  anyTime: K_TIME,
  status: K_STATUS,
  outcome: K_OUTCOME,
  secondFactor: K_2FA,
  cur: K_CUR,
};
export const zeros = (): number[] => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
export const EMPTY_SUM: Sum = {
  c: zeros(),
  labels: 0,
  rep: false,
  bar: false,
  len: 0,
  hasBlock: false,
  lineable: true,
};
export const BAR_SUM: Sum = { c: zeros(), labels: 0, rep: false, bar: true, len: 0, hasBlock: true, lineable: false };

export function lineSum(c: Cell, ctx: Ctx): Sum {
  const counts = zeros();
  let labels = 0;
  let rep = false;
  if (c.rev) counts[K_REV] = 1;
  if (c.cur || c.badge) counts[K_CUR] = 1;
  if (c.tag && HEADING.test(c.tag)) counts[K_HEAD] = 1;
  for (const p of readLine(c, ctx)) {
    const label = p.f === 'unrelated' || p.label === 'unrelated' ? -1 : p.label ? labelBit(p.label) : 0;
    if (label < 0) counts[K_UNREL]! += 1;
    else if (labels & label) rep = true;
    else labels |= label;
    const k = p.f === 'label' || p.f === 'raw' ? undefined : CONTENT_KIND[p.f];
    // "Chrome 131 · Windows 11" is one device however many parts the line splits it into.
    if (k === K_DEV && counts[K_DEV]! > 0) continue;
    if (k !== undefined) counts[k]! += 1;
  }
  return { c: counts, labels, rep, bar: false, len: c.text.length, hasBlock: false, lineable: false };
}

export function merge(a: Sum, b: Sum): Sum {
  const c = a.c.map((n, i) => n + b.c[i]!);
  return {
    c,
    labels: a.labels | b.labels,
    rep: a.rep || b.rep || (a.labels & b.labels) !== 0 || c.some((n, i) => n > COUNT_LIMIT[i]!),
    bar: a.bar || b.bar,
    len: a.len + b.len,
    hasBlock: a.hasBlock || b.hasBlock,
    lineable: false,
  };
}

export function isRecord(s: Sum): boolean {
  if (s.rep || s.bar || s.c[K_UNREL] || s.len > MAX_RECORD_TEXT) return false;
  const has = (k: number, label: FieldName) => s.c[k]! > 0 || (s.labels & labelBit(label)) !== 0;
  if (!s.c[K_IP] && !s.c[K_DEV]) return false;
  // A titled box is a session card only when it shows an address or a time; else it is a section of the page
  // ("Two-factor authentication" over an authenticator app's name).
  if (
    s.c[K_HEAD] &&
    !has(K_IP, 'ip') &&
    !has(K_TIME, 'time') &&
    !(s.labels & (labelBit('firstSeen') | labelBit('lastActive')))
  )
    return false;
  let kinds = 0;
  if (has(K_IP, 'ip')) kinds++;
  if (has(K_DEV, 'device')) kinds++;
  if (has(K_LOC, 'location')) kinds++;
  if (has(K_TIME, 'time') || s.labels & (labelBit('firstSeen') | labelBit('lastActive'))) kinds++;
  if (has(K_STATUS, 'status') || has(K_OUTCOME, 'outcome') || has(K_2FA, 'secondFactor')) kinds++;
  if (s.c[K_CUR]! + s.c[K_REV]! > 0) kinds++;
  return kinds >= 2;
}

export function collectLines(ctx: Ctx, node: PageNode, out: Cell[], depth: number): void {
  const line = ctx.lines.get(node);
  if (line) {
    out.push(line);
    return;
  }
  const items = ctx.runs.get(node);
  if (!items || depth > MAX_DEPTH || out.length > 200) return;
  for (const item of items) {
    // Not `'text' in item`: anchors have a `text` property too.
    if (!('nodeType' in item)) out.push(item);
    else collectLines(ctx, item, out, depth + 1);
  }
}

/** One card/list item: labelled values ("IP: …", dt/dd, label spans) and values recognised by content. */
export function readRecord(ctx: Ctx, el: PageElement): Row {
  const row = newRow();
  if (CURRENT_CLASS.test(attr(el, 'class') ?? '')) row.cur = 3;
  const lines: Cell[] = [];
  collectLines(ctx, el, lines, 0);
  let pending: FieldName | 'skip' | undefined;
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!;
    absorb(row, c);
    // A card's first line is its title, the device's name: whatever its words say, it is no badge.
    if (i === 0 && c.text && !c.badge && guess(c.text, ctx) === 'cur') {
      put(row, 'device', c.text, c, ctx);
      continue;
    }
    for (const p of readLine(c, ctx)) {
      if (pending && p.f !== 'label' && !p.label) {
        if (pending !== 'skip') put(row, pending, p.t, c, ctx);
        pending = undefined;
      } else if (p.f === 'label') pending = p.label ?? 'skip';
      else if (p.f === 'cur') row.cur = Math.max(row.cur, 2);
      else if (p.f !== 'raw') put(row, p.f, p.t, c, ctx);
    }
  }
  return row;
}
