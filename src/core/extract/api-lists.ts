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
  PERMISSION_SEPARATORS,
  parseIpRestriction,
  parseKeyStatus,
  parsePermissions,
} from './api-words';
import { readCell } from './cells';
import { cleanText, isEmptyState, isPlaceholder, MAX_TEXT, parseIp } from './fields';
import { zoneOf } from './lines';
import { isHidden } from './markup';
import { attr, hasTag, isButton, isSmall, MAX_ROWS, type PageElement, SKIP } from './page-node';
import { type Ctx, spend } from './reading';
import { parseTime } from './time';

export interface ApiHeader {
  kind: ApiListKind;
  cols: (ApiField | undefined)[];
}

/** The list a header row's cells name, or undefined when the row is no header of one of these lists. */
export function apiColumns(cells: ArrayLike<PageElement>, minCells = 2): ApiHeader | undefined {
  if (cells.length < minCells || cells.length > 24) return undefined;
  const cols: (ApiField | undefined)[] = [];
  let named = 0;
  let nonEmpty = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (hasTag(cell, /^(?:h[1-6]|button)$/)) return undefined;
    const raw = isSmall(cell, 12) ? (cell.textContent ?? '') : '';
    const t = raw.length > 200 ? '' : cleanText(raw);
    // "IP: 1.2.3.4" is a labelled value, never a column header.
    if (/[:：]\s*\S/.test(t) || parseIp(t)) return undefined;
    const f = t ? classifyApiLabel(t) : undefined;
    if (t) nonEmpty++;
    if (f) named++;
    const span = Math.min(Number(attr(cell, 'colspan')) || 1, 24);
    for (let k = 0; k < span; k++) cols.push(f);
  }
  if (named < 2 || named * 5 < nonEmpty * 3) return undefined;
  const kind = apiListKind(new Set(cols));
  return kind ? { kind, cols } : undefined;
}

/** The words a cell lists, one per text node (chips, tags, lines), split at list separators; controls left out. */
export function cellTokens(el: PageElement): string[] {
  const out: string[] = [];
  let budget = 200;
  const walk = (e: PageElement, depth: number): void => {
    if (isHidden(e) || SKIP.has(e.localName) || isButton(e) || depth > 16) return;
    // An unticked box names a permission the key lacks.
    if (attr(e, 'aria-checked') === 'false' || attr(e, 'aria-disabled') === 'true') return;
    for (let c = e.firstChild; c && budget-- > 0; c = c.nextSibling) {
      if (c.nodeType === 3) {
        for (const part of (c.nodeValue ?? '').split(PERMISSION_SEPARATORS)) {
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
