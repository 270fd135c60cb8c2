/**
 * API keys and whitelisted addresses shown as cards: one box per key ("API Key: …", "Permissions", "IP access
 * restrictions", "Created"). A card is found by where its labelled fields stand, never by a title's words: the one
 * string an intruder writes on such a card (the key's label) may spell a label of its own, so it may add one field to
 * its card, never split, merge or drop cards.
 */

import type { ApiPermission, ExtractedApiCall, ExtractedApiKey, ExtractedWhitelistEntry } from '../types';
import { cellTokens } from './api-lists';
import {
  type ApiField,
  apiListKind,
  classifyApiLabel,
  listTokens,
  parseIpRestriction,
  parseKeyStatus,
  parsePermissions,
} from './api-words';
import { partsOf } from './cells';
import { cleanText, isPlaceholder, MAX_TEXT, parseIp } from './fields';
import { LABELLED, zoneOf } from './lines';
import { MAX_DEPTH, MAX_RECORD_TEXT, MAX_ROWS, type PageElement, type PageNode } from './page-node';
import { type Cell, type Ctx, spend } from './reading';
import { parseTime } from './time';

/** A line of a card, with the element it is when it is one. */
interface Line {
  cell: Cell;
  el?: PageElement;
}

/** What a card line labels: its field and the value written on the same line, if any. */
interface Labelled {
  f: ApiField;
  value?: string;
  /** The value's own texts (chips, parts) when it is written on the label's line. */
  tokens?: string[];
}

const LABEL_TAGS = new Set(['dt', 'th', 'label']);

/** The field a line labels: a bare label ("API Key", "Created:"), "Label: value", or a label part then value parts. */
function labelOf(c: Cell): Labelled | undefined {
  if (c.api === undefined) c.api = readLabel(c) ?? null;
  return c.api ?? undefined;
}

function readLabel(c: Cell): Labelled | undefined {
  const t = c.text;
  if (!t || t.length > 200) return undefined;
  const bare = t.replace(/[:：]\s*$/, '');
  if (bare.length <= 40 && !/[:：]/.test(bare)) {
    const f = classifyApiLabel(bare);
    if (f && f !== 'unrelated') return { f };
  }
  const colon = LABELLED.exec(t);
  if (colon) {
    const f = classifyApiLabel(colon[1]!);
    if (f && f !== 'unrelated') return { f, value: colon[2]!, tokens: listTokens(colon[2]!) };
  }
  if (c.cuts.length >= 2) {
    const parts = partsOf(c);
    const f =
      parts.length >= 2 && parts[0]!.length <= 41 ? classifyApiLabel(parts[0]!.replace(/[:：]\s*$/, '')) : undefined;
    if (f && f !== 'unrelated') return { f, value: parts.slice(1).join(' '), tokens: parts.slice(1) };
  }
  return undefined;
}

function collect(ctx: Ctx, node: PageNode, out: Line[], depth: number): void {
  const cell = ctx.lines.get(node);
  if (cell) {
    out.push({ cell, el: node as PageElement });
    return;
  }
  const items = ctx.runs.get(node);
  if (!items || depth > MAX_DEPTH || out.length > 200) return;
  for (const item of items) {
    if (!('nodeType' in item)) out.push({ cell: item });
    else collect(ctx, item, out, depth + 1);
  }
}

interface Stats {
  /** Lines labelling the key or the address: one per card, and one more at most where a title spells it. */
  anchors: number;
  fields: Map<ApiField, number>;
  len: number;
  hasPageHeading: boolean;
}

/**
 * Fields labelled in the subtree, counted per line. Elements under a claimed table or a session record are left out:
 * they are read by their own room.
 */
function stats(ctx: Ctx, el: PageNode, memo: Map<PageNode, Stats>, depth: number): Stats {
  const tag = el.nodeType === 1 ? (el as PageElement).localName : '';
  const s: Stats = { anchors: 0, fields: new Map(), len: 0, hasPageHeading: /^h[12]$/.test(tag) };
  memo.set(el, s);
  if (depth > MAX_DEPTH || ctx.claimed.has(el)) return s;
  const add = (c: Cell): void => {
    s.len += c.text.length;
    const l = labelOf(c);
    if (!l) return;
    s.fields.set(l.f, (s.fields.get(l.f) ?? 0) + 1);
    if (l.f === 'key' || l.f === 'address') s.anchors++;
  };
  const own = ctx.lines.get(el);
  if (own) {
    add(own);
    return s;
  }
  for (const item of ctx.runs.get(el) ?? []) {
    spend(ctx);
    if (!('nodeType' in item)) {
      add(item);
      continue;
    }
    const k = stats(ctx, item, memo, depth + 1);
    s.anchors += k.anchors;
    s.len += k.len;
    if (k.hasPageHeading) s.hasPageHeading = true;
    for (const [f, n] of k.fields) s.fields.set(f, (s.fields.get(f) ?? 0) + n);
  }
  return s;
}

