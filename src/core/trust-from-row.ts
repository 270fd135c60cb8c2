import ipaddr from 'ipaddr.js';
import { type ParsedDevice, parseDevice } from './device';
import { ipInCidr, parseIpBits } from './ip';
import { foldText } from './text';
import { type DeviceObservation, trustedDeviceMatches } from './trust';
import type { TrustedDevice } from './types';

/** A session or login row the user says was theirs ("This was me"), with its provider when known. */
export type TrustRow = DeviceObservation & { asn?: number };

export interface TrustOutcome {
  trustedDevices: TrustedDevice[];
  /** The entry that now covers the row. */
  device: TrustedDevice;
  /** created: a new entry; widened: an entry with the same browser and OS took this network/account; covered: nothing to do. */
  change: 'created' | 'widened' | 'covered';
  /**
   * Set when the row's address could not be trusted as a network: `masked` (the page hid part of it) or
   * `no-address`. What was trusted instead is on the entry: its provider (`asns`) or country, or no network.
   */
  notice?: 'masked' | 'no-address';
}

// Below these prefixes a masked address says too little to be a network worth trusting: a /16 is a city's worth of
// strangers. A home line keeps its /24; an IPv6 customer gets a /48 to /64.
const MIN_V4_PREFIX = 24;
const MIN_V6_PREFIX = 48;

/**
 * The network a row's IP belongs to, as the range "this was me" trusts: /24 for IPv4 (a home or office line
 * keeps it), /64 for IPv6 (privacy addresses rotate inside it). A masked address ("203.0.113.*") narrows to
 * the bytes the page showed; undefined when there is no usable address.
 */
export function networkOf(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const bits = parseIpBits(ip);
  if (!bits) return undefined;
  const want = bits.version === 4 ? 24 : 64;
  const min = bits.version === 4 ? MIN_V4_PREFIX : MIN_V6_PREFIX;
  let known = 0;
  while (known < bits.bytes.length && bits.known[known] === 0xff) known++;
  const prefix = Math.min(want, known * 8);
  if (prefix < min) return undefined;
  const bytes = bits.bytes.map((b, i) => (i * 8 < prefix ? b : 0));
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}

function same(a: string | undefined, b: string | undefined): boolean {
  return foldText(a ?? '') === foldText(b ?? '');
}

function nameOf(d: ParsedDevice, fallback: string): string {
  if (d.model && d.os) return `${d.model} (${d.os})`;
  if (d.browser && d.os) return `${d.browser} on ${d.os}`;
  return (d.model ?? d.browser ?? d.os ?? fallback.trim()).slice(0, 100) || 'My device';
}

/** An entry this row may widen: made of the same browser/OS/type/model words and nothing we cannot extend. */
function isWidenable(t: TrustedDevice, d: ParsedDevice, row: TrustRow, net: string | undefined): boolean {
  if (t.pattern || (!t.browser && !t.os)) return false;
  if (!same(t.browser, d.browser) || !same(t.os, d.os)) return false;
  if (t.deviceType && t.deviceType !== d.deviceType) return false;
  if (t.model && !same(t.model, d.model)) return false;
  // A range-limited entry can only take the row if the row has a network to add.
  if (t.ipRanges?.length && !net) return false;
  if (t.countries?.length && !(row.country && /^[A-Z]{2}$/.test(row.country))) return false;
  return true;
}

function widen(t: TrustedDevice, row: TrustRow, net: string | undefined): TrustedDevice {
  const out: TrustedDevice = { ...t };
  if (t.ipRanges?.length && net && !t.ipRanges.some((r) => row.ip && ipInCidr(row.ip, r))) {
    out.ipRanges = [...t.ipRanges, net];
  }
  if (t.accountIds?.length && !t.accountIds.includes(row.accountId)) {
    out.accountIds = [...t.accountIds, row.accountId];
  }
  if (t.countries?.length && row.country && !t.countries.includes(row.country)) {
    out.countries = [...t.countries, row.country];
  }
  return out;
}

