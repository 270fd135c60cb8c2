import type {
  ClientKind,
  ExtractedLogin,
  ExtractedScan,
  ExtractedSession,
  LoginOutcome,
  SecondFactor,
  SessionStatus,
} from '../types';
import {
  cleanText,
  currentMarkerStrength,
  isEmptyState,
  isPlaceholder,
  isRevokeText,
  looksLikeDevice,
  looksLikeLocation,
  MAX_TEXT,
  parseIp,
  parseKind,
  parseOutcome,
  parseSecondFactor,
  parseStatus,
  statusFromClass,
  stripCurrentMarker,
} from './fields';
import { classifyHeading, classifyLabel, type FieldName } from './labels';
import { parseTime } from './time';

export interface ExtractOptions {
  url: string;
  now: number;
  /** IANA zone used when the page states none */
  timeZone?: string;
}

const MAX_ROWS = 2000;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 100_000;
/** A record (card) longer than this is a page region, not one session. */
const MAX_RECORD_TEXT = 1500;

const SKIP = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'svg',
  'canvas',
  'iframe',
  'object',
  'select',
  'head',
]);
const BLOCK = new Set(
  'address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul menu'.split(
    ' ',
  ),
);
// Regions a single session card never spans.
const BARRIER = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'nav',
  'footer',
  'main',
  'aside',
  'table',
  'body',
  'html',
]);
const CURRENT_CLASS = /(?:^|[\s_-])(?:current|is-current|this-device|current-session|current-device)(?=$|[\s_-])/i;
const UA = /mozilla\/\d|applewebkit\/|gecko\/|dalvik\/|cfnetwork\/|okhttp\//i;
const MACHINE_TIME = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{10}(?:\d{3})?\s*$)/;
const TIME_ATTR = /^data-(?:.*(?:time|date|stamp|seen)|ts|at)$/;

type Slot = FieldName | 'anyTime';
type Put = { f: Slot | 'cur' | 'label' | 'raw'; t: string; label?: FieldName };

/** What one cell, line or run of inline nodes says, read once. */
interface Cell {
  text: string;
  /** Texts of the top-level nodes, to split "<b>IP</b> 1.2.3.4" into label and value. */
  parts: string[];
  attr?: string;
  ua?: string;
  dot?: SessionStatus;
  rev: boolean;
  cur: boolean;
  puts?: Put[];
}

interface Row {
  dev: string[];
  ua?: string;
  ip?: string;
  loc?: string;
  time?: number;
  first?: number;
  last?: number;
  anyTime: number[];
  status?: SessionStatus;
  outcome?: LoginOutcome;
  factor?: SecondFactor;
  kind?: ClientKind;
  /** 2: explicit "this device"; 1: "active now" only. */
  cur: number;
  rev: boolean;
  dot?: SessionStatus;
}

interface Ctx {
  now: number;
  timeZone?: string;
  lang?: string;
  seen: number;
  claimed: Set<Node>;
  lines: Map<Node, Cell>;
  runs: Map<Node, (Cell | Element)[]>;
  groups: Map<Node, Element[]>;
  sessions: ExtractedSession[];
  logins: ExtractedLogin[];
  hasSessionList: boolean;
  hasLoginList: boolean;
}

