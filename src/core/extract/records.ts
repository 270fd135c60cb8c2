/** Records: rows filled field by field, the list's kind (sessions or sign-ins), the current session, the scan's rows. */

import type { ClientKind, ExtractedLogin, ExtractedSession, LoginOutcome, SecondFactor, SessionStatus } from '../types';
import {
  currentMarkerStrength,
  isPlaceholder,
  MAX_TEXT,
  parseIp,
  parseKind,
  parseOutcome,
  parseSecondFactor,
  parseStatus,
  stripCurrentMarker,
} from './fields';
import { classifyHeading } from './labels';
import { TIME_SLOTS } from './lines';
import { attr, hasTag, kids, MAX_ROWS, type PageElement } from './page-node';
import type { Cell, Ctx, Row, Slot } from './reading';
import { type ParseTimeOptions, parseTime, quickTime } from './time';

/**
 * What a row holds before a device or an unnamed time is read: one shared empty list, never written (a row's list is
 * replaced by a new one as it grows: most rows hold one device and no unnamed time, and an empty list grown by a push
 * takes room for sixteen).
 */
const NONE: readonly never[] = Object.freeze([]);

export function newRow(): Row {
  // Every field from the start: one shape for every row, and no property store grown field by field.
  return {
    dev: NONE,
    ua: undefined,
    ip: undefined,
    loc: undefined,
    time: undefined,
    first: undefined,
    last: undefined,
    anyTime: NONE,
    status: undefined,
    outcome: undefined,
    factor: undefined,
    kind: undefined,
    cur: 0,
    rev: false,
    dot: undefined,
    mark: undefined,
  };
}

/**
 * What a cell's text says as field `f`, before it meets the row: a pure function of the text, the cell's machine
 * time, icon label and dot, and the reading's clock, zone and language. A table reads it once per distinct text of
 * a column (readRows); `apply` then folds it into each row as `put` does.
 */
export interface Said {
  /** How strongly a status or time text marks the current session. */
  cur: 0 | 1 | 2;
  /** The device name, address or place the text gives. */
  text: string | undefined;
  time: number | undefined;
  status: SessionStatus | undefined;
  outcome: LoginOutcome | undefined;
  factor: SecondFactor | undefined;
  kind: ClientKind | undefined;
  /** A status text that is no status states an outcome; a second-factor text that is a placeholder states none. */
  ok: boolean;
}

/** The options a time is read with: made once per reading for the many times without a machine attribute. */
function timeOptions(ctx: Ctx, attr: string | undefined): ParseTimeOptions {
  if (attr !== undefined) return { now: ctx.now, timeZone: ctx.timeZone, lang: ctx.lang, attr };
  ctx.timeOpts ??= { now: ctx.now, timeZone: ctx.timeZone, lang: ctx.lang, attr: undefined };
  return ctx.timeOpts;
}

export function newSaid(): Said {
  return {
    cur: 0,
    text: undefined,
    time: undefined,
    status: undefined,
    outcome: undefined,
    factor: undefined,
    kind: undefined,
    ok: false,
  };
}

