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
  outcomeFromClass,
  parseIp,
  parseKind,
  parseOutcome,
  parseSecondFactor,
  parseStatus,
  statusFromClass,
  stripCurrentMarker,
} from './fields';
import { classifyHeading, classifyLabel, type FieldName } from './labels';
import { isHidden, TIME_ATTR, UA_ATTR } from './markup';
import { parseTime } from './time';

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
}

/** Thrown when extraction ran past its budget: the page is refused whole. */
export class ExtractionBudgetError extends Error {
  constructor() {
    super('This page takes too long to read');
  }
}

const MAX_ROWS = 2000;
const MAX_DEPTH = 64;
const MAX_ELEMENTS = 100_000;
/** A record (card) longer than this is a page region, not one session. */
const MAX_RECORD_TEXT = 1500;

const SKIP = new Set('script style template noscript svg canvas iframe object select head'.split(' '));
const BLOCK = new Set(
  'address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul menu'.split(
    ' ',
  ),
);
// Regions a single session card never spans.
const BARRIER = new Set('h1 h2 h3 h4 h5 h6 nav footer main aside table body html'.split(' '));
const HEADING = /^h[1-6]$/;
const CURRENT_CLASS = /(?:^|[\s_-])(?:current|is-current|this-device|current-session|current-device)(?=$|[\s_-])/i;
const MACHINE_TIME = /^\s*(?:\d{4}-\d{2}-\d{2}|\d{10}(?:\d{3})?\s*$)/;

type Slot = FieldName | 'anyTime';
type Put = { f: Slot | 'cur' | 'label' | 'raw'; t: string; label?: FieldName };

/** What one cell, line or run of inline nodes says, read once. */
interface Cell {
  text: string;
  /** Tag of the element the line is, when it is one element: `dt`/`th`/`label` lines are labels by markup. */
  tag?: string;
  /** Raw text and where each top-level node's text starts, to split "<b>IP</b> 1.2.3.4" into label and value. */
  raw: string;
  cuts: number[];
  attr?: string;
  ua?: string;
  dot?: SessionStatus;
  /** What a text-less icon says in its aria-label, title or alt ("Failed"). */
  icon?: string;
  /** Success/failure told only by a text-less icon's class (`icon-error`, `status-success`). */
  mark?: LoginOutcome;
  rev: boolean;
  /** A class names the current session (`current-session`): markup the page wrote, not text. */
  cur: boolean;
  /** An element of its own inside the cell says "This device": a badge, read apart from the cell's text. */
  badge: boolean;
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
  /** 3: a class says current; 2: a badge element or a status cell says "This device"; 1: "active now" only. */
  cur: number;
  rev: boolean;
  dot?: SessionStatus;
  /** An outcome told only by an icon's class: used for a login when nothing says it in words. */
  mark?: LoginOutcome;
}

interface Ctx {
  now: number;
  /** When the budget runs out, on the budget's clock; checked every few hundred steps. */
  deadline?: { at: number; clock: () => number };
  steps: number;
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
  /** Where each element and text node stands in document order (pre-order), to rank account hints. */
  pos: Map<Node, number>;
  /** Account identifiers seen, with the node they were read from. */
  hints: Hint[];
  /** Rows and cards read as sessions or sign-ins: an identifier inside one is the row's text, not the page's. */
  records: Set<Node>;
}

