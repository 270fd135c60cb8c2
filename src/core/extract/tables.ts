/** Tables and grids: header columns (`<table>`, ARIA grids, rows of divs under a header row) and their rows. */

import { apiColumns, nonEmptyTexts, readApiRows, tooFewNamed } from './api-lists';
import { LABEL_FIELDS } from './cards';
import {
  type HeaderCells,
  headerCells,
  isPlainCopyCell,
  plainCopyText,
  plainText,
  readCell,
  readCopyCell,
} from './cells';
import { cleanText, isEmptyState, mayBeginEmptyState } from './fields';
import { classifyLabel, type FieldName } from './labels';
import { readLine, TIME_SLOTS, zoneOf } from './lines';
import { isHidden } from './markup';
import { attr, isSmall, kids, MAX_ROWS, type PageElement, SKIP } from './page-node';
import { type Cell, type Ctx, CURRENT_CLASS, type Row, type Slot, spend } from './reading';
import { absorb, apply, decide, emit, headingFor, interpret, newRow, newSaid, put, type Said, useful } from './records';
import { type SnapElement, type SnapNode, unbuiltCopy } from './snapshot';

export type Column = FieldName | undefined;

/**
 * Column fields named by a header row's cells; `unrelated` for a header of prices, balances or
 * withdrawals (the whole list is skipped); undefined when the row is no header we read.
 */
export function headerColumns(h: HeaderCells): Column[] | 'unrelated' | undefined {
  const cols: Column[] = [];
  const nonEmpty = nonEmptyTexts(h.texts);
  let named = 0;
  let unnamed = 0;
  for (let i = 0; i < h.texts.length; i++) {
    const t = h.texts[i]!;
    const f = t ? classifyLabel(t) : undefined;
    if (f) named++;
    // Once too few texts are left to be named, the row is no header: the rest are not asked.
    else if (t && tooFewNamed(nonEmpty - ++unnamed, nonEmpty)) return undefined;
    for (let k = 0; k < h.spans[i]!; k++) cols.push(f);
  }
  if (tooFewNamed(named, nonEmpty)) return undefined;
  const fs = new Set(cols);
  if (fs.has('unrelated')) return 'unrelated';
  let n = 0;
  for (const f of LABEL_FIELDS) if (fs.has(f)) n++;
  const id = fs.has('device') || fs.has('ip');
  const timed = fs.has('time') || fs.has('lastActive') || fs.has('firstSeen');
  return (id && n >= 2) || (timed && (fs.has('outcome') || fs.has('secondFactor'))) ? cols : undefined;
}

