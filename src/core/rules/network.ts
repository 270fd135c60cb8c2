import { ipInCidr, isMappedV4Groups, parseIpBits, plainV4Value, plainV6Groups } from '../ip';
import { trustedDeviceMatches } from '../trust';
import type { StoredLogin, TrustedDevice } from '../types';
import {
  type Activity,
  AddressMemo,
  activities,
  activityLoginIndex,
  type ByIndex,
  type FamilyIndex,
  familyIndex,
  isTellingFamily,
  type LoginNetworkFacts,
  type LoginV6,
  loginHosting,
  loginNetworkFacts,
  loginV4Values,
  loginV6,
  placeOf,
  successfulLogins,
  successfulTimes,
  type TimedLogin,
} from './history';
import type { HostingInfo, NetworkInfo, NetworkKind, RuleContext } from './rule';

/** Scratch for a bare v6 address's groups: the identity baselines read the prefix of every stored address. */
const groups = new Uint16Array(8);

/** What the rules know of the network behind an address: who announces it and what kind of network it is. */
export interface RowNetwork {
  asn: number;
  name: string;
  kind: NetworkKind;
}

/**
 * The network of an address. The hosting table is hand-picked by range (a cloud's ranges, not its owner's whole
 * network) and names providers as people know them ("Amazon AWS"), so a range it holds is hosting under that name
 * (Tor when the provider table says so); any other address is what the provider table says, when it is loaded.
 * Undefined when neither knows the address.
 */
export function networkOfIp(ctx: RuleContext, ip: string | undefined): RowNetwork | undefined {
  if (!ctx.geo || !ip) return undefined;
  return networkWith(ctx, ip, ctx.geo.lookupHosting(ip));
}

/** `networkOfIp` with the hosting table's answer for the address already in hand. */
function networkWith(ctx: RuleContext, ip: string, h: HostingInfo | undefined): RowNetwork | undefined {
  const n = ctx.geo?.lookupNetwork?.(ip);
  if (h) return { asn: h.asn, name: h.provider, kind: n?.kind === 'tor' ? 'tor' : 'hosting' };
  return n;
}

const loginNetworkMemo = new WeakMap<RuleContext, LoginNetworks>();

/**
 * `networkOfIp` of each successful login by its index (as `successfulLogins` holds them), asked at most once per
 * context: the hosting rule asks about every judged sign-in and the identity baselines about the same logins
 * again. An array beside the logins, not a table keyed by address (mostly distinct in a long history).
 */
export function loginNetworks(ctx: RuleContext): ByIndex<RowNetwork | undefined> {
  let networks = loginNetworkMemo.get(ctx);
  if (!networks) {
    networks = new LoginNetworks(ctx, successfulLogins(ctx));
    loginNetworkMemo.set(ctx, networks);
  }
  return networks;
}

class LoginNetworks implements ByIndex<RowNetwork | undefined> {
  /** Null for "asked, none", undefined for not asked yet. */
  private readonly memo: (RowNetwork | null | undefined)[];
  private readonly hostingAt: ByIndex<HostingInfo | undefined>;
  /** Both tables asked at once where the lookups can: the provider's answer comes with the hosting one. */
  private readonly facts: LoginNetworkFacts | undefined;
  private readonly v4: Float64Array;
  /** A bare v4 address asked again soon after (a user's own lines) is answered without the table. */
  private readonly recent: AddressMemo<NetworkInfo | undefined> | undefined;
  private six: LoginV6 | undefined;

  constructor(
    private readonly ctx: RuleContext,
    private readonly logins: TimedLogin[],
  ) {
    this.memo = new Array(logins.length).fill(undefined);
    this.hostingAt = loginHosting(ctx);
    this.facts = loginNetworkFacts(ctx);
    this.v4 = loginV4Values(ctx);
    const byValue = ctx.geo?.lookupNetworkV4;
    this.recent = byValue ? new AddressMemo(byValue) : undefined;
  }

  at(i: number): RowNetwork | undefined {
    let n = this.memo[i];
    if (n === undefined) {
      n = this.ask(i) ?? null;
      this.memo[i] = n;
    }
    return n ?? undefined;
  }

  private ask(i: number): RowNetwork | undefined {
    const h = this.hostingAt.at(i);
    const found = this.found(i);
    return h ? { asn: h.asn, name: h.provider, kind: found?.kind === 'tor' ? 'tor' : 'hosting' } : found;
  }

