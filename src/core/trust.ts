import { parseDevice } from './device';
import { ipInCidr } from './ip';
import { foldText } from './text';
import type { TrustedDevice } from './types';

export interface DeviceObservation {
  accountId: string;
  device: string;
  userAgent?: string;
  ip?: string;
  /** ISO alpha-2 of the row's place, when known. */
  country?: string;
}

/**
 * Trusted devices are matched against every stored row, and the rows repeat a few device strings: fold, compile
 * and parse each distinct string once. The cap bounds memory on hostile input.
 */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = compute(key);
      if (cache.size >= 5000) cache.clear();
      cache.set(key, v);
    }
    return v as T;
  };
}

const folded = memo(foldText);
/** Words of a folded text: letters and digits, split at everything else ("chrome/126.0" → chrome, 126, 0). */
const wordsOf = memo((t) => t.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
/** A pattern word with `*` in it as an anchored test of one word (runs of `*` are one). */
const compiledWord = memo(
  (w) =>
    new RegExp(
      `^${w
        .replace(/\*+/g, '*')
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^ ]*')}$`,
    ),
);
const patternWords = memo((p) => p.split(/[^\p{L}\p{N}*]+/u).filter(Boolean));
const wordMatches = (pw: string, w: string) => (pw.includes('*') ? compiledWord(pw).test(w) : pw === w);

const parsedText = memo((device) => parseDevice(device));
const parsedWithUa = memo((key) => {
  const at = key.indexOf(':');
  const length = Number(key.slice(0, at));
  return parseDevice(key.slice(at + 1, at + 1 + length), key.slice(at + 1 + length));
});
/** Length-prefixed, so no device text can pass for another device plus a user agent. */
const parsedDevice = (device: string, userAgent: string | undefined) =>
  userAgent === undefined ? parsedText(device) : parsedWithUa(`${device.length}:${device}${userAgent}`);

/**
 * Whether a pattern names something: a letter or digit besides wildcards. A pattern without one (`*`, `* *`)
 * would match every device, so it matches none.
 */
export function isTellingPattern(pattern: string): boolean {
  return /[\p{L}\p{N}]/u.test(folded(pattern));
}

/**
 * Whole words: the pattern's words must appear one after another as whole words of the text (case- and
 * accent-insensitive); `*` inside a word stands for any letters ("iphone*" is "iphone15"), and a `*` standing alone
 * for any run of words ("chrome * macos").
 * "mac" does not match "Macintosh", and a pattern never matches across a raw user agent's punctuation soup.
 */
export function patternMatches(pattern: string, text: string): boolean {
  if (!isTellingPattern(pattern)) return false;
  const pw = patternWords(folded(pattern));
  const tw = wordsOf(folded(text));
  // A `*` standing alone is any run of words ("chrome * macos"); states are few (pattern × text words), kept.
  const failed = new Set<number>();
  const from = (p: number, t: number): boolean => {
    if (p === pw.length) return true;
    const k = p * (tw.length + 1) + t;
    if (failed.has(k)) return false;
    const w = pw[p] as string;
    const ok = /^\*+$/.test(w)
      ? from(p + 1, t) || (t < tw.length && from(p, t + 1))
      : t < tw.length && wordMatches(w, tw[t] as string) && from(p + 1, t + 1);
    if (!ok) failed.add(k);
    return ok;
  };
  for (let i = 0; i < tw.length; i++) if (from(0, i)) return true;
  return false;
}

/**
 * Whether a trusted device's criteria would cover nearly every device: none that names the device (pattern,
 * browser, OS, model) and no address range. A device type or a country alone is everyone's. Such an entry is
 * refused when entered and, stored from before, trusts nothing.
 */
export function isTooBroad(t: Partial<TrustedDevice>): boolean {
  const names =
    (t.pattern !== undefined && isTellingPattern(t.pattern)) ||
    Boolean(t.browser?.trim()) ||
    Boolean(t.os?.trim()) ||
    Boolean(t.model && isTellingPattern(t.model));
  return !names && !t.ipRanges?.length;
}

function sameWord(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && foldText(a) === foldText(b);
}

/**
 * Whether a trusted device's words cover an observed session or login: every criterion it sets must hold. This is
 * identity, which an attacker can copy; the rules weigh where the identity has been beside it.
 */
export function trustedDeviceMatches(t: TrustedDevice, o: DeviceObservation): boolean {
  if (t.accountIds?.length && !t.accountIds.includes(o.accountId)) return false;
  if (isTooBroad(t)) return false;
  // The page's device text only: a raw user agent is attacker-chosen text full of other products' names.
  if (t.pattern && !patternMatches(t.pattern, o.device)) return false;
  if (t.browser || t.os || t.model || t.deviceType) {
    const d = parsedDevice(o.device, o.userAgent);
    if (t.browser && !sameWord(t.browser, d.browser)) return false;
    if (t.os && !sameWord(t.os, d.os)) return false;
    if (t.model && !(d.model && patternMatches(t.model, d.model))) return false;
    if (t.deviceType && t.deviceType !== d.deviceType) return false;
  }
  if (t.ipRanges?.length) {
    if (!o.ip || !t.ipRanges.some((cidr) => ipInCidr(o.ip as string, cidr))) return false;
  }
  if (t.countries?.length) {
    if (!o.country || !t.countries.includes(o.country)) return false;
  }
  return true;
}

export function findTrustedDevice(list: TrustedDevice[], o: DeviceObservation): TrustedDevice | undefined {
  return list.find((t) => trustedDeviceMatches(t, o));
}