/** Reads data rows against header columns and emits the list. */
export function readRows(
  ctx: Ctx,
  cols: Column[],
  headerTexts: string[],
  rows: PageElement[],
  cellsOf: (r: PageElement) => PageElement[],
  at: PageElement,
): void {
  const out: Row[] = [];
  const fields = new Set<Slot>(cols.filter((c): c is FieldName => c !== undefined));
  const zones = headerTexts.map(zoneOf);
  // Rows whose unnamed column states a change to the account ("Change password"), per column.
  const events = new Map<number, number>();
  const memos: ColumnMemo[] = [];
  const cleaned: TextMemo[] = [];
  const texts: string[] = [];
  // Every row looked at is a record (kept as one list, ctx.recordRows), whatever it is found to hold.
  let i = 0;
  for (; i < rows.length && out.length < MAX_ROWS && i < MAX_ROWS * 2; i++) {
    const rowEl = rows[i]!;
    spend(ctx);
    // A table row of the page copy that no one has walked into, of plain cells only, is read from the copy itself:
    // its cells never become nodes. Any other row is read from its nodes.
    const plainCells = cellsOf === cellsOfRow ? plainRowCells(rowEl) : -1;
    const copy = plainCells >= 0 ? unbuiltCopy(rowEl) : null;
    const cells = copy ? undefined : cellsOf(rowEl);
    const count = copy ? plainCells : cells!.length;
    // One wide cell is an empty-state, group or pagination row.
    if (count < 2 && cols.length > 2) continue;
    const row = newRow();
    const rowClass = attr(rowEl, 'class');
    if (rowClass && CURRENT_CLASS.test(rowClass)) row.cur = 3;
    let col = 0;
    let same = 0;
    // The row's text is put together only when its first text may begin an empty state ("No records").
    // Written over from the start (no `texts.length = 0`: that lets its store go, to be grown again for every row).
    let shown = 0;
    let first = '';
    // Where the next cell stands in the row's copy.
    let next = 2;
    for (let k = 0; k < count; k++) {
      const f = cols[col];
      let plain: string | undefined;
      let c: Cell | undefined;
      let span = 1;
      if (copy) {
        while (typeof copy[next] === 'string') next++;
        const td = copy[next++] as SnapElement;
        const only = td[2];
        // A repeated text of a named column is cleaned once (the copy holds each row's own string of it).
        plain = !f
          ? undefined
          : typeof only === 'string' && td.length === 3
            ? cleanOnce(cleaned, col, only)
            : plainCopyText(td);
        // A named column's cell is read at once and kept nowhere; an unnamed one's lines are read from it (readLine).
        c = plain === undefined ? readCopyCell(td, f !== undefined) : undefined;
      } else {
        const cellEl = cells![k]!;
        // A named column's cell that holds one text and no markup is that text alone: no cell is built for it.
        plain = f ? plainText(cellEl) : undefined;
        c = plain === undefined ? readCell(cellEl) : undefined;
        if (cellEl.hasAttributes()) span = Math.min(Number(cellEl.getAttribute('colspan')) || 1, 24);
      }
      const text = plain ?? c!.text;
      if (text === headerTexts[col]) same++;
      texts[shown++] = text;
      if (!first) first = text;
      if (c) absorb(row, c, f === 'status');
      const zone = zones[col];
      // "Operation" heads both a device list's remove buttons and an activity log's events.
      if ((!f || f === 'action' || f === 'kind') && text && isAccountEvent(text))
        events.set(col, (events.get(col) ?? 0) + 1);
      if (f) apply(row, f, said(memos, col, f, text, c, zone, ctx), c);
      else if (c?.text) {
        for (const p of readLine(c, ctx)) {
          if (p.f === 'cur') row.cur = Math.max(row.cur, 2);
          else if (p.f !== 'label' && p.f !== 'raw') put(row, p.f, p.t, c, ctx);
        }
      } else if (c?.attr) put(row, 'anyTime', '', c, ctx);
      col += span;
    }
    if (same === count || (mayBeginEmptyState(first) && isEmptyState(rowText(texts, shown))) || !useful(row, true))
      continue;
    out.push(row);
  }
  if (i) ctx.recordRows.push({ rows: rows.slice(0, i) });
  // A security-activity log (password changed, 2FA enabled, API key created, each with its device and IP) is
  // neither sessions nor sign-ins: stored as sign-ins, its rows would be judged as if each were one.
  for (const n of events.values()) if (out.length && n * 5 >= out.length * 3) return;
  emit(ctx, decide(fields, out, headingFor(at)), out);
}

/**
 * How many cells a page-copy table row not built yet holds when they are all plain (isPlainCopyCell: read from the
 * copy exactly as from their nodes; the texts between them are no cells, as for cellsOfRow); -1 for any other row.
 */
export function plainRowCells(row: PageElement): number {
  if (row.localName !== 'tr') return -1;
  const copy = unbuiltCopy(row);
  if (!copy) return -1;
  let n = 0;
  for (let i = 2; i < copy.length; i++) {
    const c = copy[i] as SnapNode;
    if (typeof c === 'string') continue;
    // Any other element is read from the nodes.
    if (!isPlainCopyCell(c)) return -1;
    n++;
  }
  return n;
}

/** A row's text as its `count` cells give it: each cell's text and a space, trimmed. */
function rowText(texts: string[], count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `${texts[i]!} `;
  return text.trim();
}

/**
 * What each column's texts said, within one reading of one list: a session list repeats its devices, places and
 * statuses, and a repeated text is then looked up rather than read again. Only what is a pure function of the text
 * is kept (a cell with a machine time, an icon label or a dot is read on its own), so a lookup answers exactly what
 * reading it again would. Bounded: a column stops keeping texts past MEMO_SIZE, and one whose texts hardly repeat
 * (an address, a time) stops looking them up.
 */
interface ColumnMemo {
  said: Map<string, Said>;
  asked: number;
  found: number;
}

const MEMO_SIZE = 512;

/** What each column's raw copy texts clean to, within one reading of one list; bounded as ColumnMemo. */
interface TextMemo {
  clean: Map<string, string>;
  asked: number;
  found: number;
}