  /** The provider table's answer about the login's address. */
  private found(i: number): NetworkInfo | undefined {
    if (this.facts) return this.facts.network(i);
    const v = this.v4[i] as number;
    // The address parsed once for both tables (and the baselines' prefix).
    if (v >= 0 && this.recent) return this.recent.get(v);
    // A bare v6 address parsed once for both tables (`loginV6`); anything else asked by its text.
    const byV6 = this.ctx.geo?.lookupNetworkV6;
    if (byV6) this.six ??= loginV6(this.ctx);
    const six = this.six;
    const hi = six ? (six.hi[i] as number) : -1;
    if (hi >= 0 && six && byV6) return byV6(hi, six.lo[i] as number);
    const ip = this.logins[i]?.ip;
    return ip ? this.ctx.geo?.lookupNetwork?.(ip) : undefined;
  }
}

/** Whether each successful login's network is rented, and its ASN: see `loginNetworkKinds`. */
export interface LoginNetworkKinds {
  rented(i: number): boolean;
  asn(i: number): number;
  /** `asn(i)` when a rented network can have it (`networkRentableOfId`), else -1. */
  rentableAsn(i: number): number;
}

/**
 * Whether each successful login's network is rented (`isRentedNetwork(loginNetworks(ctx).at(i))`) and its ASN
 * (`loginNetworks(ctx).at(i)?.asn`, -1 for none), read from the numbers both tables answer with where the lookups
 * can (`loginNetworkFacts`): the hosting rule asks every sign-in whether its network is rented, and the
 * identity baselines every login's ASN, and most of them never need the network's object.
 */
export function loginNetworkKinds(ctx: RuleContext): LoginNetworkKinds {
  const facts = loginNetworkFacts(ctx);
  return facts ? new KindsFromFacts(loginHosting(ctx), facts) : new KindsFromNetworks(loginNetworks(ctx));
}

class KindsFromFacts implements LoginNetworkKinds {
  constructor(
    private readonly hostingAt: ByIndex<HostingInfo | undefined>,
    private readonly facts: LoginNetworkFacts,
  ) {}

  /** A hosting range's ASN is a rented answer's; a network's when `rentable` says so. */
  rentableAsn(i: number): number {
    const h = this.hostingAt.at(i);
    if (h) return h.asn;
    return this.facts.rentable(i) ? this.facts.asn(i) : -1;
  }

  /** A hosting range is hosting or Tor (`networkWith`), either rented. */
  rented(i: number): boolean {
    if (this.hostingAt.at(i)) return true;
    const kind = this.facts.kind(i);
    return kind === 'hosting' || kind === 'tor';
  }

  asn(i: number): number {
    return this.hostingAt.at(i)?.asn ?? this.facts.asn(i);
  }
}

class KindsFromNetworks implements LoginNetworkKinds {
  constructor(private readonly networkAt: ByIndex<RowNetwork | undefined>) {}

  rented(i: number): boolean {
    return isRentedNetwork(this.networkAt.at(i));
  }

  asn(i: number): number {
    return this.networkAt.at(i)?.asn ?? -1;
  }

  rentableAsn(i: number): number {
    return this.asn(i);
  }
}

/** `isRentedNetwork(activityNetworks(ctx).at(i))`: a login's as `loginNetworkKinds` reads it, a live session's asked. */
export function activityRented(ctx: RuleContext): ByIndex<boolean> {
  return new ActivityRented(ctx, activities(ctx), activityLoginIndex(ctx), loginNetworkKinds(ctx));
}

class ActivityRented implements ByIndex<boolean> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly acts: Activity[],
    private readonly index: Int32Array,
    private readonly kinds: LoginNetworkKinds,
  ) {}

  at(i: number): boolean {
    const li = this.index[i] as number;
    return li >= 0 ? this.kinds.rented(li) : isRentedNetwork(networkOfIp(this.ctx, this.acts[i]?.ip));
  }
}

/** `networkOfIp` of each activity by its index: a login's kept as `loginNetworks`, a live session's asked. */
export function activityNetworks(ctx: RuleContext): ByIndex<RowNetwork | undefined> {
  return new ActivityNetworks(ctx, activities(ctx), activityLoginIndex(ctx), loginNetworks(ctx));
}