/** What `text` says as field `f`, written into `said` (a new one unless given one to fill again). */
export function interpret(f: Slot, text: string, c: Cell | undefined, ctx: Ctx, said = newSaid()): Said {
  const timed = TIME_SLOTS.has(f);
  // A plain date and clock ("2026-04-14 14:12 UTC") with no machine time beside it, the text of every row of a
  // list's time column: quickTime reads what parseTime would, and such a text holds no marker word (no a, e or o).
  const quick = timed && c?.attr === undefined ? quickTime(text, ctx.timeZone) : null;
  // A status or time cell that says "Current session" marks its row. A device's text never does: it is the one
  // string an intruder chooses (badges inside a device cell are elements of their own, see readNodes).
  const strength = quick === null && (f === 'status' || timed) ? currentMarkerStrength(text) : 0;
  said.cur = strength;
  said.text = undefined;
  said.time = undefined;
  said.status = undefined;
  said.outcome = undefined;
  said.factor = undefined;
  said.kind = undefined;
  said.ok = false;
  switch (f) {
    case 'device': {
      // "Firefox on Linux — Current session": the words go (an intruder gains nothing by them), the mark is not set.
      const d = (currentMarkerStrength(text) === 2 && stripCurrentMarker(text)) || text;
      if (d && !isPlaceholder(d)) said.text = d;
      break;
    }
    case 'ip':
      said.text = parseIp(text);
      break;
    case 'location':
      if (!isPlaceholder(text) && !parseIp(text)) said.text = text;
      break;
    case 'time':
    case 'firstSeen':
    case 'lastActive':
    case 'anyTime':
      if (quick !== null) said.time = Number.isFinite(ctx.now) ? quick : undefined;
      else if (strength !== 2) said.time = parseTime(text, timeOptions(ctx, c?.attr));
      break;
    case 'status': {
      // A status cell may hold only an icon: its label ("Failed") speaks, else its class.
      const shown = text || c?.icon || '';
      said.status = shown ? parseStatus(shown) : c?.dot;
      if (!said.status && shown) {
        said.ok = true;
        said.outcome = parseOutcome(shown);
      }
      break;
    }
    case 'outcome':
      said.outcome = parseOutcome(text || c?.icon || '');
      break;
    case 'secondFactor':
      if (!isPlaceholder(text) || /^(?:-|—)$/.test(text)) {
        said.ok = true;
        said.factor = parseSecondFactor(text);
      }
      break;
    case 'kind': {
      // "Login method" may name the client (Web, App) or how the user proved it was them ("Password + Email code").
      said.kind = parseKind(text);
      if (!said.kind && text.length <= 60) {
        const factor = parseSecondFactor(text);
        if (factor && factor !== 'other' && factor !== 'none') said.factor = factor;
      }
      break;
    }
  }
  return said;
}

/** Folds what a cell said as field `f` into the row; `c` gives the outcome an icon's class tells. */
export function apply(row: Row, f: Slot, said: Said, c: Cell | undefined): void {
  if (said.cur > row.cur) row.cur = said.cur;
  switch (f) {
    case 'device':
      if (said.text !== undefined && row.dev.length < 4)
        row.dev = row.dev.length ? [...row.dev, said.text] : [said.text];
      break;
    case 'ip':
      row.ip ??= said.text;
      break;
    case 'location':
      if (said.text !== undefined) row.loc ??= said.text;
      break;
    case 'time':
    case 'firstSeen':
    case 'lastActive':
    case 'anyTime': {
      const t = said.time;
      if (t === undefined) break;
      if (f === 'time') row.time ??= t;
      else if (f === 'firstSeen') row.first ??= t;
      else if (f === 'lastActive') row.last ??= t;
      else if (row.anyTime.length < 4) row.anyTime = row.anyTime.length ? [...row.anyTime, t] : [t];
      break;
    }
    case 'status':
      if (said.status) row.status ??= said.status;
      else if (said.ok) row.outcome ??= said.outcome;
      if (c?.mark) row.mark ??= c.mark;
      break;
    case 'outcome':
      row.outcome ??= said.outcome;
      if (c?.mark) row.mark ??= c.mark;
      break;
    case 'secondFactor':
      if (said.ok) row.factor ??= said.factor;
      break;
    case 'kind':
      if (said.kind) row.kind ??= said.kind;
      else if (said.factor) row.factor ??= said.factor;
      break;
  }
}

/** The one answer `put` reads into and at once applies. */
const putSaid = newSaid();

export function put(row: Row, f: Slot, text: string, c: Cell | undefined, ctx: Ctx): void {
  apply(row, f, interpret(f, text, c, ctx, putSaid), c);
}

/** Folds a cell's flags (buttons, badges, dots, user agent) into the row. */
export function absorb(row: Row, c: Cell, isStatusCell = false): void {
  if (c.rev) row.rev = true;
  if (c.cur) row.cur = 3;
  else if (c.badge) row.cur = Math.max(row.cur, 2);
  if (c.ua) row.ua ??= c.ua;
  if (c.dot && !isStatusCell) row.dot ??= c.dot;
}

export type ListKind = 'sessions' | 'logins';

/**
 * What the nearest title says the list is, with its weight: 3 for a heading, caption or label,
 * 2 for a short text that merely sits before the list.
 */