/** `cleanText(raw)`, looked up when the column's texts repeat (a pure function of the text: the same answer). */
function cleanOnce(memos: TextMemo[], col: number, raw: string): string {
  let memo = memos[col];
  if (!memo) {
    memo = { clean: new Map(), asked: 0, found: 0 };
    memos[col] = memo;
  }
  if (memo.asked >= MEMO_TRIAL && memo.found * 4 < memo.asked) return cleanText(raw);
  memo.asked++;
  let t = memo.clean.get(raw);
  if (t !== undefined) {
    memo.found++;
    return t;
  }
  t = cleanText(raw);
  if (memo.clean.size < MEMO_SIZE) memo.clean.set(raw, t);
  return t;
}
const scratch = newSaid();
const MEMO_TRIAL = 64;

function said(
  memos: ColumnMemo[],
  col: number,
  f: FieldName,
  shown: string,
  c: Cell | undefined,
  zone: string | undefined,
  ctx: Ctx,
): Said {
  const text = zone && TIME_SLOTS.has(f) ? `${shown} ${zone}` : shown;
  // What is not kept is read into one reused answer: `apply` takes it before the next cell is read.
  if (c && (c.attr !== undefined || c.icon !== undefined || c.dot !== undefined))
    return interpret(f, text, c, ctx, scratch);
  let memo = memos[col];
  if (!memo) {
    memo = { said: new Map(), asked: 0, found: 0 };
    memos[col] = memo;
  }
  // After a trial, a column whose texts repeat less than one time in four is read text by text.
  if (memo.asked >= MEMO_TRIAL && memo.found * 4 < memo.asked) return interpret(f, text, c, ctx, scratch);
  memo.asked++;
  let s = memo.said.get(shown);
  if (s) {
    memo.found++;
    return s;
  }
  if (memo.said.size >= MEMO_SIZE) return interpret(f, text, c, ctx, scratch);
  s = interpret(f, text, c, ctx);
  memo.said.set(shown, s);
  return s;
}

// A change to the account: a verb and what it changed ("Change password", "Enable Google Authenticator",
// "API key created", "修改登录密码", "新增提现地址").
export const EVENT_VERB =
  /\b(?:chang(?:e|ed|ing)|reset|enabl(?:e|ed)|disabl(?:e|ed)|turn(?:ed)? (?:on|off)|add(?:ed)?|delet(?:e|ed)|remov(?:e|ed)|(?:un)?bind|(?:un)?bound|creat(?:e|ed)|updat(?:e|ed)|set up|withdraw(?:al)?)\b|修改|重置|更改|开启|关闭|启用|停用|(?:解)?绑定|新增|添加|删除|创建|提现|提币/i;
export const EVENT_OBJECT =
  /password|passcode|2fa|two-factor|authenticator|api key|api|whitelist|white list|withdrawal address|address book|anti-?phishing|e-?mail|phone|security key|passkey|密码|谷歌验证|身份验证器|白名单|地址|防钓鱼|邮箱|手机|api/i;

export function isAccountEvent(text: string): boolean {
  return text.length <= 80 && EVENT_VERB.test(text) && EVENT_OBJECT.test(text);
}

export const GRID_ROLE = /^(?:grid|table|treegrid)$/;

/** Rows of a table or ARIA grid, not of tables nested in it. */
export function rowsOf(table: PageElement): PageElement[] {
  const rows: PageElement[] = [];
  const html = table.localName === 'table';
  const walk = (el: PageElement, depth: number): void => {
    for (let c = el.firstElementChild; c && rows.length < MAX_ROWS * 2; c = c.nextElementSibling) {
      const tag = c.localName;
      if (isHidden(c)) continue;
      if (html ? tag === 'tr' : attr(c, 'role') === 'row') rows.push(c);
      // tfoot holds pagers and totals, never sessions.
      else if (
        html ? /^t(?:head|body)$/.test(tag) : depth < 4 && tag !== 'table' && !GRID_ROLE.test(attr(c, 'role') ?? '')
      )
        walk(c, depth + 1);
    }
  };
  walk(table, 0);
  return rows;
}

export function cellsOfRow(row: PageElement): PageElement[] {
  if (row.localName === 'tr') {
    const cells: PageElement[] = [];
    for (let c = row.firstElementChild; c; c = c.nextElementSibling) {
      if ((c.localName === 'td' || c.localName === 'th') && !isHidden(c)) cells.push(c);
    }
    return cells;
  }
  const all = kids(row);
  const aria = all.filter((k) => /^(?:cell|gridcell|columnheader|rowheader)$/.test(attr(k, 'role') ?? ''));
  return aria.length ? aria : all;
}

