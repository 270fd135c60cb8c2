import type { ExtractedScan } from '../types';

export { ExtractionBudgetError } from './reading';

import { accountHint, hintFromAttrs, hintFromText } from './account-hints';
import { readApiCards } from './api-cards';
import { BAR_SUM, EMPTY_SUM, isRecord, K_DEV, K_HEAD, lineSum, merge, readRecord, type Sum } from './cards';
import { readCell, readNodes } from './cells';
import { startReading } from './fields';
import { startLabels } from './labels';
import { isHidden } from './markup';
import {
  attr,
  BARRIER,
  BLOCK,
  HEADING,
  isButton,
  isDocument,
  MAX_DEPTH,
  MAX_ELEMENTS,
  MAX_RECORD_TEXT,
  MAX_ROWS,
  type PageElement,
  type PageNode,
  SKIP,
} from './page-node';
import { type Cell, type Ctx, newCtx, type Slot, spend } from './reading';
import { decide, emit, headingFor, useful } from './records';
import { GRID_ROLE, readTable, tryHeaderRow } from './tables';

export interface ExtractOptions {
  url: string;
  now: number;
  /** IANA zone used when the page states none */
  timeZone?: string;
  /**
   * Stop after this much time: a page that would keep the worker busy longer is not read at all (a partial reading
   * would mark the sessions it did not reach as logged out). `clock` is any millisecond clock.
   */
  budget?: { ms: number; clock: () => number };
  /** Reads every line's summary, those a barrier passes over too (extract-scan.test.ts compares the two readings). */
  sumEveryLine?: boolean;
}

/** What an element that is one line sums to (before its line is read, by its parent): shared, never written. */
const BLOCK_LINE: Sum = { ...EMPTY_SUM, hasBlock: true, lineable: true };
const INLINE_LINE: Sum = { ...EMPTY_SUM, hasBlock: false, lineable: true };