class ActivityNetworks implements ByIndex<RowNetwork | undefined> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly acts: Activity[],
    private readonly index: Int32Array,
    private readonly ofLogin: ByIndex<RowNetwork | undefined>,
  ) {}

  at(i: number): RowNetwork | undefined {
    const li = this.index[i] as number;
    return li >= 0 ? this.ofLogin.at(li) : networkOfIp(this.ctx, this.acts[i]?.ip);
  }
}

/** Whether a network hides who uses it: a datacenter, cloud or VPN, or Tor. Relays are Apple's, not rented. */
export const isRentedNetwork = (n: RowNetwork | undefined): boolean => n?.kind === 'hosting' || n?.kind === 'tor';

/**
 * The address prefix a home or office line keeps: the /24 of a v4 address, the /64 of a v6 one (privacy
 * addresses rotate inside it). Undefined for an unreadable or masked-below-the-prefix address.
 */
export function prefixOf(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  // A bare dotted quad, most stored addresses, without the general parse (the baselines ask about every login).
  const v = plainV4Value(ip);
  if (v >= 0) return `4:${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.`;
  const b = parseIpBits(ip);
  if (!b) return undefined;
  const n = b.version === 4 ? 3 : 8;
  for (let i = 0; i < n; i++) if (b.known[i] !== 0xff) return undefined;
  let out = b.version === 4 ? '4:' : '6:';
  for (let i = 0; i < n; i++) out += `${b.bytes[i]}.`;
  return out;
}

/**
 * A v6 /64 as a key: its four groups as the code units of a four-character text, given as the halves of its upper
 * 64 bits (as `loginV6` holds them). One short string, no digits written: the baselines count every login.
 */
export function v6PrefixKey(hi: number, lo: number): string {
  return String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
}

/**
 * The prefix `prefixOf` names, as a key to compare (two addresses share a key exactly when `prefixOf` gives them
 * one prefix): a v4 /24 as a number, a v6 /64 as `v6PrefixKey`'s text. No text is built per v4 sign-in, and only
 * a short one per v6 one: the baselines count every login.
 */
export function prefixKey(ip: string | undefined): number | string | undefined {
  if (!ip) return undefined;
  const v = plainV4Value(ip);
  if (v >= 0) return v >>> 8;
  // A bare v6 address read into groups (what the full parse reads, ip.test.ts holds them together), without the
  // general parse.
  if (plainV6Groups(ip, groups) && !isMappedV4Groups(groups)) {
    return String.fromCharCode(groups[0] as number, groups[1] as number, groups[2] as number, groups[3] as number);
  }
  const b = parseIpBits(ip);
  if (!b) return undefined;
  if (b.version === 6) {
    // The /64 only when all of it is known (as `prefixOf`), its bytes paired into the groups above.
    for (let i = 0; i < 8; i++) if (b.known[i] !== 0xff) return undefined;
    const group = (k: number) => ((b.bytes[2 * k] as number) << 8) | (b.bytes[2 * k + 1] as number);
    return String.fromCharCode(group(0), group(1), group(2), group(3));
  }
  for (let i = 0; i < 3; i++) if (b.known[i] !== 0xff) return undefined;
  return ((b.bytes[0] as number) << 16) | ((b.bytes[1] as number) << 8) | (b.bytes[2] as number);
}

/**
 * Where one device identity has been: the prefixes (as `prefixKey`) and providers of its sign-ins. Places are the
 * geo rules' (known places per account); asking the gazetteer for every sign-in of a long history here would cost
 * more than all of them.
 */
export interface Whereabouts {
  prefixes: Set<number | string>;
  asns: AsnSet;
  /** Sign-ins counted. */
  count: number;
}

/**
 * A set of AS numbers: a bitmap for the numbers below 2^22 (nearly all allocated ones), grown as they come, and a
 * Set for the rest. A baseline adds the ASN of every login of an identity: a bit costs less than a hashed entry.
 */
export class AsnSet {
  private bits = new Uint32Array(64);
  private readonly rest = new Set<number>();