/** One card's fields: at least two kinds, and none repeated but the one a title may add. */
function isCard(s: Stats): boolean {
  if (!s.anchors || s.fields.size < 2 || s.len > MAX_RECORD_TEXT || s.hasPageHeading) return false;
  let repeated = 0;
  for (const n of s.fields.values()) {
    if (n > 2) return false;
    if (n === 2) repeated++;
  }
  return repeated <= 1;
}

/** Cards under `el`: the children of the first element holding two or more cards, or the one card. */
function findCards(ctx: Ctx, el: PageNode, memo: Map<PageNode, Stats>, out: PageElement[][], depth: number): void {
  const s = memo.get(el);
  if (!s?.anchors || depth > MAX_DEPTH) return;
  const kids: PageElement[] = [];
  for (const item of ctx.runs.get(el) ?? []) if ('nodeType' in item && memo.get(item)?.anchors) kids.push(item);
  const cards = kids.filter((k) => isCard(memo.get(k)!));
  if (cards.length >= 2) {
    out.push(cards.slice(0, MAX_ROWS));
    for (const k of kids) if (!cards.includes(k)) findCards(ctx, k, memo, out, depth + 1);
    return;
  }
  if (isCard(s) && el.nodeType === 1) {
    out.push([el as PageElement]);
    return;
  }
  for (const k of kids) findCards(ctx, k, memo, out, depth + 1);
}

const value = (text: string, max = MAX_TEXT): string | undefined => {
  const t = cleanText(text, max);
  return t && !isPlaceholder(t) ? t : undefined;
};

interface Read {
  name?: string;
  values: Map<ApiField, { text: string; tokens: string[]; machine?: string; zone?: string }>;
  status?: 'enabled' | 'disabled';
}

/**
 * A card's title and labelled values. The first line is its title unless the cards of its list agree it is a label
 * (`isTitled` false), or its markup makes it one (`dt`, `th`, `label`). A label alone on its line owns the next
 * line as its value, unless that line is itself a bare label.
 */
function readCard(ctx: Ctx, el: PageElement, isTitled: boolean): Read {
  const lines: Line[] = [];
  collect(ctx, el, lines, 0);
  const out: Read = { values: new Map() };
  let i = 0;
  const first = lines[0];
  if (first && isTitled && !(first.el && LABEL_TAGS.has(first.el.localName))) {
    out.name = value(first.cell.text);
    i = 1;
  }
  let pending: { f: ApiField; zone?: string; el?: PageElement; isTaken?: boolean } | undefined;
  const put = (f: ApiField, text: string, tokens: string[], machine?: string, zone?: string): void => {
    const cur = out.values.get(f);
    if (cur && f === 'permissions') cur.tokens.push(...tokens);
    else if (!cur) out.values.set(f, { text, tokens, machine, zone });
  };
  for (; i < lines.length; i++) {
    const { cell, el: lineEl } = lines[i]!;
    const l = labelOf(cell);
    // A label's value on the next line: taken whole, whatever it spells, when it is the label's own sibling.
    if (pending) {
      const isSibling = !pending.isTaken && lineEl !== undefined && pending.el?.nextElementSibling === lineEl;
      if (isSibling || !l) {
        const tokens = lineEl ? cellTokens(lineEl) : listTokens(cell.text);
        put(pending.f, cell.text, tokens, cell.attr, pending.zone);
        // Chips or boxes of permissions may take several lines, up to the next label.
        if (pending.f === 'permissions') pending.isTaken = true;
        else pending = undefined;
        continue;
      }
      pending = undefined;
    }
    if (l && l.value === undefined) {
      pending = { f: l.f, zone: zoneOf(cell.text), ...(lineEl ? { el: lineEl } : {}) };
      continue;
    }
    pending = undefined;
    if (l) {
      put(l.f, l.value!, (l.tokens ?? []).map((t) => cleanText(t)).filter(Boolean), cell.attr, zoneOf(cell.text));
      continue;
    }
    // A badge of its own ("Enabled") states the key's status; the title never does.
    if (cell.text.length <= 24) out.status ??= parseKeyStatus(cell.text);
  }
  return out;
}

// Words of the fields a card is anchored on (a key, an address), in every language labels are read in: a page with no
// line holding one has no card, and its lines need not be read for labels.
const ANCHOR_WORD =
  /key|キー|키|ключ|anahtar|khóa|clave|chave|clé|schlüssel|مفتاح|密[钥鑰]|金[钥鑰]|address|地址|位址|アドレス|주소|адрес|adres|địa chỉ|dirección|endereço|adresse|عنوان/i;