export function headingFor(el: PageElement): [ListKind, number] | undefined {
  let cur: PageElement | null = el;
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
export function decide(fields: Set<Slot>, rows: Row[], heading: [ListKind, number] | undefined): ListKind {
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
export function currentRows(rows: Row[]): Set<Row> {
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

/** `parseKind(device, true)` once per distinct device of a list: a list repeats its devices. */
function kindsOfDevices(): (device: string) => ClientKind | undefined {
  const kinds = new Map<string, ClientKind | undefined>();
  return (device) => {
    if (kinds.has(device)) return kinds.get(device);
    const kind = parseKind(device, true);
    if (kinds.size < 512) kinds.set(device, kind);
    return kind;
  };
}

/** The row's device texts joined (one text is itself, with no join). */
function deviceOf(r: Row): string {
  const d = r.dev.length === 1 ? r.dev[0]! : r.dev.join(' · ');
  return d.length > MAX_TEXT ? d.slice(0, MAX_TEXT) : d;
}

export function finishSessions(rows: Row[]): ExtractedSession[] {
  const kindOf = kindsOfDevices();
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
    const device = deviceOf(r);
    const s: ExtractedSession = { device, isCurrent: current.has(r) };
    const any = r.anyTime;
    let first = r.first ?? r.time;
    let last = r.last;
    if (first === undefined && last === undefined && any.length >= 2) {
      first = Math.min(...any);
      last = Math.max(...any);
    } else {
      // The unnamed times, in order, fill what the named ones left open.
      let next = 0;
      if (last === undefined) last = any[next++];
      if (first === undefined) first = any[next++];
    }
    if (r.ua) s.userAgent = r.ua;
    if (r.ip) s.ip = r.ip;
    if (r.loc) s.location = r.loc;
    if (first !== undefined) s.firstSeen = first;
    if (last !== undefined) s.lastActive = last;
    if (r.status) s.status = r.status;
    const kind = r.kind ?? kindOf(device);
    if (kind) s.kind = kind;
    return s;
  });
}

export function finishLogins(rows: Row[]): ExtractedLogin[] {
  const kindOf = kindsOfDevices();
  return rows.map((r) => {
    const device = deviceOf(r);
    const l: ExtractedLogin = { device };
    const time = r.time ?? r.first ?? r.last ?? r.anyTime[0];
    if (time !== undefined) l.time = time;
    if (r.ip) l.ip = r.ip;
    if (r.ua) l.userAgent = r.ua;
    if (r.loc) l.location = r.loc;
    const outcome = r.outcome ?? r.mark;
    if (outcome) l.outcome = outcome;
    if (r.factor) l.secondFactor = r.factor;
    const kind = r.kind ?? kindOf(device);
    if (kind) l.kind = kind;
    return l;
  });
}

export function emit(ctx: Ctx, kind: ListKind, rows: Row[]): void {
  if (kind === 'sessions') {
    ctx.hasSessionList = true;
    for (const s of finishSessions(rows)) if (ctx.sessions.length < MAX_ROWS) ctx.sessions.push(s);
  } else {
    ctx.hasLoginList = true;
    for (const l of finishLogins(rows)) if (ctx.logins.length < MAX_ROWS) ctx.logins.push(l);
  }
}

/** Made once (see LETTER in lines.ts). */
const TWO_LETTERS = /\p{L}{2}/u;

/**
 * A row names a session or login. Under named columns one field is enough (a site may hide the IP);
 * a card needs an IP, or two of device/place/time/result ("This session" needs one).
 */
export function useful(r: Row, columns = false): boolean {
  if (r.ip !== undefined) return true;
  const need = columns || r.cur >= 2 ? 1 : 2;
  let n = 0;
  if (r.loc !== undefined) n++;
  if (r.time !== undefined || r.first !== undefined || r.last !== undefined || r.anyTime.length > 0) n++;
  if (r.status !== undefined || r.outcome !== undefined || r.factor !== undefined) n++;
  if (n >= need) return true;
  // A pager's "1" under the device column is no device.
  return n + 1 >= need && r.dev.some((d) => TWO_LETTERS.test(d));
}
