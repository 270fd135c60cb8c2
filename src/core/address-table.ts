import { type HostingTable, lookupHostingV4, lookupHostingV6 } from './hosting';
import {
  CARRIER_NAT,
  NETWORK_KINDS,
  type NetworkTable,
  networkInfoAt,
  networkRangeV4,
  networkRangeV6,
} from './network-table';
import type { AddressAnswers, NetworkInfo, NetworkKind } from './rules/rule';

/**
 * The hosting table's answers written beside the provider table's ranges: per provider range, the hosting range
 * that holds all of it, so one search of the provider table answers both tables (the rules ask both about every
 * stored sign-in, and each search costs its own cache misses across megabytes). Built in memory from the two
 * tables as loaded, in one sweep: the files and their formats stay as they are. A provider range only part of
 * which a hosting range holds, and an address no provider range holds, are asked of the hosting table itself,
 * so the answers are `lookupHostingV4`/`V6` and `lookupNetworkV4`/`V6` whatever the tables hold
 * (address-table.test.ts holds them together).
 */
export interface AddressTables {
  readonly hosting: HostingTable;
  readonly network: NetworkTable;
  /** Per v4 range of the provider table: `NO_HOSTING`, `ASK_HOSTING`, or the hosting provider's index + 1. */
  readonly v4Hosting: Uint32Array;
  /** The same per v6 range. */
  readonly v6Hosting: Uint32Array;
  /**
   * Per network (and the carrier space after them), 1 when a rented answer can carry its ASN: its kind is hosting
   * or Tor, or a hosting range names its ASN (`networkRentableOfId`).
   */
  readonly rentable: Uint8Array;
}

const NO_HOSTING = 0;
/** A hosting range holds part of the provider range: the hosting table is asked. */
const ASK_HOSTING = 0xffffffff;

/** (hi, lo) compared with (hi2, lo2), as 64-bit numbers: negative, 0 or positive. */
const cmp64 = (hi: number, lo: number, hi2: number, lo2: number) => (hi !== hi2 ? hi - hi2 : lo - lo2);

/**
 * Per v4 range of the provider table, what the hosting ranges say of it: a sweep of both lists (ascending and
 * disjoint), the hosting range met being the first not ended before the provider range starts.
 */
function hostingBesideV4(h: HostingTable, p: NetworkTable): Uint32Array {
  const out = new Uint32Array(p.v4Start.length);
  const count = h.v4Start.length;
  let j = 0;
  for (let i = 0; i < out.length; i++) {
    const start = p.v4Start[i] as number;
    const end = p.v4End[i] as number;
    // A hosting range ending before this provider range starts ends before every later one too.
    while (j < count && (h.v4End[j] as number) < start) j++;
    if (j >= count || (h.v4Start[j] as number) > end) out[i] = NO_HOSTING;
    else if ((h.v4Start[j] as number) <= start && (h.v4End[j] as number) >= end)
      out[i] = (h.v4Provider[j] as number) + 1;
    else out[i] = ASK_HOSTING;
  }
  return out;
}

/** `hostingBesideV4` over /64s given as halves. */
function hostingBesideV6(h: HostingTable, p: NetworkTable): Uint32Array {
  const out = new Uint32Array(p.v6StartHi.length);
  const count = h.v6StartHi.length;
  let j = 0;
  for (let i = 0; i < out.length; i++) {
    const sHi = p.v6StartHi[i] as number;
    const sLo = p.v6StartLo[i] as number;
    const eHi = p.v6EndHi[i] as number;
    const eLo = p.v6EndLo[i] as number;
    while (j < count && cmp64(h.v6EndHi[j] as number, h.v6EndLo[j] as number, sHi, sLo) < 0) j++;
    if (j >= count || cmp64(h.v6StartHi[j] as number, h.v6StartLo[j] as number, eHi, eLo) > 0) out[i] = NO_HOSTING;
    else if (
      cmp64(h.v6StartHi[j] as number, h.v6StartLo[j] as number, sHi, sLo) <= 0 &&
      cmp64(h.v6EndHi[j] as number, h.v6EndLo[j] as number, eHi, eLo) >= 0
    )
      out[i] = (h.v6Provider[j] as number) + 1;
    else out[i] = ASK_HOSTING;
  }
  return out;
}