function visit(ctx: Ctx, node: PageNode, depth: number): Sum {
  spend(ctx);
  if (++ctx.seen > MAX_ELEMENTS || depth > MAX_DEPTH || ctx.claimed.has(node)) return BAR_SUM;
  // Where the node stands in document order (pre-order): an account hint read from it is ranked by it.
  const at = ctx.seen;
  const el = node.nodeType === 1 ? (node as PageElement) : undefined;
  const tag = el?.localName ?? '';
  if (SKIP.has(tag) || (el && isHidden(el))) return EMPTY_SUM;
  if (el?.hasAttributes()) hintFromAttrs(ctx, el, at);
  if (el && (tag === 'table' || GRID_ROLE.test(attr(el, 'role') ?? ''))) {
    if (readTable(ctx, el)) return BAR_SUM;
  }
  if (el && isButton(el)) return BLOCK.has(tag) ? BLOCK_LINE : INLINE_LINE;
  const isBlock = BLOCK.has(tag);
  // Headings are judged by where they stand, in the parent (below), never by their words.
  const barrier = BARRIER.has(tag) && !HEADING.test(tag);
  if (el && el.childElementCount >= 1) {
    tryHeaderRow(ctx, el);
    if (ctx.claimed.has(el)) return BAR_SUM;
  } else if (el && !barrier) {
    // No element below it: a line (its text nodes alone are nothing to walk).
    return isBlock ? BLOCK_LINE : INLINE_LINE;
  }

  // Each child with its summary and where it stands: an element where its visit counts it (the summary of one not
  // counted, past the limits or claimed, is a bar and gives no hint), a text node after the elements before it.
  const kids: [PageNode, Sum, number][] = [];
  let lineable = true;
  // A list is read up to MAX_ROWS records; children past that (a 20,000-row flood) are not looked at.
  let elements = 0;
  for (let c = node.firstChild; c && elements <= MAX_ROWS; c = c.nextSibling) {
    if (c.nodeType === 1) {
      elements++;
      const cAt = ctx.seen + 1;
      const s = visit(ctx, c, depth + 1);
      if (s.hasBlock) lineable = false;
      kids.push([c, s, cAt]);
    } else if (c.nodeType === 3) {
      kids.push([c, EMPTY_SUM, ctx.seen]);
    }
  }
  if (lineable && el && !barrier) return isBlock ? BLOCK_LINE : INLINE_LINE;

  // Not a line: split the children into runs of inline content (lines) and block children.
  let sum: Sum = { ...EMPTY_SUM, hasBlock: true, lineable: false };
  // A barrier's sum is a bar whatever its lines say, and a run of inline nodes is no record of its own: such a line's
  // summary would be read for nothing (a record that holds it, if any, reads it then).
  const sumRuns = !barrier || ctx.sumEveryLine === true;
  const items: (Cell | PageElement)[] = [];
  const candidates: [PageElement, Sum][] = [];
  let run: PageNode[] = [];
  let runAt = 0;
  const flush = (): void => {
    if (run.some((n) => n.nodeType === 1 || /\S/.test(n.nodeValue ?? ''))) {
      const c = readNodes(run);
      hintFromText(ctx, c.text, run[0]!, runAt);
      items.push(c);
      if (sumRuns) sum = merge(sum, lineSum(c, ctx));
    }
    run = [];
  };
  for (const [c, s, cAt] of kids) {
    if (c.nodeType === 3 || (s.lineable && !s.hasBlock && (c as PageElement).localName !== 'br')) {
      if (!run.length) runAt = cAt;
      run.push(c);
      continue;
    }
    flush();
    const e = c as PageElement;
    if (s.lineable) {
      if (e.localName === 'br') continue;
      const cell = readCell(e);
      hintFromText(ctx, cell.text, e, cAt);
      ctx.lines.set(e, cell);
      items.push(e);
      const ls = lineSum(cell, ctx);
      candidates.push([e, ls]);
      sum = merge(sum, ls);
    } else {
      items.push(e);
      candidates.push([e, s]);
      sum = merge(sum, s);
    }
  }
  flush();
  ctx.runs.set(node, items);
  if (barrier) sum.bar = true;
  if (HEADING.test(tag)) sum.c[K_HEAD]! += 1;
  // A titled box whose one record is a child of its own that names its device, beside the title, is a section
  // over a list of one ("GitHub Mobile sessions" over one phone), not a card titled by its device (Keycloak's title
  // is the device its details lack): the child is the record (read below as a list's), and the box is never a
  // card. Decided by where the title and the fields stand and which kinds each holds, never by the title's words.
  if (!sum.rep && !sum.bar && sum.c[K_HEAD] === 1 && isRecord(sum) && isSectionOverOne(candidates)) sum.bar = true;
  // A child is one record when it holds one session's fields and its parent holds more than one.
  if (sum.rep || sum.bar || sum.len > MAX_RECORD_TEXT) {
    // A child built as a record beside it is built is one too, whatever words its text holds: a device named
    // "Chrome Price:" (an intruder's user agent) must not take its row out of the list. Structure decides; the
    // row's words only say what each of its fields is (a row left with nothing useful is dropped when read).
    let shapes: Set<string> | undefined;
    for (const [e, s] of candidates) {
      if (!isRecord(s)) {
        if (s.rep || s.bar || s.len > MAX_RECORD_TEXT) continue;
        if (!shapes) {
          shapes = new Set();
          for (const [r, rs] of candidates) if (isRecord(rs)) shapes.add(shapeOf(r));
        }
        // No record beside it: no shape to match (and none is built).
        if (!shapes.size || !shapes.has(shapeOf(e))) continue;
      }
      const group = ctx.groups.get(node) ?? [];
      if (!group.length) ctx.groups.set(node, group);
      group.push(e);
    }
  }
  return sum;
}