/**
 * "This was me" on a row: the smallest change to the trusted devices that covers it. An entry that already
 * covers the row is left alone; an entry with the same browser and OS is widened (its network and account
 * added) instead of adding a near-duplicate; otherwise a new entry is made from the normalised device,
 * limited to the row's network and account. Throws when the row says nothing to trust by.
 */
export function trustFromRow(
  list: TrustedDevice[],
  row: TrustRow,
  now: number,
  newId: () => string = () => `trusted-${now.toString(36)}`,
): TrustOutcome {
  const net = networkOf(row.ip);
  const notice = net ? undefined : row.ip ? ('masked' as const) : ('no-address' as const);
  const covering = list.findIndex((t) => trustedDeviceMatches(t, row));
  if (covering >= 0) {
    const t = list[covering] as TrustedDevice;
    // The user vouched for the row's provider: the rules learn it (a VPN they use is theirs, not a stolen session).
    if (row.asn === undefined || t.asns?.includes(row.asn)) {
      return { trustedDevices: list, device: t, change: 'covered', ...(notice ? { notice } : {}) };
    }
    const widened = { ...t, asns: [...(t.asns ?? []), row.asn].slice(-100) };
    const next = [...list];
    next[covering] = widened;
    return { trustedDevices: next, device: widened, change: 'widened', ...(notice ? { notice } : {}) };
  }
  const d = parseDevice(row.device, row.userAgent);
  const index = list.findIndex((t) => isWidenable(t, d, row, net));
  const existing = list[index];
  if (existing) {
    const widened = widen(existing, row, net);
    if (row.asn !== undefined && !widened.asns?.includes(row.asn)) widened.asns = [...(widened.asns ?? []), row.asn];
    if (trustedDeviceMatches(widened, row)) {
      const next = [...list];
      next[index] = widened;
      return { trustedDevices: next, device: widened, change: 'widened', ...(notice ? { notice } : {}) };
    }
  }
  const hasDeviceWords = Boolean(d.browser || d.os);
  const text = row.device.trim();
  if (!hasDeviceWords && !text && !net) throw new Error('This row has no device or network to trust');
  const created: TrustedDevice = {
    id: newId(),
    name: nameOf(d, text),
    createdAt: now,
    accountIds: [row.accountId],
  };
  if (hasDeviceWords) {
    if (d.browser) created.browser = d.browser;
    if (d.os) created.os = d.os;
    if (d.deviceType !== 'unknown') created.deviceType = d.deviceType;
    if (d.model) created.model = d.model;
  } else if (text) {
    // Nothing the parser knows: the page's own words, as printed, are the device.
    created.pattern = text.replace(/\*/g, '').slice(0, 200);
  }
  if (net) created.ipRanges = [net];
  if (row.asn !== undefined) created.asns = [row.asn];
  // No address to bind: the country is what can be stated (a masked or missing address trusts no network).
  if (!net && row.country && /^[A-Z]{2}$/.test(row.country)) created.countries = [row.country];
  if (!trustedDeviceMatches(created, row)) throw new Error('This row cannot be matched by a trusted device');
  return { trustedDevices: [...list, created], device: created, change: 'created', ...(notice ? { notice } : {}) };
}

/** "These are all mine": every row of a first scan, one after another, so rows of one device share one entry. */
export function trustAllRows(
  list: TrustedDevice[],
  rows: TrustRow[],
  now: number,
  newId?: (i: number) => string,
): { trustedDevices: TrustedDevice[]; created: number; widened: number } {
  let current = list;
  let created = 0;
  let widened = 0;
  rows.forEach((row, i) => {
    if (!row.device.trim() && !row.ip) return;
    const r = trustFromRow(current, row, now, newId ? () => newId(i) : () => `trusted-${now.toString(36)}-${i}`);
    current = r.trustedDevices;
    if (r.change === 'created') created++;
    if (r.change === 'widened') widened++;
  });
  return { trustedDevices: current, created, widened };
}