  add(asn: number): void {
    if (asn >= BITMAP_ASNS || asn < 0 || !Number.isInteger(asn)) {
      this.rest.add(asn);
      return;
    }
    const word = asn >>> 5;
    if (word >= this.bits.length) {
      let size = this.bits.length;
      while (size <= word) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[word] = (this.bits[word] as number) | (1 << (asn & 31));
  }

  has(asn: number): boolean {
    if (asn >= BITMAP_ASNS || asn < 0 || !Number.isInteger(asn)) return this.rest.has(asn);
    const word = asn >>> 5;
    return word < this.bits.length && ((this.bits[word] as number) & (1 << (asn & 31))) !== 0;
  }
}
const BITMAP_ASNS = 2 ** 22;

/** One identity's whereabouts and where its logins stand: the next one to count, the last prefix and ASN added. */
interface Walk {
  w: Whereabouts;
  at: number;
  lastPrefix: number | string | undefined;
  lastAsn: number;
}

/**
 * Per device identity (browser, OS, type and model without versions), where the account's successful sign-ins
 * before a time came from. Each identity's logins are walked along the context's family index (`familyIndex`)
 * only when a rule asks about it, so a long history of one device costs nothing until a sign-in of it is judged.
 */
export class IdentityNetworks {
  private readonly walks = new Map<string, Walk>();
  private readonly logins: TimedLogin[];
  private readonly times: Float64Array;
  private readonly v4: Float64Array;
  /** The logins' bare v6 addresses (`loginV6`), read only when prefixes are kept. */
  private readonly v6: LoginV6 | undefined;
  /** Each login's network's ASN, -1 for none (`loginNetworkKinds`). */
  private readonly kinds: LoginNetworkKinds;
  private readonly families: FamilyIndex;

  /**
   * `withPrefixes` false: providers only, and only the ASNs a rented network can have (`networkRentableOfId`):
   * enough where every network asked about is a rented one, which always has a provider.
   */
  constructor(
    ctx: RuleContext,
    private readonly withPrefixes = true,
  ) {
    this.logins = successfulLogins(ctx);
    this.times = successfulTimes(ctx);
    this.v4 = loginV4Values(ctx);
    this.v6 = withPrefixes ? loginV6(ctx) : undefined;
    // Asked only about rented networks (providers only), a baseline needs no ASN a rented network cannot have.
    this.kinds = loginNetworkKinds(ctx);
    this.families = familyIndex(ctx);
  }

