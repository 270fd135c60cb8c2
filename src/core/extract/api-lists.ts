/**
 * API keys, API access-log calls and withdrawal-whitelist entries: which header row makes one of these lists, and
 * reading its rows. A cell is read only as its column's field: a key's label (the one string whoever created the key
 * chose) is that label, whatever labels, addresses or dates it spells.
 */

import type { ExtractedApiCall, ExtractedApiKey, ExtractedWhitelistEntry } from '../types';
import {
  type ApiField,
  type ApiListKind,
  apiListKind,
  classifyApiLabel,
  isApiHeading,
  listTokens,
  parseIpRestriction,
  parseKeyStatus,
  parsePermissions,
} from './api-words';
import { type HeaderCells, readCell } from './cells';
import { cleanText, isEmptyState, isPlaceholder, MAX_TEXT, parseIp } from './fields';
import { classifyLabel } from './labels';
import { zoneOf } from './lines';
import { isHidden } from './markup';
import { attr, isButton, kids, MAX_ROWS, type PageElement, SKIP } from './page-node';
import { type Ctx, spend } from './reading';
import { parseTime } from './time';

export interface ApiHeader {
  kind: ApiListKind;
  cols: (ApiField | undefined)[];
}

const SESSION_COLUMNS = new Set(['device', 'location', 'outcome', 'secondFactor', 'lastActive', 'firstSeen']);
const CALL_FIELDS = new Set<ApiField | undefined>(['time', 'ip', 'action', 'status', undefined]);

/**
 * Whether the title nearest a list names the API (its `aria-label`, a table's caption, or the nearest heading before
 * it): an access log whose header names no key column ("Time · IP · Action") is told from a sign-in log by it alone.
 */
export function isUnderApiTitle(el: PageElement): boolean {
  let cur: PageElement | null = el;
  for (let level = 0; cur && level < 6; level++, cur = cur.parentElement) {
    const aria = attr(cur, 'aria-label');
    if (aria) return isApiHeading(aria);
    const cap = cur.localName === 'table' ? kids(cur).find((c) => c.localName === 'caption') : undefined;
    if (cap) return isApiHeading(cap.textContent ?? '');
    let sib = cur.previousElementSibling;
    for (let i = 0; sib && i < 4; i++, sib = sib.previousElementSibling) {
      if ((sib.textContent ?? '').length > 400) break;
      if (sib.localName === 'legend' || attr(sib, 'role') === 'heading' || /^h[1-6]$/.test(sib.localName))
        return isApiHeading(sib.textContent ?? '');
    }
  }
  return false;
}

/** How many of a header row's texts are not empty. */
export function nonEmptyTexts(texts: readonly string[]): number {
  let n = 0;
  for (const t of texts) if (t) n++;
  return n;
}

/** A header row names two of its columns at least, and three in five of those with a text. */
export function tooFewNamed(named: number, nonEmpty: number): boolean {
  return named < 2 || named * 5 < nonEmpty * 3;
}

/**
 * The list a header row's cells name, or undefined when the row is no header of one of these lists. `at` is the list
 * (the table, or the header row of divs), for a log whose header alone does not say it is one of API calls.
 */
export function apiColumns(h: HeaderCells, at?: PageElement): ApiHeader | undefined {
  const cols: (ApiField | undefined)[] = [];
  const nonEmpty = nonEmptyTexts(h.texts);
  let named = 0;
  let unnamed = 0;
  for (let i = 0; i < h.texts.length; i++) {
    const t = h.texts[i]!;
    const f = t ? classifyApiLabel(t) : undefined;
    if (f) named++;
    // Once too few texts are left to be named, the row is no header: the rest are not asked.
    else if (t && tooFewNamed(nonEmpty - ++unnamed, nonEmpty)) return undefined;
    for (let k = 0; k < h.spans[i]!; k++) cols.push(f);
  }
  if (tooFewNamed(named, nonEmpty)) return undefined;
  const fields = new Set(cols);
  const kind = apiListKind(fields);
  if (kind) return { kind, cols };
  // Time, caller and action under a title naming the API, and nothing a session or sign-in list shows.
  if (!at || !fields.has('time') || !fields.has('ip') || !fields.has('action')) return undefined;
  for (const f of fields) if (!CALL_FIELDS.has(f)) return undefined;
  for (const t of h.texts) {
    const f = t ? classifyLabel(t) : undefined;
    if (f && SESSION_COLUMNS.has(f)) return undefined;
  }
  return isUnderApiTitle(at) ? { kind: 'calls', cols } : undefined;
}

function isBoxOff(box: PageElement | null): boolean {
  return !!box && attr(box, 'role') === 'checkbox' && attr(box, 'aria-checked') === 'false' && !box.textContent?.trim();
}

/** The words a cell lists, one per text node (chips, tags, lines), split at list separators; controls left out. */
export function cellTokens(el: PageElement): string[] {
  const out: string[] = [];
  let budget = 200;
  const walk = (e: PageElement, depth: number): void => {
    if (isHidden(e) || SKIP.has(e.localName) || isButton(e) || depth > 16) return;
    // An unticked box names a permission the key lacks: the box itself, or a box beside the words. Only
    // `aria-checked` tells: a native checkbox's state is a property the page copy cannot see, and a permission
    // read as granted is safer than one missed.
    if (attr(e, 'aria-checked') === 'false' || isBoxOff(e.firstElementChild)) return;
    for (let c = e.firstChild; c && budget-- > 0; c = c.nextSibling) {
      if (c.nodeType === 3) {
        for (const part of listTokens(c.nodeValue ?? '')) {
          const t = cleanText(part);
          if (t && out.length < 50) out.push(t);
        }
      } else if (c.nodeType === 1) walk(c as PageElement, depth + 1);
    }
  };
  walk(el, 0);
  return out;
}