interface Hint {
  node: Node;
  kind: 'attr' | 'uid' | 'masked';
  value: string;
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
// A card has one title at most: a box with two headings is a page region (a section title over a titled card).
// Headings are counted, never read for their words: Keycloak titles each card by its device, which an intruder names.
const K_HEAD = 10;
const COUNT_LIMIT = [1, 2, 1, 4, 1, 1, 1, 1, 1, 99, 1];
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
const zeros = (): number[] => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const EMPTY_SUM: Sum = { c: zeros(), labels: 0, rep: false, bar: false, len: 0, hasBlock: false, lineable: true };
const BAR_SUM: Sum = { c: zeros(), labels: 0, rep: false, bar: true, len: 0, hasBlock: true, lineable: false };

/** Element children, read by sibling links: jsdom's live collections cost more than the walk itself. */
function kids(e: Element): Element[] {
  const out: Element[] = [];
  for (let c = e.firstElementChild; c; c = c.nextElementSibling) out.push(c);
  return out;
}

/** `getAttribute` behind `hasAttributes`: most cells have none, and the lookup is not free. */
function attr(e: Element, name: string): string | null {
  return e.hasAttributes() ? e.getAttribute(name) : null;
}

/** True when some element in a small subtree matches; bounded so probing stays cheap. */
function hasTag(el: Element, re: RegExp, limit = 40): boolean {
  const stack: Element[] = [el];
  for (let n = 0; stack.length && n < limit; n++) {
    const e = stack.pop()!;
    if (re.test(e.localName)) return true;
    for (let c = e.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  return false;
}

function isButton(e: Element): boolean {
  const tag = e.localName;
  if (tag === 'button' || attr(e, 'role') === 'button') return true;
  return tag === 'input' && /^(?:button|submit)$/i.test(attr(e, 'type') ?? '');
}

function controlLabel(e: Element): string {
  return `${e.textContent ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('value') ?? ''}`.slice(
    0,
    300,
  );
}

const ICON_TEXT_ATTR = /^(?:aria-label|title|alt)$/;

/** Reads text (block boundaries become spaces), machine times, user agents, dots and buttons under nodes. */
function readNodes(nodes: Node[] | undefined, root?: Element): Cell {
  const cell: Cell = { text: '', raw: '', cuts: [], rev: false, cur: false, badge: false };
  let buf = '';
  const inspect = (e: Element): void => {
    if (!e.hasAttributes()) return;
    const attrs = e.attributes;
    if (e.localName === 'time') cell.attr ??= e.getAttribute('datetime') ?? undefined;
    for (let i = 0; i < attrs.length && i < 32; i++) {
      const a = attrs[i]!;
      const v = a.value;
      if (a.name === 'class') {
        if (CURRENT_CLASS.test(v)) cell.cur = true;
        const dot = statusFromClass(v);
        if (dot && !cell.dot && !e.textContent?.trim()) cell.dot = dot;
        if (!cell.mark && !e.textContent?.trim()) cell.mark = outcomeFromClass(v);
      } else if (
        ICON_TEXT_ATTR.test(a.name) &&
        v.length <= 40 &&
        !cell.icon &&
        !MACHINE_TIME.test(v) &&
        !e.textContent?.trim()
      ) {
        if (!isButton(e) && e.localName !== 'a') cell.icon = cleanText(v);
      } else if (v.length > 9) {
        if (UA_ATTR.test(v)) cell.ua ??= cleanText(v);
        else if ((a.name === 'title' || TIME_ATTR.test(a.name)) && MACHINE_TIME.test(v)) cell.attr ??= v;
      }
    }
  };
  const walk = (e: Element, depth: number): void => {
    if (isHidden(e)) return;
    inspect(e);
    const tag = e.localName;
    if (SKIP.has(tag) || depth > 24) return;
    // A badge ("<span class=chip>This device</span>") is an element of its own whose whole text is the marker;
    // the same words inside a device name or a user agent are part of that text and mark nothing.
    if (e.childElementCount <= 2) {
      const own = e.textContent ?? '';
      if (own.length <= 60 && currentMarkerStrength(own) === 2) {
        cell.badge = true;
        return;
      }
    }
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
  const top = (n: Node): void => {
    cell.cuts.push(buf.length);
    if (n.nodeType === 3) buf += n.nodeValue;
    else if (n.nodeType === 1) walk(n as Element, 0);
  };
  if (root) {
    inspect(root);
    for (let c = root.firstChild; c && buf.length < 2000; c = c.nextSibling) top(c);
  }
  for (const n of nodes ?? []) if (buf.length < 2000) top(n);
  cell.raw = buf;
  cell.text = cleanText(buf);
  return cell;
}

/** Texts of a cell's top-level nodes, computed only for the few lines that need them. */
function partsOf(c: Cell): string[] {
  const parts: string[] = [];
  for (let i = 0; i < c.cuts.length; i++) {
    const part = cleanText(c.raw.slice(c.cuts[i], c.cuts[i + 1]));
    if (part) parts.push(part);
  }
  return parts;
}

function readCell(e: Element): Cell {
  const cell =
    isButton(e) || (e.localName === 'a' && isRevokeText(controlLabel(e))) ? readNodes([e]) : readNodes(undefined, e);
  cell.tag = e.localName;
  return cell;
}

/** What an unlabeled text most likely is, judged by its content. */
function guess(t: string, ctx: Ctx): Put['f'] | undefined {
  const ip = parseIp(t);
  // "Chrome 124.0.0.0 on Android": a four-part version is not an address.
  if (ip && looksLikeDevice(t) && !/(?:^|[^a-z])ip(?:$|[^a-z])/i.test(t)) return 'device';
  if (ip && t.length <= ip.length + 24) return 'ip';
  if (t.length <= 60 && currentMarkerStrength(t) === 2) return 'cur';
  if (t.length <= 60 && /\d|\p{L}/u.test(t) && parseTime(t, ctx) !== undefined) return 'anyTime';
  if (t.length <= 30) {
    if (parseStatus(t, '', true)) return 'status';
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
const TIME_SLOTS = new Set<Slot>(['time', 'firstSeen', 'lastActive', 'anyTime']);

/** The zone a label states ("Date (UTC)", "Time (GMT+8)"), to read the values under it in that zone. */
function zoneOf(label: string): string | undefined {
  return /(?<!\p{L})(?:utc|gmt)\s*(?:[+\-−]\s*\d{1,2}(?::?\d{2})?)?(?!\d)/iu.exec(label)?.[0].replace('−', '-');
}

/** A time value read under a label: the label's zone goes with it. */
function zoned(field: Slot, label: string, value: string): string {
  const zone = TIME_SLOTS.has(field) ? zoneOf(label) : undefined;
  return zone ? `${value} ${zone}` : value;
}

// "Label: value"; the label may not end in a digit ("on 14 Apr 07:58" has a clock, not a label).
const LABELLED = /^([^:：]{0,39}[^:：\d\s])\s*[:：]\s*(.+)$/;

/**
 * The field a label written in a line's text names: only fields a record holds. Words such as "Price:",
 * "Balance:" or "Operation" inside a line are text (an intruder can name a device so); they never make a record
 * unrelated or swallow the value after them. Whole lists are set aside only by their markup (table headers).
 */
function fieldLabel(text: string): FieldName | undefined {
  const f = classifyLabel(text);
  return f === 'unrelated' || f === 'action' ? undefined : f;
}

/** Splits a card line into labelled and content-guessed values. */
function readLine(c: Cell, ctx: Ctx): Put[] {
  if (c.puts) return c.puts;
  const out: Put[] = [];
  c.puts = out;
  if (!c.text) {
    if (c.attr) out.push({ f: 'anyTime', t: '' });
    return out;
  }
  if ((c.tag === 'dt' || c.tag === 'th' || c.tag === 'label') && !/[:：]\s*\S/.test(c.text)) {
    // A term we do not know ("Clients", "Expires") still owns the value after it.
    const label = classifyLabel(c.text);
    out.push(label ? { f: 'label', t: c.text, label } : { f: 'label', t: c.text });
    return out;
  }
  // "Device: Chrome – Windows (This session)" is one labelled value, unless another label follows.
  const whole = LABELLED.exec(c.text);
  const wholeField = whole && !/[·•|｜—–]\s*[^:：\d]{1,40}[:：]/.test(whole[2]!) ? fieldLabel(whole[1]!) : undefined;
  // "IP: 185.220.101.4 · Berlin, DE": an address is one token, so what follows a separator is another value.
  const ipThenMore = wholeField === 'ip' && whole![2]!.split(SEPARATORS).filter(Boolean).length > 1;
  if (whole && wholeField && !ipThenMore) {
    out.push({ f: wholeField, t: zoned(wholeField, whole[1]!, whole[2]!), label: wholeField });
    return out;
  }
  const chunks = c.text.split(SEPARATORS).filter(Boolean);
  for (const chunk of chunks.slice(0, 12)) {
    // The label may not end in a digit: "on 14 Apr 07:58" has a clock, not a label.
    const colon = LABELLED.exec(chunk);
    const colonField = colon ? fieldLabel(colon[1]!) : undefined;
    if (colon && colonField) {
      out.push({ f: colonField, t: zoned(colonField, colon[1]!, colon[2]!), label: colonField });
      continue;
    }
    const parts = chunks.length === 1 && c.cuts.length >= 2 ? partsOf(c) : [];
    if (parts.length >= 2) {
      const f = fieldLabel(parts[0]!);
      if (f && !guess(parts[0]!, ctx)) {
        out.push({ f, t: parts.slice(1).join(' '), label: f });
        continue;
      }
    }
    // "<span>3 minutes ago</span> <span>Failed</span>": parts that each read as a different field are separate
    // values, even though the line has no separator between them.
    if (parts.length >= 2 && parts.length <= 4) {
      const fields = parts.map((p) => guess(p, ctx));
      // (Badges such as "Current session" are read by the glued-badge path above.)
      if (fields.every((f) => f !== undefined && f !== 'cur') && new Set(fields).size === fields.length) {
        for (let i = 0; i < parts.length; i++) out.push({ f: fields[i]!, t: parts[i]! });
        continue;
      }
    }
    const g = guess(chunk, ctx);
    // "Last accessed on 14 Apr 14:12": a label phrase glued to its value, accepted only when the value parses.
    if (!g || g === 'anyTime') {
      const words = chunk.split(' ');
      let found: Put | undefined;
      for (let n = 1; n < words.length && n <= 4 && !found; n++) {
        const f = fieldLabel(words.slice(0, n).join(' '));
        const rest = words.slice(n).join(' ');
        if (f && TIME_FIELDS.has(f) && parseTime(rest, ctx) !== undefined) found = { f, t: rest, label: f };
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
    const label = isEmptyState(chunk) || isPlaceholder(chunk) ? undefined : fieldLabel(chunk);
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

function newRow(): Row {
  return { dev: [], anyTime: [], cur: 0, rev: false };
}

function put(row: Row, f: Slot, text: string, c: Cell | undefined, ctx: Ctx): void {
  // A status or time cell that says "Current session" marks its row. A device's text never does: it is the one
  // string an intruder chooses (badges inside a device cell are elements of their own, see readNodes).
  const strength = f === 'status' || TIME_SLOTS.has(f) ? currentMarkerStrength(text) : 0;
  if (strength > row.cur) row.cur = strength;
  switch (f) {
    case 'device': {
      // "Firefox on Linux — Current session": the words go (an intruder gains nothing by them), the mark is not set.
      const d = (currentMarkerStrength(text) === 2 && stripCurrentMarker(text)) || text;
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
      // A status cell may hold only an icon: its label ("Failed") speaks, else its class.
      const said = text || c?.icon || '';
      const s = said ? parseStatus(said) : c?.dot;
      if (s) row.status ??= s;
      else if (said) row.outcome ??= parseOutcome(said);
      if (c?.mark) row.mark ??= c.mark;
      break;
    }
    case 'outcome':
      row.outcome ??= parseOutcome(text || c?.icon || '');
      if (c?.mark) row.mark ??= c.mark;
      break;
    case 'secondFactor':
      if (!isPlaceholder(text) || /^(?:-|—)$/.test(text)) row.factor ??= parseSecondFactor(text);
      break;
    case 'kind': {
      // "Login method" may name the client (Web, App) or how the user proved it was them ("Password + Email code").
      const kind = parseKind(text);
      if (kind) row.kind ??= kind;
      else if (text.length <= 60) {
        const factor = parseSecondFactor(text);
        if (factor && factor !== 'other' && factor !== 'none') row.factor ??= factor;
      }
      break;
    }
  }
}

/** Folds a cell's flags (buttons, badges, dots, user agent) into the row. */
function absorb(row: Row, c: Cell, isStatusCell = false): void {
  if (c.rev) row.rev = true;
  if (c.cur) row.cur = 3;
  else if (c.badge) row.cur = Math.max(row.cur, 2);
  if (c.ua) row.ua ??= c.ua;
  if (c.dot && !isStatusCell) row.dot ??= c.dot;
}

type ListKind = 'sessions' | 'logins';

/**
 * What the nearest title says the list is, with its weight: 3 for a heading, caption or label,
 * 2 for a short text that merely sits before the list.
 */
function headingFor(el: Element): [ListKind, number] | undefined {
  let cur: Element | null = el;
  for (let level = 0; cur && level < 6; level++, cur = cur.parentElement) {
    const aria = attr(cur, 'aria-label');
    const own = aria ? classifyHeading(aria) : undefined;
    if (own) return [own, 3];
    const cap = cur.localName === 'table' ? kids(cur).find((c) => c.localName === 'caption') : undefined;
    const caption = cap ? classifyHeading(cap.textContent ?? '') : undefined;
    if (caption) return [caption, 3];
    let weak: ListKind | undefined;
    let sib = cur.previousElementSibling;
    for (let i = 0; sib && i < 4; i++, sib = sib.previousElementSibling) {
      const text = sib.textContent ?? '';
      // Past a large sibling (another list, a whole section) the heading belongs to something else.
      if (text.length > 400) break;
      const h = classifyHeading(text);
      if (!h) continue;
      if (sib.localName === 'legend' || attr(sib, 'role') === 'heading' || hasTag(sib, /^h[1-6]$/)) return [h, 3];
      weak ??= h;
    }
    if (weak) return [weak, 2];
  }
  return undefined;
}

/** Sessions or logins: the title's word against what the columns and rows show. Ties go to sessions. */
function decide(fields: Set<Slot>, rows: Row[], heading: [ListKind, number] | undefined): ListKind {
  let login = heading?.[0] === 'logins' ? heading[1] : 0;
  let sess = heading?.[0] === 'sessions' ? heading[1] : 0;
  if (fields.has('outcome') || rows.some((r) => r.outcome)) login += 2;
  if (fields.has('secondFactor') || rows.some((r) => r.factor)) login += 2;
  if (fields.has('lastActive') || rows.some((r) => r.last !== undefined)) sess += 2;
  if (fields.has('firstSeen')) sess += 1;
  if (rows.some((r) => r.status)) sess += 2;
  if (rows.some((r) => r.rev)) sess += 1;
  if (rows.some((r) => r.cur >= 2)) sess += 1;
  if (login !== sess) return login > sess ? 'logins' : 'sessions';
  return fields.has('time') ? 'logins' : 'sessions';
}

/**
 * The session the page is read from, by structure: a class first; then a badge, but where the page offers to
 * revoke some rows and not others, a badged row with a revoke button loses to the rows without one (sites do
 * not offer to revoke the session in use, and an intruder can name a device "Current session", never give it
 * the page's markup).
 */
function currentRows(rows: Row[]): Set<Row> {
  const marked = rows.filter((r) => r.cur === 3);
  if (marked.length) return new Set(marked);
  const badged = rows.filter((r) => r.cur === 2);
  const revocable = rows.filter((r) => r.rev).length;
  const isRevokeTelling = revocable > 0 && revocable < rows.length;
  if (isRevokeTelling && badged.some((r) => r.rev)) {
    const kept = badged.filter((r) => !r.rev);
    if (kept.length) return new Set(kept);
    const unrevocable = rows.filter((r) => !r.rev);
    return new Set(unrevocable.length === 1 ? unrevocable : []);
  }
  return new Set(badged);
}

function finishSessions(rows: Row[]): ExtractedSession[] {
  let current = currentRows(rows);
  if (!current.size) {
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
    const outcome = r.outcome ?? r.mark;
    if (outcome) l.outcome = outcome;
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

/**
 * A row names a session or login. Under named columns one field is enough (a site may hide the IP);
 * a card needs an IP, or two of device/place/time/result ("This session" needs one).
 */
const useful = (r: Row, columns = false): boolean =>
  r.ip !== undefined ||
  [
    // A pager's "1" under the device column is no device.
    r.dev.some((d) => /\p{L}{2}/u.test(d)),
    r.loc !== undefined,
    r.time !== undefined || r.first !== undefined || r.last !== undefined || r.anyTime.length > 0,
    r.status !== undefined || r.outcome !== undefined || r.factor !== undefined,
  ].filter(Boolean).length >= (columns || r.cur >= 2 ? 1 : 2);

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
function headerColumns(cells: ArrayLike<Element>, minCells = 2): Column[] | 'unrelated' | undefined {
  if (cells.length < minCells || cells.length > 24) return undefined;
  const cols: Column[] = [];
  let named = 0;
  let nonEmpty = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const raw = isSmall(cell, 12) ? (cell.textContent ?? '') : '';
    // A heading or a toolbar of buttons next to it is a section title, not a column header.
    if (hasTag(cell, /^(?:h[1-6]|button)$/)) return undefined;
    const t = raw.length > 200 ? '' : cleanText(raw);
    // "IP: 1.2.3.4" is a labelled value of a card, never a column header.
    if (/[:：]\s*\S/.test(t) || parseIp(t)) return undefined;
    const f = t ? classifyLabel(t) : undefined;
    if (t) nonEmpty++;
    if (f) named++;
    const span = Math.min(Number(attr(cell, 'colspan')) || 1, 24);
    for (let k = 0; k < span; k++) cols.push(f);
  }
  const fs = new Set(cols);
  if (named < 2 || named * 5 < nonEmpty * 3) return undefined;
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
  const zones = headerTexts.map(zoneOf);
  // Rows whose unnamed column states a change to the account ("Change password"), per column.
  const events = new Map<number, number>();
  for (let i = 0; i < rows.length && out.length < MAX_ROWS && i < MAX_ROWS * 2; i++) {
    ctx.records.add(rows[i]!);
    spend(ctx);
    const cells = cellsOf(rows[i]!);
    // One wide cell is an empty-state, group or pagination row.
    if (cells.length < 2 && cols.length > 2) continue;
    const row = newRow();
    if (CURRENT_CLASS.test(attr(rows[i]!, 'class') ?? '')) row.cur = 3;
    let col = 0;
    let same = 0;
    let text = '';
    for (const cellEl of cells) {
      const f = cols[col];
      const c = readCell(cellEl);
      if (c.text === headerTexts[col]) same++;
      text += `${c.text} `;
      absorb(row, c, f === 'status');
      const zone = zones[col];
      // "Operation" heads both a device list's remove buttons and an activity log's events.
      if ((!f || f === 'action' || f === 'kind') && isAccountEvent(c.text)) events.set(col, (events.get(col) ?? 0) + 1);
      if (f) put(row, f, zone && TIME_SLOTS.has(f) ? `${c.text} ${zone}` : c.text, c, ctx);
      else if (c.text) {
        for (const p of readLine(c, ctx)) {
          if (p.f === 'cur') row.cur = Math.max(row.cur, 2);
          else if (p.f !== 'label' && p.f !== 'raw') put(row, p.f, p.t, c, ctx);
        }
      } else if (c.attr) put(row, 'anyTime', '', c, ctx);
      col += Math.min(Number(attr(cellEl, 'colspan')) || 1, 24);
    }
    if (same === cells.length || isEmptyState(text.trim()) || !useful(row, true)) continue;
    out.push(row);
  }
  // A security-activity log (password changed, 2FA enabled, API key created, each with its device and IP) is
  // neither sessions nor sign-ins: stored as sign-ins, its rows would be judged as if each were one.
  for (const n of events.values()) if (out.length && n * 5 >= out.length * 3) return;
  emit(ctx, decide(fields, out, headingFor(at)), out);
}

// A change to the account: a verb and what it changed ("Change password", "Enable Google Authenticator",
// "API key created", "修改登录密码", "新增提现地址").
const EVENT_VERB =
  /\b(?:chang(?:e|ed|ing)|reset|enabl(?:e|ed)|disabl(?:e|ed)|turn(?:ed)? (?:on|off)|add(?:ed)?|delet(?:e|ed)|remov(?:e|ed)|(?:un)?bind|(?:un)?bound|creat(?:e|ed)|updat(?:e|ed)|set up|withdraw(?:al)?)\b|修改|重置|更改|开启|关闭|启用|停用|(?:解)?绑定|新增|添加|删除|创建|提现|提币/i;
const EVENT_OBJECT =
  /password|passcode|2fa|two-factor|authenticator|api key|api|whitelist|white list|withdrawal address|address book|anti-?phishing|e-?mail|phone|security key|passkey|密码|谷歌验证|身份验证器|白名单|地址|防钓鱼|邮箱|手机|api/i;

function isAccountEvent(text: string): boolean {
  return text.length <= 80 && EVENT_VERB.test(text) && EVENT_OBJECT.test(text);
}

const GRID_ROLE = /^(?:grid|table|treegrid)$/;

/** Rows of a table or ARIA grid, not of tables nested in it. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  const html = table.localName === 'table';
  const walk = (el: Element, depth: number): void => {
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

function cellsOfRow(row: Element): Element[] {
  const all = kids(row);
  if (row.localName === 'tr') return all.filter((c) => (c.localName === 'td' || c.localName === 'th') && !isHidden(c));
  const aria = all.filter((k) => /^(?:cell|gridcell|columnheader|rowheader)$/.test(attr(k, 'role') ?? ''));
  return aria.length ? aria : all;
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
    readRows(ctx, cols, texts, rows.slice(h + 1), cellsOfRow, table);
    return true;
  }
  return false;
}

/** The element whose children are a div row's cells, looking through single wrapper elements. */
function unwrap(row: Element): Element {
  let el = row;
  for (let i = 0; i < 3 && el.childElementCount === 1; i++) el = el.firstElementChild!;
  return el;
}

function divCells(row: Element): Element[] {
  return kids(unwrap(row)).filter((c) => !SKIP.has(c.localName) && !isHidden(c));
}

/** True when an element has about as many cells as the header has columns. */
function fitsColumns(e: Element, width: number): boolean {
  const n = divCells(e).length;
  return n >= 2 && Math.abs(n - width) <= 1;
}

/**
 * A body of rows beside an unwrapped header row (`<div class="thead">…</div><div class="tbody">rows</div>`):
 * most of its children are rows of the header's width, and it is no row itself unless all of them are.
 */
function isRowGroup(e: Element, width: number): boolean {
  const rows = kids(unwrap(e));
  if (!rows.length || rows.length > MAX_ROWS * 2) return false;
  let fit = 0;
  for (const r of rows) if (fitsColumns(r, width)) fit++;
  if (fit * 2 <= rows.length) return false;
  return !fitsColumns(e, width) || fit === rows.length;
}

/** Rows of divs (or list items) under a header row of labels. */
function tryHeaderRow(ctx: Ctx, parent: Element): void {
  let child = parent.firstElementChild;
  for (let i = 0; child && i < 3; i++, child = child.nextElementSibling) {
    if (ctx.claimed.has(child) || !isSmall(child, 80)) continue;
    const inner = unwrap(child);
    if (inner.childElementCount < 2 || inner.childElementCount > 24) continue;
    const cells = divCells(child);
    // Without table markup, two labelled boxes side by side are too weak a sign of a header row.
    const cols = headerColumns(cells, 3);
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
    readRows(ctx, cols, texts, rows, divCells, child);
    return;
  }
}

/** Counts a step of work and throws once the budget is spent. */
function spend(ctx: Ctx): void {
  if (!ctx.deadline || ++ctx.steps & 255) return;
  if (ctx.deadline.clock() > ctx.deadline.at) throw new ExtractionBudgetError();
}

function visit(ctx: Ctx, node: Node, depth: number): Sum {
  spend(ctx);
  if (++ctx.seen > MAX_ELEMENTS || depth > MAX_DEPTH || ctx.claimed.has(node)) return BAR_SUM;
  ctx.pos.set(node, ctx.seen);
  const el = node.nodeType === 1 ? (node as Element) : undefined;
  const tag = el?.localName ?? '';
  if (SKIP.has(tag) || (el && isHidden(el))) return EMPTY_SUM;
  if (el?.hasAttributes()) hintFromAttrs(ctx, el);
  if (el && (tag === 'table' || GRID_ROLE.test(attr(el, 'role') ?? ''))) {
    if (readTable(ctx, el)) return BAR_SUM;
  }
  if (el && isButton(el)) return { ...EMPTY_SUM, hasBlock: BLOCK.has(tag) };
  if (el && el.childElementCount >= 1) {
    tryHeaderRow(ctx, el);
    if (ctx.claimed.has(el)) return BAR_SUM;
  }

  const kids: [Node, Sum][] = [];
  let lineable = true;
  // A list is read up to MAX_ROWS records; children past that (a 20,000-row flood) are not looked at.
  let elements = 0;
  for (let c = node.firstChild; c && elements <= MAX_ROWS; c = c.nextSibling) {
    if (c.nodeType === 1) {
      elements++;
      const s = visit(ctx, c, depth + 1);
      if (s.hasBlock) lineable = false;
      kids.push([c, s]);
    } else if (c.nodeType === 3) {
      ctx.pos.set(c, ctx.seen);
      kids.push([c, EMPTY_SUM]);
    }
  }
  const isBlock = BLOCK.has(tag);
  // Headings are judged by where they stand, in the parent (below), never by their words.
  const barrier = BARRIER.has(tag) && !HEADING.test(tag);
  if (lineable && el && !barrier) return { ...EMPTY_SUM, hasBlock: isBlock, lineable: true };

  // Not a line: split the children into runs of inline content (lines) and block children.
  let sum: Sum = { ...EMPTY_SUM, hasBlock: true, lineable: false };
  const items: (Cell | Element)[] = [];
  const candidates: [Element, Sum][] = [];
  let run: Node[] = [];
  const flush = (): void => {
    if (run.some((n) => n.nodeType === 1 || /\S/.test(n.nodeValue ?? ''))) {
      const c = readNodes(run);
      hintFromText(ctx, c.text, run[0]!);
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
      hintFromText(ctx, cell.text, e);
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
    // Not `'text' in item`: anchors have a `text` property too.
    if (!('nodeType' in item)) out.push(item);
    else collectLines(ctx, item, out, depth + 1);
  }
}

/** One card/list item: labelled values ("IP: …", dt/dd, label spans) and values recognised by content. */
function readRecord(ctx: Ctx, el: Element): Row {
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

// CJK labels need no word edge: page text often glues them to the word before.
const UID =
  /(?:(?<![a-z])(?:uid|user ?id|account ?id|member ?id)|用户\s?id|用戶\s?id|账户\s?id|帳戶\s?id|ユーザー\s?id|会員\s?id|사용자\s?id|회원\s?id)\s*[:：#]?\s*(\d{4,20})(?!\d)/iu;
const MASKED_EMAIL = /[\w.+-]{0,30}\*{2,12}[\w.+-]{0,30}@[\w*-]{1,60}(?:\.[\w*-]{1,30}){1,4}/;
const MASKED_PHONE = /\+?\d{1,4}[\s-]?\d{0,4}\*{3,12}\d{2,4}(?!\d)/;

const HINT_ATTRS = ['data-uid', 'data-user-id', 'data-userid', 'data-account-id'];

const MAX_HINTS = 64;

/** UID in a data attribute: the most reliable account identifier a page carries. */
function hintFromAttrs(ctx: Ctx, el: Element): void {
  if (ctx.hints.length >= MAX_HINTS) return;
  for (const name of HINT_ATTRS) {
    const v = cleanText(el.getAttribute(name) ?? '');
    if (/^[\w@.*+-]{3,64}$/.test(v)) {
      ctx.hints.push({ node: el, kind: 'attr', value: v });
      return;
    }
  }
}

/** UID, masked e-mail or masked phone in a line of page text. */
function hintFromText(ctx: Ctx, text: string, node: Node): void {
  if (!text || ctx.hints.length >= MAX_HINTS) return;
  const uid = UID.exec(text)?.[1];
  if (uid) ctx.hints.push({ node, kind: 'uid', value: uid });
  // Bounded: a line of stars holds no address, and costs no backtracking.
  const masked =
    (text.includes('@') ? MASKED_EMAIL.exec(text)?.[0] : undefined) ?? MASKED_PHONE.exec(text)?.[0]?.trim();
  if (masked) ctx.hints.push({ node, kind: 'masked', value: masked });
}

function isInRecord(ctx: Ctx, node: Node, root: Node): boolean {
  for (let n: Node | null = node, i = 0; n && i <= MAX_DEPTH + 8; n = n.parentNode, i++) {
    if (ctx.records.has(n)) return true;
    if (n === root) break;
  }
  return false;
}

/**
 * The account the page is about: an identifier outside every session and sign-in row (an intruder names their
 * device "UID 11112222"), of the most reliable kind (a data attribute, then a UID, then a masked e-mail or phone),
 * and of that kind the one nearest the top of the page.
 */
function accountHint(ctx: Ctx, root: Node): string | undefined {
  for (const kind of ['attr', 'uid', 'masked'] as const) {
    let best: Hint | undefined;
    for (const h of ctx.hints) {
      if (h.kind !== kind || isInRecord(ctx, h.node, root)) continue;
      if (!best || (ctx.pos.get(h.node) ?? 0) < (ctx.pos.get(best.node) ?? 0)) best = h;
    }
    if (best) return best.value;
  }
  return undefined;
}

/** Reads the sessions and logins a page shows under `root`. Pure: reads the DOM, changes nothing. */
export function extractScan(root: ParentNode, opts: ExtractOptions): ExtractedScan {
  const node = root as ParentNode & Node;
  const doc = node.nodeType === 9 ? (node as unknown as Document) : node.ownerDocument;
  const ctx: Ctx = {
    now: opts.now,
    steps: 0,
    ...(opts.budget ? { deadline: { at: opts.budget.clock() + opts.budget.ms, clock: opts.budget.clock } } : {}),
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
    pos: new Map(),
    hints: [],
    records: new Set(),
  };
  const top = visit(ctx, node, 0);
  if (isRecord(top) && node.nodeType === 1) ctx.groups.set(node.parentNode ?? node, [node as Element]);
  for (const records of ctx.groups.values()) {
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
  if (top.lineable && node.nodeType === 1) hintFromText(ctx, readCell(node as Element).text, node);
  const hint = accountHint(ctx, node);
  if (hint) scan.accountHint = hint;
  return scan;
}