  /** Where the identity `family` had signed in from before `t` (calls must come with non-decreasing `t`). */
  before(family: string, t: number): Whereabouts {
    let walk = this.walks.get(family);
    if (!walk) {
      const id = isTellingFamily(family) ? this.families.ids.get(family) : undefined;
      walk = {
        w: { prefixes: new Set(), asns: new AsnSet(), count: 0 },
        at: id === undefined ? -1 : (this.families.first[id] as number),
        lastPrefix: undefined,
        lastAsn: -1,
      };
      this.walks.set(family, walk);
    }
    const { w } = walk;
    const next = this.families.next;
    const times = this.times;
    let i = walk.at;
    // A long run of one network is one Set entry: the last one added is not added again.
    while (i >= 0 && (times[i] as number) < t) {
      w.count++;
      if (this.withPrefixes) {
        const v = this.v4[i] as number;
        const hi = v < 0 && this.v6 ? (this.v6.hi[i] as number) : -1;
        const prefix =
          v >= 0
            ? v >>> 8
            : hi >= 0 && this.v6
              ? v6PrefixKey(hi, this.v6.lo[i] as number)
              : prefixKey((this.logins[i] as TimedLogin).ip);
        if (prefix !== undefined && prefix !== walk.lastPrefix) {
          w.prefixes.add(prefix);
          walk.lastPrefix = prefix;
        }
      }
      const asn = this.withPrefixes ? this.kinds.asn(i) : this.kinds.rentableAsn(i);
      if (asn >= 0 && asn !== walk.lastAsn) {
        w.asns.add(asn);
        walk.lastAsn = asn;
      }
      i = next[i] as number;
    }
    walk.at = i;
    return w;
  }
}

/** Whether the row's network is one the identity used: its prefix, or its provider. */
export function isKnownNetwork(w: Whereabouts, row: { ip?: string }, net: RowNetwork | undefined): boolean {
  // Whereabouts kept without prefixes (providers only) hold none: the address is not read for them.
  const prefix = w.prefixes.size ? prefixKey(row.ip) : undefined;
  return (prefix !== undefined && w.prefixes.has(prefix)) || (net !== undefined && w.asns.has(net.asn));
}

/** Successful sign-ins looked at for the home network: months of an ordinary account. */
const HOME_WINDOW = 1000;

/**
 * The address prefixes the account is used from regularly: at least `minHistoryLogins` of its latest HOME_WINDOW
 * successful sign-ins, or a range of a trusted device. Only the prefixes of `rows` are counted (the few sessions being judged), with a text
 * test before the parse so a long history costs one comparison per sign-in.
 */
export function homePrefixes(ctx: RuleContext, rows: { ip?: string }[]): Set<string> {
  const wanted = new Map<string, { text: string; n: number }>();
  for (const r of rows) {
    const p = prefixOf(r.ip);
    if (!p || wanted.has(p) || !r.ip) continue;
    const ip = r.ip.trim().toLowerCase();
    const cut = p.startsWith('4:') ? ip.lastIndexOf('.') : -1;
    wanted.set(p, { text: cut > 0 ? ip.slice(0, cut + 1) : '', n: 0 });
  }
  const home = new Set<string>();
  if (!wanted.size) return home;
  for (const t of ctx.trustedDevices) {
    for (const r of t.ipRanges ?? []) {
      const base = r.split('/')[0];
      const bits = Number(r.split('/')[1]);
      const p = prefixOf(base);
      if (p && wanted.has(p) && bits <= (p.startsWith('4:') ? 24 : 64)) home.add(p);
    }
  }
  const need = ctx.thresholds.minHistoryLogins;
  const byText = new Map<string, { p: string; w: { text: string; n: number } }>();
  for (const [p, w] of wanted) if (w.text) byText.set(w.text, { p, w });
  const isAnyV6 = [...wanted.values()].some((w) => !w.text);
  // The recent past says which network is home: a long history is not read whole for it.
  const logins = successfulLogins(ctx);
  for (let i = Math.max(0, logins.length - HOME_WINDOW); i < logins.length; i++) {
    const ip = (logins[i] as StoredLogin).ip;
    if (!ip) continue;
    if (ip.includes(':')) {
      // A v6 address is parsed only when a v6 prefix is wanted.
      if (!isAnyV6) continue;
      const p = prefixOf(ip);
      const w = p === undefined ? undefined : wanted.get(p);
      if (w && ++w.n >= need) home.add(p as string);
      continue;
    }
    // A v4 address by its text up to the last dot: one slice and one lookup, parsed only when it matches.
    const hit = byText.get(ip.slice(0, ip.lastIndexOf('.') + 1).toLowerCase());
    if (hit && prefixOf(ip) === hit.p && ++hit.w.n >= need) home.add(hit.p);
  }
  return home;
}

/**
 * A trusted device whose words cover the row but whose ranges do not, on the same provider (and city, when both
 * are known) as one of those ranges: the provider gave the home line a new prefix (IPv6 renumbering, a new
 * DHCP lease outside the /24). Undefined when the provider table is not loaded: without it a new prefix is a new
 * network.
 */
export function renumberedFrom(
  ctx: RuleContext,
  row: { device: string; userAgent?: string; ip?: string; location?: string },
): { entry: TrustedDevice; range: string; net: RowNetwork } | undefined {
  if (!ctx.geo?.lookupNetwork || !row.ip) return undefined;
  const net = ctx.geo.lookupNetwork(row.ip);
  if (!net || net.kind === 'hosting' || net.kind === 'tor') return undefined;
  const city = placeOf(ctx, row.location)?.city;
  for (const t of ctx.trustedDevices) {
    if (!t.ipRanges?.length) continue;
    const words = { ...t, ipRanges: undefined, countries: undefined };
    if (!trustedDeviceMatches(words, { accountId: ctx.account.id, device: row.device, userAgent: row.userAgent })) {
      continue;
    }
    for (const range of t.ipRanges) {
      const other = ctx.geo.lookupNetwork(range.split('/')[0] ?? '');
      if (other?.asn !== net.asn) continue;
      const cities = city ? citiesOfRange(ctx, range) : undefined;
      if (city && cities?.size && !cities.has(city)) continue;
      return { entry: t, range, net };
    }
  }
  return undefined;
}

/** Cities the account's sign-ins inside a range came from. */
function citiesOfRange(ctx: RuleContext, range: string): Set<string> {
  const out = new Set<string>();
  for (const l of successfulLogins(ctx)) {
    if (!l.ip || !ipInCidr(l.ip, range)) continue;
    const c = placeOf(ctx, l.location)?.city;
    if (c) out.add(c);
    if (out.size > 20) break;
  }
  return out;
}