/** How an element is built, not what it says: its tag and class, and its element children's. */
function shapeOf(e: PageElement): string {
  let shape = `${e.localName}.${attr(e, 'class') ?? ''}`;
  let n = 0;
  for (let c = e.firstChild; c && n < 32; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const child = c as PageElement;
    shape += `|${child.localName}.${attr(child, 'class') ?? ''}`;
    n++;
  }
  return shape;
}

/**
 * Whether a titled box's children are its title, standing apart (a child of its own that is no record), and one
 * record that names its device itself: the box is then a section over a list of one.
 */
function isSectionOverOne(candidates: [PageElement, Sum][]): boolean {
  let record: Sum | undefined;
  let titles = 0;
  for (const [, s] of candidates) {
    if (isRecord(s)) {
      if (record) return false;
      record = s;
    } else if (s.c[K_HEAD]) titles++;
  }
  return record !== undefined && titles === 1 && !record.c[K_HEAD] && (record.c[K_DEV] ?? 0) > 0;
}

/** Reads the sessions and logins a page shows under `root`. Pure: reads the DOM, changes nothing. */
export function extractScan(root: PageNode, opts: ExtractOptions): ExtractedScan {
  const node = root;
  startReading();
  startLabels();
  const doc = isDocument(node) ? node : node.ownerDocument;
  const ctx = newCtx({
    now: opts.now,
    deadline: opts.budget ? { at: opts.budget.clock() + opts.budget.ms, clock: opts.budget.clock } : undefined,
    timeZone: opts.timeZone,
    lang: doc?.documentElement?.getAttribute('lang') ?? undefined,
    sumEveryLine: opts.sumEveryLine,
  });
  const top = visit(ctx, node, 0);
  if (isRecord(top) && node.nodeType === 1) ctx.groups.set(node.parentNode ?? node, [node as PageElement]);
  // API-key and whitelist cards first: a key's card shows an address and a date, and is no session.
  const cards = new Set<PageNode>(readApiCards(ctx, node));
  const nearCards = new Set<PageNode>(cards);
  for (const c of cards) for (let p = c.parentNode, i = 0; p && i < MAX_DEPTH; p = p.parentNode, i++) nearCards.add(p);
  const isInCard = (r: PageNode): boolean => {
    if (nearCards.has(r)) return true;
    for (let p = r.parentNode, i = 0; p && i < MAX_DEPTH; p = p.parentNode, i++) if (cards.has(p)) return true;
    return false;
  };
  for (const group of ctx.groups.values()) {
    const records = cards.size ? group.filter((r) => !isInCard(r)) : group;
    if (!records.length) continue;
    for (const r of records) ctx.records.add(r);
    const rows = records
      .slice(0, MAX_ROWS)
      .map((r) => {
        spend(ctx);
        return readRecord(ctx, r);
      })
      .filter((r) => useful(r));
    if (!rows.length) continue;
    const fields = new Set<Slot>();
    emit(ctx, decide(fields, rows, headingFor(records[0]!)), rows);
  }
  const scan: ExtractedScan = {
    url: opts.url,
    scannedAt: opts.now,
    hasSessionList: ctx.hasSessionList,
    hasLoginList: ctx.hasLoginList,
    sessions: ctx.sessions,
    logins: ctx.logins,
  };
  // Present only where the page shows such a list, so a reading of a sessions page says nothing about API keys.
  if (ctx.api.keys) {
    scan.hasApiKeyList = true;
    scan.apiKeys = ctx.api.keys;
  }
  if (ctx.api.calls) {
    scan.hasApiCallList = true;
    scan.apiCalls = ctx.api.calls;
  }
  if (ctx.api.whitelist) {
    scan.hasWhitelist = true;
    scan.whitelist = ctx.api.whitelist;
  }
  // The root is the first node counted.
  if (top.lineable && node.nodeType === 1) hintFromText(ctx, readCell(node as PageElement).text, node, 1);
  const hint = accountHint(ctx, node);
  if (hint) scan.accountHint = hint;
  return scan;
}