function timeOf(ctx: Ctx, text: string, zone: string | undefined, machine: string | undefined): number | undefined {
  if (!text && !machine) return undefined;
  return parseTime(zone ? `${text} ${zone}` : text, {
    now: ctx.now,
    timeZone: ctx.timeZone,
    lang: ctx.lang,
    attr: machine,
  });
}

const short = (text: string): string | undefined => {
  const t = cleanText(text, 64);
  return t && !isPlaceholder(t) ? t : undefined;
};
const long = (text: string): string | undefined => {
  const t = cleanText(text, MAX_TEXT);
  return t && !isPlaceholder(t) ? t : undefined;
};

/** "USDT / TRC20", "BTC (Bitcoin)": one cell under a "Coin / Network" header. */
function splitCoinNetwork(text: string): [string | undefined, string | undefined] {
  const m = /^([^/|·()（）\s]{1,20})\s*(?:[/|·(（]\s*|\s+)([^()（）]{1,40}?)\s*[)）]?$/.exec(text);
  return m ? [short(m[1]!), short(m[2]!)] : [short(text), undefined];
}

/**
 * Reads the data rows under an API list's header into the context's list. The list is present once its header is,
 * with no rows if none reads as one (the worker then knows every key it saw before is gone).
 */
export function readApiRows(
  ctx: Ctx,
  header: ApiHeader,
  headerTexts: string[],
  rows: PageElement[],
  cellsOf: (r: PageElement) => PageElement[],
): void {
  const { kind, cols } = header;
  const zones = headerTexts.map(zoneOf);
  if (kind === 'keys') ctx.api.keys ??= [];
  if (kind === 'calls') ctx.api.calls ??= [];
  if (kind === 'whitelist') ctx.api.whitelist ??= [];
  const { keys, calls, whitelist } = {
    keys: kind === 'keys' ? ctx.api.keys : undefined,
    calls: kind === 'calls' ? ctx.api.calls : undefined,
    whitelist: kind === 'whitelist' ? ctx.api.whitelist : undefined,
  };
  for (let i = 0; i < rows.length && i < MAX_ROWS * 2; i++) {
    const rowEl = rows[i]!;
    ctx.records.add(rowEl);
    spend(ctx);
    const cells = cellsOf(rowEl);
    // One wide cell is an empty-state, group or pagination row.
    if (cells.length < 2 && cols.length > 2) continue;
    const by = new Map<ApiField, { text: string; el: PageElement; machine?: string; zone?: string }>();
    let col = 0;
    let same = 0;
    let all = '';
    for (const el of cells) {
      const f = cols[col];
      const c = readCell(el);
      if (c.text === headerTexts[col]) same++;
      all += `${c.text} `;
      if (f && !by.has(f)) by.set(f, { text: c.text || c.icon || '', el, machine: c.attr, zone: zones[col] });
      col += Math.min(Number(attr(el, 'colspan')) || 1, 24);
    }
    if (same === cells.length || isEmptyState(all.trim())) continue;
    const text = (f: ApiField) => by.get(f)?.text ?? '';
    const time = (...fs: ApiField[]) => {
      for (const f of fs) {
        const v = by.get(f);
        const t = v ? timeOf(ctx, v.text, v.zone, v.machine) : undefined;
        if (t !== undefined) return t;
      }
      return undefined;
    };
    if (keys) {
      const key: ExtractedApiKey = { label: long(text('name')) ?? '', permissions: [] };
      const keyText = long(text('key'));
      if (keyText) key.keyText = keyText;
      const perms = by.get('permissions');
      if (perms) key.permissions = parsePermissions(cellTokens(perms.el));
      if (by.has('ip')) {
        const r = parseIpRestriction(text('ip'));
        if (r.ips) key.ipRestriction = r.ips;
        if (r.unrestricted) key.unrestricted = true;
      }
      const created = time('created', 'time');
      if (created !== undefined) key.createdAt = created;
      const status = parseKeyStatus(text('status'));
      if (status) key.status = status;
      if ((key.label || key.keyText || key.permissions.length) && keys.length < MAX_ROWS) keys.push(key);
    } else if (calls) {
      const call: ExtractedApiCall = {};
      const t = time('time', 'created');
      if (t !== undefined) call.time = t;
      const keyText = long(text('key')) ?? long(text('name'));
      if (keyText) call.keyText = keyText;
      const ip = parseIp(text('ip'));
      if (ip) call.ip = ip;
      const action = short(text('action'));
      if (action) call.action = action;
      if ((call.time !== undefined || call.ip || call.keyText) && calls.length < MAX_ROWS) calls.push(call);
    } else if (whitelist) {
      const entry: ExtractedWhitelistEntry = {};
      const label = long(text('name'));
      if (label) entry.label = label;
      const [coin, network] = by.has('coinNetwork')
        ? splitCoinNetwork(text('coinNetwork'))
        : [short(text('coin')), short(text('network'))];
      if (coin) entry.coin = coin;
      if (network) entry.network = network;
      const address = long(text('address'));
      if (address) entry.addressText = address;
      const added = time('created', 'time');
      if (added !== undefined) entry.addedAt = added;
      if ((entry.addressText || entry.label) && whitelist.length < MAX_ROWS) whitelist.push(entry);
    }
  }
}