/** Per-subtree summary used to find one-session records (cards, list items). */
interface Sum {
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
const K_IP = 0;
const K_DEV = 1;
const K_LOC = 2;
const K_TIME = 3;
const K_CUR = 4;
const K_REV = 5;
const K_STATUS = 6;
const K_OUTCOME = 7;
const K_2FA = 8;
const K_UNREL = 9;
const COUNT_LIMIT = [1, 2, 1, 4, 1, 1, 1, 1, 1, 99];
const LABEL_FIELDS: FieldName[] = [
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
const labelBit = (f: FieldName): number => {
  const i = LABEL_FIELDS.indexOf(f);
  return i < 0 ? 0 : 1 << i;
};
const CONTENT_KIND: Partial<Record<Slot | 'cur', number>> = {
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
const zeros = (): number[] => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const EMPTY_SUM: Sum = { c: zeros(), labels: 0, rep: false, bar: false, len: 0, hasBlock: false, lineable: true };
const BAR_SUM: Sum = { c: zeros(), labels: 0, rep: false, bar: true, len: 0, hasBlock: true, lineable: false };

function isButton(e: Element): boolean {
  const tag = e.localName;
  if (tag === 'button' || e.getAttribute('role') === 'button') return true;
  return tag === 'input' && /^(?:button|submit)$/i.test(e.getAttribute('type') ?? '');
}

function controlLabel(e: Element): string {
  return `${e.textContent ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('value') ?? ''}`.slice(
    0,
    300,
  );
}

/** Reads text (block boundaries become spaces), machine times, user agents, dots and buttons under nodes. */
function readNodes(nodes: ArrayLike<Node>, root?: Element): Cell {
  const cell: Cell = { text: '', parts: [], rev: false, cur: false };
  let buf = '';
  const inspect = (e: Element): void => {
    const attrs = e.attributes;
    if (!attrs.length) return;
    if (e.localName === 'time') cell.attr ??= e.getAttribute('datetime') ?? undefined;
    for (let i = 0; i < attrs.length && i < 32; i++) {
      const a = attrs[i]!;
      const v = a.value;
      if (a.name === 'class') {
        if (CURRENT_CLASS.test(v)) cell.cur = true;
        const dot = statusFromClass(v);
        if (dot && !cell.dot && !e.textContent?.trim()) cell.dot = dot;
      } else if (v.length > 9) {
        if (UA.test(v)) cell.ua ??= cleanText(v);
        else if ((a.name === 'title' || TIME_ATTR.test(a.name)) && MACHINE_TIME.test(v)) cell.attr ??= v;
      }
    }
  };
  const walk = (e: Element, depth: number): void => {
    inspect(e);
    const tag = e.localName;
    if (SKIP.has(tag) || depth > 24) return;
    if (isButton(e)) {
      // Buttons are controls, not data: their words never become a device name.
      if (isRevokeText(controlLabel(e))) cell.rev = true;
      return;
    }
    if (tag === 'a' && isRevokeText(controlLabel(e))) {
      cell.rev = true;
      return;
    }
    // Element edges separate words: UIs set "<span>Chrome</span><span>Windows</span>" apart with CSS, not spaces.
    buf += ' ';
    for (let c = e.firstChild; c && buf.length < 2000; c = c.nextSibling) {
      if (c.nodeType === 3) buf += c.nodeValue;
      else if (c.nodeType === 1) walk(c as Element, depth + 1);
    }
    buf += ' ';
  };
  if (root) inspect(root);
  for (let i = 0; i < nodes.length && buf.length < 2000; i++) {
    const n = nodes[i]!;
    const start = buf.length;
    if (n.nodeType === 3) buf += n.nodeValue;
    else if (n.nodeType === 1) walk(n as Element, 0);
    const part = cleanText(buf.slice(start));
    if (part) cell.parts.push(part);
  }
  cell.text = cleanText(buf);
  return cell;
}

function readCell(e: Element): Cell {
  if (isButton(e) || (e.localName === 'a' && isRevokeText(controlLabel(e)))) return readNodes([e]);
  return readNodes(e.childNodes, e);
}

/** What an unlabeled text most likely is, judged by its content. */
function guess(t: string, ctx: Ctx): Put['f'] | undefined {
  const ip = parseIp(t);
  if (ip && t.length <= ip.length + 24) return 'ip';
  if (t.length <= 60 && currentMarkerStrength(t) === 2) return 'cur';
  if (
    t.length <= 60 &&
    /\d|\p{L}/u.test(t) &&
    parseTime(t, { now: ctx.now, timeZone: ctx.timeZone, lang: ctx.lang }) !== undefined
  )
    return 'anyTime';
  if (t.length <= 30) {
    if (parseStatus(t)) return 'status';
    if (parseOutcome(t)) return 'outcome';
  }
  if (looksLikeDevice(t)) return 'device';
  if (t.length <= 40) {
    const f = parseSecondFactor(t);
    if (f && f !== 'other' && f !== 'none') return 'secondFactor';
  }
  if (looksLikeLocation(t)) return 'location';
  return undefined;
}

const SEPARATORS = /\s+[·•|｜—–]\s+|\s*[·•｜]\s*/;
const TIME_FIELDS = new Set<FieldName>(['time', 'firstSeen', 'lastActive']);

/** Splits a card line into labelled and content-guessed values. */
function readLine(c: Cell, ctx: Ctx): Put[] {
  if (c.puts) return c.puts;
  const out: Put[] = [];
  c.puts = out;
  if (!c.text) {
    if (c.attr) out.push({ f: 'anyTime', t: '' });
    return out;
  }
  const chunks = c.text.split(SEPARATORS).filter(Boolean);
  for (const chunk of chunks.slice(0, 12)) {
    const colon = /^([^:：]{1,40}?)\s*[:：]\s*(.+)$/.exec(chunk);
    const colonField = colon ? classifyLabel(colon[1]!) : undefined;
    if (colon && colonField) {
      out.push({ f: colonField, t: colon[2]!, label: colonField });
      continue;
    }
    if (chunks.length === 1 && c.parts.length >= 2) {
      const f = classifyLabel(c.parts[0]!);
      if (f && !guess(c.parts[0]!, ctx)) {
        out.push({ f, t: c.parts.slice(1).join(' '), label: f });
        continue;
      }
    }
    const g = guess(chunk, ctx);
    // "Last accessed on 14 Apr 14:12": a label phrase glued to its value, accepted only when the value parses.
    if (!g || g === 'anyTime') {
      const words = chunk.split(' ');
      let found: Put | undefined;
      for (let n = 1; n < words.length && n <= 4 && !found; n++) {
        const f = classifyLabel(words.slice(0, n).join(' '));
        const rest = words.slice(n).join(' ');
        if (
          f &&
          TIME_FIELDS.has(f) &&
          parseTime(rest, { now: ctx.now, timeZone: ctx.timeZone, lang: ctx.lang }) !== undefined
        )
          found = { f, t: rest, label: f };
        else if (f === 'ip' && parseIp(rest)) found = { f, t: rest, label: f };
      }
      if (found) {
        out.push(found);
        continue;
      }
    }
    if (g) {
      out.push({ f: g, t: chunk });
      continue;
    }
    const label = classifyLabel(chunk);
    out.push(label ? { f: 'label', t: chunk, label } : { f: 'raw', t: chunk });
  }
  // A machine time on the line ("3h" with data-time=…) when its text did not parse.
  if (c.attr && !out.some((p) => p.f === 'anyTime' || (p.label && TIME_FIELDS.has(p.label)))) {
    const last = out[out.length - 1];
    if (last?.f === 'raw') out.pop();
    out.push({ f: 'anyTime', t: last?.f === 'raw' ? last.t : '' });
  }
  return out;
}

function lineSum(c: Cell, ctx: Ctx): Sum {
  const counts = zeros();
  let labels = 0;
  let rep = false;
  if (c.rev) counts[K_REV] = 1;
  if (c.cur) counts[K_CUR] = 1;
  for (const p of readLine(c, ctx)) {
    const label = p.f === 'unrelated' || p.label === 'unrelated' ? -1 : p.label ? labelBit(p.label) : 0;
    if (label < 0) counts[K_UNREL]! += 1;
    else if (labels & label) rep = true;
    else labels |= label;
    const k = p.f === 'label' || p.f === 'raw' ? undefined : CONTENT_KIND[p.f];
    if (k !== undefined) counts[k]! += 1;
  }
  return { c: counts, labels, rep, bar: false, len: c.text.length, hasBlock: false, lineable: false };
}

function merge(a: Sum, b: Sum): Sum {
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

function isRecord(s: Sum): boolean {
  if (s.rep || s.bar || s.c[K_UNREL] || s.len > MAX_RECORD_TEXT) return false;
  const has = (k: number, label: FieldName) => s.c[k]! > 0 || (s.labels & labelBit(label)) !== 0;
  if (!has(K_IP, 'ip') && !has(K_DEV, 'device')) return false;
  let kinds = 0;
  if (has(K_IP, 'ip')) kinds++;
  if (has(K_DEV, 'device')) kinds++;
  if (has(K_LOC, 'location')) kinds++;
  if (has(K_TIME, 'time') || s.labels & (labelBit('firstSeen') | labelBit('lastActive'))) kinds++;
  if (has(K_STATUS, 'status') || has(K_OUTCOME, 'outcome') || has(K_2FA, 'secondFactor')) kinds++;
  if (s.c[K_CUR]! + s.c[K_REV]! > 0) kinds++;
  return kinds >= 2;
}

function newRow(): Row {
  return { dev: [], anyTime: [], cur: 0, rev: false };
}

function put(row: Row, f: Slot, text: string, c: Cell | undefined, ctx: Ctx): void {
  const strength = currentMarkerStrength(text);
  if (strength > row.cur && f !== 'device') row.cur = strength;
  switch (f) {
    case 'device': {
      const d = stripCurrentMarker(text);
      if (d !== text) row.cur = 2;
      if (d && !isPlaceholder(d) && row.dev.length < 4) row.dev.push(d);
      break;
    }
    case 'ip':
      row.ip ??= parseIp(text);
      break;
    case 'location':
      if (!isPlaceholder(text) && !parseIp(text)) row.loc ??= text;
      break;
    case 'time':
    case 'firstSeen':
    case 'lastActive':
    case 'anyTime': {
      if (strength === 2) break;
      const t = parseTime(text, { now: ctx.now, timeZone: ctx.timeZone, lang: ctx.lang, attr: c?.attr });
      if (t === undefined) break;
      if (f === 'time') row.time ??= t;
      else if (f === 'firstSeen') row.first ??= t;
      else if (f === 'lastActive') row.last ??= t;
      else if (row.anyTime.length < 4) row.anyTime.push(t);
      break;
    }
    case 'status': {
      const s = text ? parseStatus(text) : c?.dot;
      if (s) row.status ??= s;
      else row.outcome ??= parseOutcome(text);
      break;
    }
    case 'outcome':
      row.outcome ??= parseOutcome(text);
      break;
    case 'secondFactor':
      if (!isPlaceholder(text) || /^(?:-|—)$/.test(text)) row.factor ??= parseSecondFactor(text);
      break;
    case 'kind':
      row.kind ??= parseKind(text);
      break;
  }
}

/** Folds a cell's flags (buttons, badges, dots, user agent) into the row. */
function absorb(row: Row, c: Cell, isStatusCell = false): void {
  if (c.rev) row.rev = true;
  if (c.cur) row.cur = 2;
  if (c.ua) row.ua ??= c.ua;
  if (c.dot && !isStatusCell) row.dot ??= c.dot;
}

function headingFor(el: Element): 'sessions' | 'logins' | undefined {
  let cur: Element | null = el;
  for (let level = 0; cur && level < 6; level++, cur = cur.parentElement) {
    const aria = cur.getAttribute('aria-label');
    const own = aria ? classifyHeading(aria) : undefined;
    if (own) return own;
    if (cur.localName === 'table') {
      const cap = cur.querySelector(':scope > caption');
      const h = cap ? classifyHeading(cap.textContent ?? '') : undefined;
      if (h) return h;
    }
    let weak: 'sessions' | 'logins' | undefined;
    let sib = cur.previousElementSibling;
    for (let i = 0; sib && i < 4; i++, sib = sib.previousElementSibling) {
      const text = sib.textContent ?? '';
      // Past a large sibling (another list, a whole section) the heading belongs to something else.
      if (text.length > 400) break;
      const h = classifyHeading(text);
      if (!h) continue;
      const tag = sib.localName;
      if (
        /^h[1-6]$|^legend$/.test(tag) ||
        sib.getAttribute('role') === 'heading' ||
        sib.querySelector('h1,h2,h3,h4,h5,h6')
      )
        return h;
      weak ??= h;
    }
    if (weak) return weak;
  }
  return undefined;
}

type ListKind = 'sessions' | 'logins';

function decide(fields: Set<Slot>, rows: Row[], heading: ListKind | undefined): ListKind {
  let login = heading === 'logins' ? 3 : 0;
  let sess = heading === 'sessions' ? 3 : 0;
  if (fields.has('outcome') || rows.some((r) => r.outcome)) login += 2;
  if (fields.has('secondFactor') || rows.some((r) => r.factor)) login += 2;
  if (fields.has('lastActive') || rows.some((r) => r.last !== undefined)) sess += 1;
  if (fields.has('firstSeen')) sess += 1;
  if (rows.some((r) => r.status)) sess += 2;
  if (rows.some((r) => r.rev)) sess += 1;
  if (rows.some((r) => r.cur === 2)) sess += 1;
  if (login !== sess) return login > sess ? 'logins' : 'sessions';
  return fields.has('time') ? 'logins' : 'sessions';
}

function finishSessions(rows: Row[]): ExtractedSession[] {
  const strong = rows.filter((r) => r.cur === 2);
  let current = new Set(strong);
  if (!strong.length) {
    // Weak signals count only when they single out one row: "active now", a lone green dot,
    // or the one row without a revoke button (sites do not offer to revoke the session you are using).
    const rules = [
      rows.filter((r) => r.cur === 1),
      rows.filter((r) => r.dot === 'online' && !r.status),
      rows.length >= 2 && rows.filter((r) => r.rev).length === rows.length - 1 ? rows.filter((r) => !r.rev) : [],
    ];
    current = new Set(rules.find((r) => r.length === 1) ?? []);
  }
  return rows.map((r) => {
    const device = r.dev.join(' · ').slice(0, MAX_TEXT);
    const s: ExtractedSession = { device, isCurrent: current.has(r) };
    const any = [...r.anyTime];
    let first = r.first ?? r.time;
    let last = r.last;
    if (first === undefined && last === undefined && any.length >= 2) {
      first = Math.min(...any);
      last = Math.max(...any);
    } else {
      if (last === undefined) last = any.shift();
      if (first === undefined) first = any.shift();
    }
    if (r.ua) s.userAgent = r.ua;
    if (r.ip) s.ip = r.ip;
    if (r.loc) s.location = r.loc;
    if (first !== undefined) s.firstSeen = first;
    if (last !== undefined) s.lastActive = last;
    if (r.status) s.status = r.status;
    const kind = r.kind ?? parseKind(device, true);
    if (kind) s.kind = kind;
    return s;
  });
}

function finishLogins(rows: Row[]): ExtractedLogin[] {
  return rows.map((r) => {
    const device = r.dev.join(' · ').slice(0, MAX_TEXT);
    const l: ExtractedLogin = { device };
    const time = r.time ?? r.first ?? r.last ?? r.anyTime[0];
    if (time !== undefined) l.time = time;
    if (r.ip) l.ip = r.ip;
    if (r.ua) l.userAgent = r.ua;
    if (r.loc) l.location = r.loc;
    if (r.outcome) l.outcome = r.outcome;
    if (r.factor) l.secondFactor = r.factor;
    const kind = r.kind ?? parseKind(device, true);
    if (kind) l.kind = kind;
    return l;
  });
}

function emit(ctx: Ctx, kind: ListKind, rows: Row[]): void {
  if (kind === 'sessions') {
    ctx.hasSessionList = true;
    for (const s of finishSessions(rows)) if (ctx.sessions.length < MAX_ROWS) ctx.sessions.push(s);
  } else {
    ctx.hasLoginList = true;
    for (const l of finishLogins(rows)) if (ctx.logins.length < MAX_ROWS) ctx.logins.push(l);
  }
}

const useful = (r: Row): boolean =>
  r.dev.length > 0 || r.ip !== undefined || r.loc !== undefined || r.time !== undefined || r.last !== undefined;

type Column = FieldName | undefined;

/** True when the subtree has at most `limit` elements; stops counting there, so probing stays cheap. */
function isSmall(el: Element, limit: number): boolean {
  const stack: Element[] = [el];
  let n = 0;
  while (stack.length) {
    const e = stack.pop()!;
    if (++n > limit) return false;
    for (let c = e.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  return true;
}

/**
 * Column fields named by a header row's cells; `unrelated` for a header of prices, balances or
 * API keys (the whole list is skipped); undefined when the row is no header we read.
 */
function headerColumns(cells: ArrayLike<Element>): Column[] | 'unrelated' | undefined {
  if (cells.length < 2 || cells.length > 24) return undefined;
  const cols: Column[] = [];
  let named = 0;
  let nonEmpty = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const raw = isSmall(cell, 12) ? (cell.textContent ?? '') : '';
    const t = raw.length > 200 ? '' : cleanText(raw);
    const f = t ? classifyLabel(t) : undefined;
    if (t) nonEmpty++;
    if (f) named++;
    const span = Math.min(Number(cell.getAttribute('colspan')) || 1, 24);
    for (let k = 0; k < span; k++) cols.push(f);
  }
  const fs = new Set(cols);
  if (named * 5 < nonEmpty * 3) return undefined;
  if (fs.has('unrelated')) return 'unrelated';
  let n = 0;
  for (const f of LABEL_FIELDS) if (fs.has(f)) n++;
  const id = fs.has('device') || fs.has('ip');
  const timed = fs.has('time') || fs.has('lastActive') || fs.has('firstSeen');
  return (id && n >= 2) || (timed && (fs.has('outcome') || fs.has('secondFactor'))) ? cols : undefined;
}

/** Reads data rows against header columns and emits the list. */
function readRows(
  ctx: Ctx,
  cols: Column[],
  headerTexts: string[],
  rows: Element[],
  cellsOf: (r: Element) => Element[],
  at: Element,
): void {
  const out: Row[] = [];
  const fields = new Set<Slot>(cols.filter((c): c is FieldName => c !== undefined));
  for (let i = 0; i < rows.length && out.length < MAX_ROWS && i < MAX_ROWS * 2; i++) {
    const cells = cellsOf(rows[i]!);
    // One wide cell is an empty-state, group or pagination row.
    if (cells.length < 2 && cols.length > 2) continue;
    const row = newRow();
    let col = 0;
    let same = 0;
    let text = '';
    for (const cellEl of cells) {
      const f = cols[col];
      const c = readCell(cellEl);
      if (c.text === headerTexts[col]) same++;
      text += `${c.text} `;
      absorb(row, c, f === 'status');
      if (f) put(row, f, c.text, c, ctx);
      else if (c.text) {
        for (const p of readLine(c, ctx)) {
          if (p.f === 'cur') row.cur = 2;
          else if (p.f !== 'label' && p.f !== 'raw') put(row, p.f, p.t, c, ctx);
        }
      } else if (c.attr) put(row, 'anyTime', '', c, ctx);
      col += Math.min(Number(cellEl.getAttribute('colspan')) || 1, 24);
    }
    if (same === cells.length || isEmptyState(text.trim()) || !useful(row)) continue;
    out.push(row);
  }
  emit(ctx, decide(fields, out, headingFor(at)), out);
}

function rowsOf(table: Element): Element[] {
  if (table.localName === 'table') return Array.from((table as HTMLTableElement).rows);
  return Array.from(table.querySelectorAll('[role="row"]')).filter(
    (r) => r.parentElement?.closest('[role="grid"],[role="table"],[role="treegrid"],table') === table,
  );
}

function cellsOfRow(row: Element): Element[] {
  if (row.localName === 'tr') return Array.from((row as HTMLTableRowElement).cells);
  const kids = Array.from(row.children);
  const aria = kids.filter((k) => /^(?:cell|gridcell|columnheader|rowheader)$/.test(k.getAttribute('role') ?? ''));
  return aria.length ? aria : kids;
}

/** `<table>` and ARIA grids: a header row (thead, th or first row) names the columns. True when claimed. */
function readTable(ctx: Ctx, table: Element): boolean {
  const rows = rowsOf(table);
  for (let h = 0; h < Math.min(rows.length, 3); h++) {
    const cells = cellsOfRow(rows[h]!);
    const cols = headerColumns(cells);
    if (cols === 'unrelated') return true;
    if (!cols) continue;
    const texts: string[] = [];
    for (const c of cells) texts.push(cleanText(c.textContent ?? ''));
    const body = rows.slice(h + 1).filter((r) => r.parentElement?.localName !== 'tfoot');
    readRows(ctx, cols, texts, body, cellsOfRow, table);
    return true;
  }
  return false;
}

/** The element whose children are a div row's cells, looking through single wrapper elements. */
function unwrap(row: Element): Element {
  let el = row;
  for (let i = 0; i < 3 && el.children.length === 1; i++) el = el.children[0]!;
  return el;
}

function divCells(row: Element): Element[] {
  return Array.from(unwrap(row).children).filter((c) => !SKIP.has(c.localName));
}

/** Rows of divs (or list items) under a header row of labels. */
function tryHeaderRow(ctx: Ctx, parent: Element): void {
  let child = parent.firstElementChild;
  for (let i = 0; child && i < 3; i++, child = child.nextElementSibling) {
    if (ctx.claimed.has(child) || !isSmall(child, 200)) continue;
    const inner = unwrap(child);
    if (inner.childElementCount < 2 || inner.childElementCount > 24) continue;
    const cells = divCells(child);
    const cols = headerColumns(cells);
    if (!cols) continue;
    if (cols === 'unrelated') {
      ctx.claimed.add(parent);
      return;
    }
    const texts = cells.map((c) => cleanText(c.textContent ?? ''));
    const rows: Element[] = [];
    // A header wrapped in its own head element ("thead" of divs) is followed by body elements holding the rows.
    const wrapped = inner !== child;
    for (let s = child.nextElementSibling; s && rows.length < MAX_ROWS * 2; s = s.nextElementSibling) {
      ctx.claimed.add(s);
      if (wrapped) rows.push(...Array.from(s.children));
      else rows.push(s);
    }
    if (!rows.length && parent.nextElementSibling) {
      const body = parent.nextElementSibling;
      ctx.claimed.add(body);
      rows.push(...Array.from(unwrap(body).children.length > 1 ? unwrap(body).children : body.children));
    }
    ctx.claimed.add(child);
    for (const r of rows) ctx.claimed.add(r);
    readRows(ctx, cols, texts, rows, divCells, child);
    return;
  }
}

function isDeviceTitle(el: Element): boolean {
  const t = cleanText(el.textContent ?? '');
  return looksLikeDevice(t) && !classifyHeading(t);
}

function visit(ctx: Ctx, node: Node, depth: number): Sum {
  if (++ctx.seen > MAX_ELEMENTS || depth > MAX_DEPTH || ctx.claimed.has(node)) return BAR_SUM;
  const el = node.nodeType === 1 ? (node as Element) : undefined;
  const tag = el?.localName ?? '';
  if (SKIP.has(tag)) return EMPTY_SUM;
  if (el && (tag === 'table' || /^(?:grid|table|treegrid)$/.test(el.getAttribute('role') ?? ''))) {
    if (readTable(ctx, el)) return BAR_SUM;
  }
  if (el && isButton(el)) return { ...EMPTY_SUM, hasBlock: BLOCK.has(tag) };
  if (el && el.childElementCount >= 1) {
    tryHeaderRow(ctx, el);
    if (ctx.claimed.has(el)) return BAR_SUM;
  }

  const kids: [Node, Sum][] = [];
  let lineable = true;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      const s = visit(ctx, c, depth + 1);
      if (s.hasBlock) lineable = false;
      kids.push([c, s]);
    } else if (c.nodeType === 3) kids.push([c, EMPTY_SUM]);
  }
  const isBlock = BLOCK.has(tag);
  // A heading titles a page region, unless it is a card's title naming the device (Keycloak).
  const barrier = BARRIER.has(tag) && !(/^h[1-6]$/.test(tag) && isDeviceTitle(el!));
  if (lineable && el && !barrier) return { ...EMPTY_SUM, hasBlock: isBlock, lineable: true };

  // Not a line: split the children into runs of inline content (lines) and block children.
  let sum: Sum = { ...EMPTY_SUM, hasBlock: true, lineable: false };
  const items: (Cell | Element)[] = [];
  const candidates: [Element, Sum][] = [];
  let run: Node[] = [];
  const flush = (): void => {
    if (run.some((n) => n.nodeType === 1 || /\S/.test(n.nodeValue ?? ''))) {
      const c = readNodes(run);
      items.push(c);
      sum = merge(sum, lineSum(c, ctx));
    }
    run = [];
  };
  for (const [c, s] of kids) {
    if (c.nodeType === 3 || (s.lineable && !s.hasBlock && (c as Element).localName !== 'br')) {
      run.push(c);
      continue;
    }
    flush();
    const e = c as Element;
    if (s.lineable) {
      if (e.localName === 'br') continue;
      const cell = readCell(e);
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
  // A child is one record when it holds one session's fields and its parent holds more than one.
  if (sum.rep || sum.bar || sum.len > MAX_RECORD_TEXT) {
    for (const [e, s] of candidates) {
      if (!isRecord(s)) continue;
      const group = ctx.groups.get(node) ?? [];
      if (!group.length) ctx.groups.set(node, group);
      group.push(e);
    }
  }
  return sum;
}

function collectLines(ctx: Ctx, node: Node, out: Cell[], depth: number): void {
  const line = ctx.lines.get(node);
  if (line) {
    out.push(line);
    return;
  }
  const items = ctx.runs.get(node);
  if (!items || depth > MAX_DEPTH || out.length > 200) return;
  for (const item of items) {
    if ('text' in item) out.push(item);
    else collectLines(ctx, item, out, depth + 1);
  }
}

/** One card/list item: labelled values ("IP: …", dt/dd, label spans) and values recognised by content. */
function readRecord(ctx: Ctx, el: Element): Row {
  const row = newRow();
  if (el.getAttribute('class') && CURRENT_CLASS.test(el.getAttribute('class') ?? '')) row.cur = 2;
  const lines: Cell[] = [];
  collectLines(ctx, el, lines, 0);
  let pending: FieldName | undefined;
  for (const c of lines) {
    absorb(row, c);
    for (const p of readLine(c, ctx)) {
      if (pending && p.f !== 'label' && !p.label) {
        put(row, pending, p.t, c, ctx);
        pending = undefined;
      } else if (p.f === 'label') pending = p.label;
      else if (p.f === 'cur') row.cur = 2;
      else if (p.f !== 'raw') put(row, p.f, p.t, c, ctx);
    }
  }
  return row;
}

const UID =
  /(?<!\p{L})(?:uid|user ?id|account ?id|用户\s?id|用戶\s?id|账户\s?id|帳戶\s?id|ユーザー\s?id|사용자\s?id|회원\s?id)\s*[:：#]?\s*(\d{4,20})(?!\d)/iu;
const MASKED_EMAIL = /[\w.+-]{0,30}\*{2,}[\w.+-]{0,30}@[\w*-]{1,60}(?:\.[\w*-]{1,30}){1,4}/;
const MASKED_PHONE = /\+?\d{1,4}[\s-]?\d{0,4}\*{3,}\d{2,4}(?!\d)/;

/** UID, masked e-mail or masked phone the page shows for the signed-in account. */
function findAccountHint(root: ParentNode): string | undefined {
  const tagged = root.querySelector('[data-uid],[data-user-id],[data-userid],[data-account-id]');
  if (tagged) {
    for (const name of ['data-uid', 'data-user-id', 'data-userid', 'data-account-id']) {
      const v = cleanText(tagged.getAttribute(name) ?? '');
      if (/^[\w@.*+-]{3,64}$/.test(v)) return v;
    }
  }
  const text = ((root as Node).nodeType === 9 ? (root as Document).body : (root as Node))?.textContent ?? '';
  const t = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const uid = UID.exec(t);
  if (uid) return uid[1];
  return MASKED_EMAIL.exec(t)?.[0] ?? MASKED_PHONE.exec(t)?.[0]?.trim();
}

/** Reads the sessions and logins a page shows under `root`. Pure: reads the DOM, changes nothing. */
export function extractScan(root: ParentNode, opts: ExtractOptions): ExtractedScan {
  const node = root as ParentNode & Node;
  const doc = node.nodeType === 9 ? (node as unknown as Document) : node.ownerDocument;
  const ctx: Ctx = {
    now: opts.now,
    timeZone: opts.timeZone,
    lang: doc?.documentElement?.getAttribute('lang') ?? undefined,
    seen: 0,
    claimed: new Set(),
    lines: new Map(),
    runs: new Map(),
    groups: new Map(),
    sessions: [],
    logins: [],
    hasSessionList: false,
    hasLoginList: false,
  };
  const top = visit(ctx, node, 0);
  if (isRecord(top) && node.nodeType === 1) ctx.groups.set(node.parentNode ?? node, [node as Element]);
  for (const records of ctx.groups.values()) {
    const rows = records
      .slice(0, MAX_ROWS)
      .map((r) => readRecord(ctx, r))
      .filter(useful);
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
  const hint = findAccountHint(root);
  if (hint) scan.accountHint = hint;
  return scan;
}