/** `<table>` and ARIA grids: a header row (thead, th or first row) names the columns. True when claimed. */
export function readTable(ctx: Ctx, table: PageElement): boolean {
  const rows = rowsOf(table);
  for (let h = 0; h < Math.min(rows.length, 3); h++) {
    const cells = cellsOfRow(rows[h]!);
    // API keys, their access log and withdrawal whitelists are lists of their own, before a session list is tried.
    const head = headerCells(cells);
    if (!head) continue;
    const api = apiColumns(head, table);
    const cols = api ? undefined : headerColumns(head);
    if (cols === 'unrelated') return true;
    if (!cols && !api) continue;
    const texts: string[] = [];
    for (const c of cells) texts.push(cleanText(c.textContent ?? ''));
    if (api) readApiRows(ctx, api, texts, rows.slice(h + 1), cellsOfRow);
    else readRows(ctx, cols!, texts, rows.slice(h + 1), cellsOfRow, table);
    return true;
  }
  return false;
}

/** The element whose children are a div row's cells, looking through single wrapper elements. */
export function unwrap(row: PageElement): PageElement {
  let el = row;
  for (let i = 0; i < 3 && el.childElementCount === 1; i++) el = el.firstElementChild!;
  return el;
}

export function divCells(row: PageElement): PageElement[] {
  return kids(unwrap(row)).filter((c) => !SKIP.has(c.localName) && !isHidden(c));
}

/** True when an element has about as many cells as the header has columns. */
export function fitsColumns(e: PageElement, width: number): boolean {
  const n = divCells(e).length;
  return n >= 2 && Math.abs(n - width) <= 1;
}

/**
 * A body of rows beside an unwrapped header row (`<div class="thead">…</div><div class="tbody">rows</div>`):
 * most of its children are rows of the header's width, and it is no row itself unless all of them are.
 */
export function isRowGroup(e: PageElement, width: number): boolean {
  const rows = kids(unwrap(e));
  if (!rows.length || rows.length > MAX_ROWS * 2) return false;
  let fit = 0;
  for (const r of rows) if (fitsColumns(r, width)) fit++;
  if (fit * 2 <= rows.length) return false;
  return !fitsColumns(e, width) || fit === rows.length;
}

/** Rows of divs (or list items) under a header row of labels. */
export function tryHeaderRow(ctx: Ctx, parent: PageElement): void {
  let child = parent.firstElementChild;
  for (let i = 0; child && i < 3; i++, child = child.nextElementSibling) {
    if (ctx.claimed.has(child) || !isSmall(child, 80)) continue;
    const inner = unwrap(child);
    if (inner.childElementCount < 2 || inner.childElementCount > 24) continue;
    const cells = divCells(child);
    // Without table markup, two labelled boxes side by side are too weak a sign of a header row.
    const h = headerCells(cells, 3);
    if (!h) continue;
    const api = apiColumns(h, child);
    const cols = api ? undefined : headerColumns(h);
    if (!cols && !api) continue;
    if (cols === 'unrelated') {
      // A row of prices or balances sets aside itself and the rows of its width after it, never the page around
      // it: a nav of "Prices · Markets · Futures" links is such a row, and the session list may be its sibling.
      ctx.claimed.add(child);
      const width = cells.length;
      for (
        let s = child.nextElementSibling;
        s && (fitsColumns(s, width) || isRowGroup(s, width));
        s = s.nextElementSibling
      )
        ctx.claimed.add(s);
      return;
    }
    const texts = cells.map((c) => cleanText(c.textContent ?? ''));
    const rows: PageElement[] = [];
    // A header wrapped in its own head element ("thead" of divs) is followed by body elements holding the rows.
    const wrapped = inner !== child;
    for (let s = child.nextElementSibling; s && rows.length < MAX_ROWS * 2; s = s.nextElementSibling) {
      // A table after a row of labels is read as a table, never as one of this header's rows.
      if (s.localName === 'table' || GRID_ROLE.test(attr(s, 'role') ?? '')) break;
      ctx.claimed.add(s);
      if (wrapped || isRowGroup(s, cells.length)) rows.push(...kids(unwrap(s)));
      else rows.push(s);
    }
    const next = parent.nextElementSibling;
    // The body that follows a wrapped header row; a table there has its own header and is read as one.
    if (!rows.length && next && next.localName !== 'table' && !GRID_ROLE.test(attr(next, 'role') ?? '')) {
      const body = next;
      ctx.claimed.add(body);
      rows.push(...kids(unwrap(body).childElementCount > 1 ? unwrap(body) : body));
    }
    ctx.claimed.add(child);
    for (const r of rows) ctx.claimed.add(r);
    if (api) readApiRows(ctx, api, texts, rows, divCells);
    else readRows(ctx, cols!, texts, rows, divCells, child);
    return;
  }
}