function mayHoldCards(ctx: Ctx): boolean {
  const has = (c: Cell) => c.text.length <= 200 && ANCHOR_WORD.test(c.text);
  for (const c of ctx.lines.values()) if (has(c)) return true;
  for (const items of ctx.runs.values()) for (const item of items) if (!('nodeType' in item) && has(item)) return true;
  return false;
}

function timeOf(ctx: Ctx, v: { text: string; machine?: string; zone?: string } | undefined): number | undefined {
  if (!v) return undefined;
  return parseTime(v.zone ? `${v.text} ${v.zone}` : v.text, {
    now: ctx.now,
    timeZone: ctx.timeZone,
    lang: ctx.lang,
    attr: v.machine,
  });
}

/**
 * Finds API-key and whitelist cards in what the walk left unclaimed, reads them into the context's lists and returns
 * the card elements (their contents are no session list).
 */
export function readApiCards(ctx: Ctx, root: PageNode): PageElement[] {
  if (!mayHoldCards(ctx)) return [];
  const memo = new Map<PageNode, Stats>();
  stats(ctx, root, memo, 0);
  const groups: PageElement[][] = [];
  findCards(ctx, root, memo, groups, 0);
  const read: PageElement[] = [];
  for (const cards of groups) {
    // The first line is a title unless most cards of the list show a label there.
    let labelledFirst = 0;
    for (const card of cards) {
      const lines: Line[] = [];
      collect(ctx, card, lines, 0);
      if (lines[0] && labelOf(lines[0].cell)) labelledFirst++;
    }
    const isTitled = cards.length === 1 || labelledFirst * 3 < cards.length * 2;
    const fields = new Set<ApiField>();
    const rows = cards.map((c) => {
      spend(ctx);
      const r = readCard(ctx, c, isTitled);
      for (const f of r.values.keys()) fields.add(f);
      return r;
    });
    if (rows.some((r) => r.name)) fields.add('name');
    const kind = apiListKind(fields);
    if (!kind) continue;
    for (const c of cards) {
      read.push(c);
      ctx.records.add(c);
    }
    if (kind === 'keys') {
      ctx.api.keys ??= [];
      for (const r of rows) {
        const v = (f: ApiField) => r.values.get(f);
        const label = r.name ?? value(v('name')?.text ?? '') ?? '';
        const key: ExtractedApiKey = { label, permissions: [] };
        const keyText = value(v('key')?.text ?? '');
        if (keyText) key.keyText = keyText;
        const perms: ApiPermission[] = parsePermissions(v('permissions')?.tokens ?? []);
        key.permissions = perms;
        const ip = v('ip');
        if (ip) {
          const restriction = parseIpRestriction(ip.text);
          if (restriction.ips) key.ipRestriction = restriction.ips;
          if (restriction.unrestricted) key.unrestricted = true;
        }
        const created = timeOf(ctx, v('created')) ?? timeOf(ctx, v('time'));
        if (created !== undefined) key.createdAt = created;
        const status = (v('status') && parseKeyStatus(v('status')!.text)) || r.status;
        if (status) key.status = status;
        if (ctx.api.keys.length < MAX_ROWS) ctx.api.keys.push(key);
      }
    } else if (kind === 'calls') {
      ctx.api.calls ??= [];
      for (const r of rows) {
        const v = (f: ApiField) => r.values.get(f);
        const call: ExtractedApiCall = {};
        const t = timeOf(ctx, v('time')) ?? timeOf(ctx, v('created'));
        if (t !== undefined) call.time = t;
        // The title of a call's card is the key it names, when no line labels the key.
        const keyText = value(v('key')?.text ?? '') ?? r.name;
        if (keyText) call.keyText = keyText;
        const ip = parseIp(v('ip')?.text ?? '');
        if (ip) call.ip = ip;
        const action = value(v('action')?.text ?? '', 64);
        if (action) call.action = action;
        if (ctx.api.calls.length < MAX_ROWS) ctx.api.calls.push(call);
      }
    } else {
      ctx.api.whitelist ??= [];
      for (const r of rows) {
        const v = (f: ApiField) => r.values.get(f);
        const entry: ExtractedWhitelistEntry = {};
        const label = r.name ?? value(v('name')?.text ?? '');
        if (label) entry.label = label;
        const coin = value(v('coin')?.text ?? '', 64);
        if (coin) entry.coin = coin;
        const network = value(v('network')?.text ?? '', 64);
        if (network) entry.network = network;
        const address = value(v('address')?.text ?? '');
        if (address) entry.addressText = address;
        const added = timeOf(ctx, v('created')) ?? timeOf(ctx, v('time'));
        if (added !== undefined) entry.addedAt = added;
        if (ctx.api.whitelist.length < MAX_ROWS) ctx.api.whitelist.push(entry);
      }
    }
  }
  return read;
}