/** `AddressTables.rentable`. */
function rentableOf(hosting: HostingTable, network: NetworkTable): Uint8Array {
  const named = new Set(hosting.providers.map((p) => p.asn));
  const hostingKind = NETWORK_KINDS.indexOf('hosting');
  const torKind = NETWORK_KINDS.indexOf('tor');
  const out = new Uint8Array(network.asns.length + 1);
  for (let id = 0; id < network.asns.length; id++) {
    const kind = network.kinds[id] as number;
    out[id] = kind === hostingKind || kind === torKind || named.has(network.asns[id] as number) ? 1 : 0;
  }
  out[network.asns.length] = named.has(CARRIER_NAT.asn) ? 1 : 0;
  return out;
}

/** The hosting answers beside the provider table's ranges (`AddressTables`). */
export function addressTables(hosting: HostingTable, network: NetworkTable): AddressTables {
  return {
    hosting,
    network,
    v4Hosting: hostingBesideV4(hosting, network),
    v6Hosting: hostingBesideV6(hosting, network),
    rentable: rentableOf(hosting, network),
  };
}

/** The carrier space's number among the networks (`networkOfId`): one past the table's own. */
const cgnatId = (t: AddressTables) => t.network.asns.length;
const CGNAT_FIRST = 0x64400000;
const CGNAT_LAST = 0x647fffff;

/**
 * `lookupHostingV4` and `lookupNetworkV4` of a bare v4 address given as its value, written into `out`: the network
 * as its number (`networkOfId`).
 */
export function lookupBothV4(t: AddressTables, value: number, out: AddressAnswers): void {
  const i = networkRangeV4(t.network, value);
  // The carrier space before the table, as `lookupNetworkV4` answers it.
  out.network =
    value >= CGNAT_FIRST && value <= CGNAT_LAST ? cgnatId(t) : i < 0 ? -1 : (t.network.v4Network[i] as number);
  const code = i < 0 ? ASK_HOSTING : (t.v4Hosting[i] as number);
  out.hosting =
    code === ASK_HOSTING
      ? lookupHostingV4(value, t.hosting)
      : code === NO_HOSTING
        ? undefined
        : t.hosting.providers[code - 1];
}

/**
 * `lookupHostingV6` and `lookupNetworkV6` of a bare v6 address (not a mapped v4 one) given as the halves of its
 * upper 64 bits, written into `out`.
 */
export function lookupBothV6(t: AddressTables, hi: number, lo: number, out: AddressAnswers): void {
  const i = networkRangeV6(t.network, hi, lo);
  out.network = i < 0 ? -1 : (t.network.v6Network[i] as number);
  const code = i < 0 ? ASK_HOSTING : (t.v6Hosting[i] as number);
  out.hosting =
    code === ASK_HOSTING
      ? lookupHostingV6(hi, lo, t.hosting)
      : code === NO_HOSTING
        ? undefined
        : t.hosting.providers[code - 1];
}

/** The network `lookupBothV4`/`V6` numbered: what `lookupNetworkV4`/`V6` answer. */
export function networkOfId(t: AddressTables, id: number): NetworkInfo | undefined {
  if (id < 0) return undefined;
  return id === cgnatId(t) ? CARRIER_NAT : networkInfoAt(t.network, id);
}

/** `networkOfId(t, id)?.kind`, read from the table's kinds, not from an object. */
export function networkKindOfId(t: AddressTables, id: number): NetworkKind | undefined {
  if (id < 0) return undefined;
  return id === cgnatId(t) ? CARRIER_NAT.kind : (NETWORK_KINDS[t.network.kinds[id] as number] ?? 'isp');
}

/** `networkOfId(t, id)?.asn`, read from the table's ASNs; -1 for none. */
export function networkAsnOfId(t: AddressTables, id: number): number {
  if (id < 0) return -1;
  return id === cgnatId(t) ? CARRIER_NAT.asn : (t.network.asns[id] as number);
}

/**
 * Whether a rented answer (a hosting range's, or a network of kind hosting or Tor) can carry the ASN of the network
 * numbered `id`: a baseline of where a device has been, asked only about rented networks, needs no other ASN.
 */
export function networkRentableOfId(t: AddressTables, id: number): boolean {
  return id >= 0 && t.rentable[id] === 1;
}
