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

/** `*` is a wildcard; otherwise the pattern must appear as a substring (case- and accent-insensitive). */
export function patternMatches(pattern: string, text: string): boolean {
  const p = foldText(pattern);
  if (!p) return true;
  const t = foldText(text);
  if (!p.includes('*')) return t.includes(p);
  const re = new RegExp(
    p
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return re.test(t);
}

function sameWord(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && foldText(a) === foldText(b);
}

/** Whether a trusted device covers an observed session or login: every criterion it sets must hold. */
export function trustedDeviceMatches(t: TrustedDevice, o: DeviceObservation): boolean {
  if (t.accountIds?.length && !t.accountIds.includes(o.accountId)) return false;
  if (t.pattern && !patternMatches(t.pattern, o.userAgent ? `${o.device} ${o.userAgent}` : o.device)) return false;
  if (t.browser || t.os || t.model || t.deviceType) {
    const d = parseDevice(o.device, o.userAgent);
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
