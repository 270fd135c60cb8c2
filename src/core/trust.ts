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
const compiled = memo(
  (p) =>
    new RegExp(
      p
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*'),
    ),
);
const parsedText = memo((device) => parseDevice(device));
const parsedWithUa = memo((key) => {
  const at = key.indexOf(':');
  const length = Number(key.slice(0, at));
  return parseDevice(key.slice(at + 1, at + 1 + length), key.slice(at + 1 + length));
});
/** Length-prefixed, so no device text can pass for another device plus a user agent. */
const parsedDevice = (device: string, userAgent: string | undefined) =>
  userAgent === undefined ? parsedText(device) : parsedWithUa(`${device.length}:${device}${userAgent}`);

/** `*` is a wildcard; otherwise the pattern must appear as a substring (case- and accent-insensitive). */
export function patternMatches(pattern: string, text: string): boolean {
  const p = folded(pattern);
  if (!p) return true;
  const t = folded(text);
  if (!p.includes('*')) return t.includes(p);
  return compiled(p).test(t);
}

function sameWord(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && foldText(a) === foldText(b);
}

/** Whether a trusted device covers an observed session or login: every criterion it sets must hold. */
export function trustedDeviceMatches(t: TrustedDevice, o: DeviceObservation): boolean {
  if (t.accountIds?.length && !t.accountIds.includes(o.accountId)) return false;
  if (t.pattern && !patternMatches(t.pattern, o.userAgent ? `${o.device} ${o.userAgent}` : o.device)) return false;
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
