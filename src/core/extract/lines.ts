/** Lines: a card line split into labelled and content-guessed values. Only markup makes a label of a field. */

import { partsOf } from './cells';
import {
  currentMarkerStrength,
  isEmptyState,
  isPlaceholder,
  looksLikeDevice,
  looksLikeLocation,
  mayBeginEmptyState,
  parseIp,
  parseOutcome,
  parseSecondFactor,
  parseStatus,
  stripCurrentMarker,
} from './fields';
import { classifyLabel, type FieldName, timeOrIpLabel } from './labels';
import type { Cell, Ctx, Put, Slot } from './reading';
import { parseTime } from './time';

// Patterns with Unicode property escapes live out here, made once: a bundler that cannot leave such a literal as it is
// writes it as `new RegExp(…)`, which inside a function builds the pattern again on every call.
const LETTER = /\p{L}/u;
const DIGIT_OR_LETTER = /\d|\p{L}/u;
const ZONE = /(?<!\p{L})(?:utc|gmt)\s*(?:[+\-−]\s*\d{1,2}(?::?\d{2})?)?(?!\d)/iu;

/** What an unlabeled text most likely is, judged by its content. */
export function guess(t: string, ctx: Ctx): Put['f'] | undefined {
  const found = parseIp(t);
  // "Edge 123.0.0.0 on Windows …": browsers give their version as N.0.0.0, which is no client's address; after a
  // word it is that version, whatever text follows (an intruder may append some).
  const ip = found && /^\d+\.0\.0\.0$/.test(found) && LETTER.test(t.slice(0, t.indexOf(found))) ? undefined : found;
  // "Chrome 124.0.0.0 on Android": a four-part version is not an address.
  if (ip && looksLikeDevice(t) && !/(?:^|[^a-z])ip(?:$|[^a-z])/i.test(t)) return 'device';
  if (ip && t.length <= ip.length + 24) return 'ip';
  // Only a line that is wholly a marker ("This is your current session"); words inside a device name are its text.
  if (t.length <= 60 && currentMarkerStrength(t) === 2 && !stripCurrentMarker(t)) return 'cur';
  if (t.length <= 60 && DIGIT_OR_LETTER.test(t) && parseTime(t, ctx) !== undefined) return 'anyTime';
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

export const SEPARATORS = /\s+[·•|｜—–]\s+|\s*[·•｜]\s*/;
export const TIME_FIELDS = new Set<FieldName>(['time', 'firstSeen', 'lastActive']);
export const TIME_SLOTS = new Set<Slot>(['time', 'firstSeen', 'lastActive', 'anyTime']);

/** The zone a label states ("Date (UTC)", "Time (GMT+8)"), to read the values under it in that zone. */
export function zoneOf(label: string): string | undefined {
  return ZONE.exec(label)?.[0].replace('−', '-');
}

/** A time value read under a label: the label's zone goes with it. */
export function zoned(field: Slot, label: string, value: string): string {
  const zone = TIME_SLOTS.has(field) ? zoneOf(label) : undefined;
  return zone ? `${value} ${zone}` : value;
}

// "Label: value"; the label may not end in a digit ("on 14 Apr 07:58" has a clock, not a label).
export const LABELLED = /^([^:：]{0,39}[^:：\d\s])\s*[:：]\s*(.+)$/;

/**
 * The field a label written in a line's text names: only fields a record holds. Words such as "Price:",
 * "Balance:" or "Operation" inside a line are text (an intruder can name a device so); they never make a record
 * unrelated or swallow the value after them. Whole lists are set aside only by their markup (table headers).
 */
export function fieldLabel(text: string): FieldName | undefined {
  const f = classifyLabel(text);
  return f === 'unrelated' || f === 'action' ? undefined : f;
}

/**
 * A time or address label of one to four words glued to its value ("Last accessed on 14 Apr 14:12"), taken only
 * when the value parses: the words before the first, second, third and fourth space in turn, each without building
 * the chunk's words (each is the text up to that space, as the words joined again would be).
 */
export function gluedLabel(chunk: string, ctx: Ctx): Put | undefined {
  let end = chunk.indexOf(' ');
  for (let n = 1; end >= 0 && n <= 4; n++, end = chunk.indexOf(' ', end + 1)) {
    // Only a time or address label is taken here (fieldLabel's other answers are passed over).
    const f = timeOrIpLabel(chunk.slice(0, end));
    if (!f) continue;
    const rest = chunk.slice(end + 1);
    if (f !== 'ip' && parseTime(rest, ctx) !== undefined) return { f, t: rest, label: f };
    if (f === 'ip' && parseIp(rest)) return { f, t: rest, label: f };
  }
  return undefined;
}

/** `gluedLabel` by the chunk's words split and joined again: what it answers for every chunk. */
export function gluedLabelSlow(chunk: string, ctx: Ctx): Put | undefined {
  const words = chunk.split(' ');
  let found: Put | undefined;
  for (let n = 1; n < words.length && n <= 4 && !found; n++) {
    const f = timeOrIpLabel(words.slice(0, n).join(' '));
    if (!f) continue;
    const rest = words.slice(n).join(' ');
    if (f !== 'ip' && parseTime(rest, ctx) !== undefined) found = { f, t: rest, label: f };
    else if (f === 'ip' && parseIp(rest)) found = { f, t: rest, label: f };
  }
  return found;
}

/**
 * What each part reads as, when every part reads as a field, no two as the same one, and none as a badge (badges such
 * as "Current session" are read by the glued-badge path); undefined otherwise, found at the first part that fails
 * (the parts after it are not guessed).
 */
export function distinctGuesses(parts: readonly string[], ctx: Ctx): NonNullable<Put['f']>[] | undefined {
  const fields: NonNullable<Put['f']>[] = [];
  for (const p of parts) {
    const f = guess(p, ctx);
    if (f === undefined || f === 'cur' || fields.includes(f)) return undefined;
    fields.push(f);
  }
  return fields;
}

/** `distinctGuesses` with every part guessed before any is judged: what it answers for all parts. */
export function distinctGuessesSlow(parts: readonly string[], ctx: Ctx): NonNullable<Put['f']>[] | undefined {
  const fields = parts.map((p) => guess(p, ctx));
  return fields.every((f) => f !== undefined && f !== 'cur') && new Set(fields).size === fields.length
    ? (fields as NonNullable<Put['f']>[])
    : undefined;
}

/** Splits a card line into labelled and content-guessed values. */
export function readLine(c: Cell, ctx: Ctx): Put[] {
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
    // A line of one chunk was matched whole above.
    const colon = chunk === c.text ? whole : LABELLED.exec(chunk);
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
      const fields = distinctGuesses(parts, ctx);
      if (fields) {
        for (let i = 0; i < parts.length; i++) out.push({ f: fields[i]!, t: parts[i]! });
        continue;
      }
    }
    const g = guess(chunk, ctx);
    // "Last accessed on 14 Apr 14:12": a label phrase glued to its value, accepted only when the value parses.
    if (!g || g === 'anyTime') {
      const found = gluedLabel(chunk, ctx);
      if (found) {
        out.push(found);
        continue;
      }
    }
    if (g) {
      out.push({ f: g, t: chunk });
      continue;
    }
    const label =
      (mayBeginEmptyState(chunk) && isEmptyState(chunk)) || isPlaceholder(chunk) ? undefined : fieldLabel(chunk);
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
