import { deviceFamily, parseDevice } from '../device';
import { hasCityCoords } from '../enrich';
import { type Bbox, distanceToBboxKm, haversineKm } from '../geo';
import { isMappedV4Groups, plainV4Value, plainV6Groups } from '../ip';
import type { Place } from '../place';
import { foldText, MAX_TEXT } from '../text';
import { findTrustedDevice } from '../trust';
import { SECOND_FACTORS, type SecondFactor, type StoredLogin, type TrustedDevice } from '../types';
import {
  type AddressAnswers,
  defaultThresholds,
  type HostingInfo,
  type NetworkInfo,
  type NetworkKind,
  type RuleContext,
} from './rule';

export type TimedLogin = StoredLogin & { time: number };

/** A live session the login history does not show, as a sign-in at its first sighting. */
export interface SessionActivity {
  /** The session's key: what a warning about it is keyed on. */
  key: string;
  source: 'session';
  time: number;
  device: string;
  userAgent?: string;
  ip?: string;
  location?: string;
  secondFactor?: undefined;
}

/**
 * One sign-in the rules judge: a successful login row itself (no copy: a long history holds tens of thousands),
 * or a live session the history does not show. `key` is what a warning about it is keyed on.
 */
export type Activity = (TimedLogin & { source?: undefined }) | SessionActivity;

const DAY = 86_400_000;

/**
 * An answer per index (a login's among `successfulLogins`, or an activity's), read with `at`. Made per judging as an
 * object of a class, never as a closure: code that calls a closure made per judging meets a new call target on the
 * next judging and is thrown out of its optimised form, so a worker's second judging ran nearly as slowly as its
 * first; a method of a class is the same function every time.
 */
export interface ByIndex<T> {
  at(i: number): T;
}

/**
 * What several rules derive from the same context, computed once per context: a history of 100k logins must
 * be sorted, enriched and matched against trusted devices once, not once per rule or per row.
 */
interface Derived {
  successful?: TimedLogin[];
  /** The successful logins' times, in their order: the baselines walk these instead of the rows. */
  successfulTimes?: Float64Array;
  /** The successful logins' second factors as `factorCode` numbers, in their order. */
  loginFactors?: Uint8Array;
  timed?: TimedLogin[];
  /** Failed logins, with or without a time, in the order of `ctx.logins`. */
  failed?: StoredLogin[];
  activities?: Activity[];
  /** For each activity, its index among the successful logins; -1 for a live session. */
  activityLogin?: Int32Array;
  /** For each activity, its time. */
  activityTimes?: Float64Array;
  /** Per successful login, its address as `plainV4Value` reads it (-1: not a bare v4 one). */
  loginV4?: Float64Array;
  loginV6?: LoginV6;
  /** The hosting network of each successful login by its index, asked once; null for "asked, none". */
  loginHosting?: (HostingInfo | null | undefined)[];
  /** Both tables' answers per login, asked together (`loginAnswers`); null when the lookups cannot. */
  loginBoth?: LoginAnswers | null;
  /** The hosting table's answers per login when the lookups cannot ask both tables at once. */
  hostingAlone?: LoginHostingAnswers;
  /** `activityHosting`'s answers for live sessions; null for "asked, none". */
  activityHosting?: (HostingInfo | null | undefined)[];
  /** Per location text; null for "looked up, nothing". */
  places: Map<string, Place | null>;
  located: Map<Place, Whereabouts | null>;
  /** device → user agent → address → country → the covering trusted device (null: none). */
  trusted: Map<string, TrustNode>;
  trustUses?: { ip: boolean; country: boolean };
  judgedFrom?: number;
  families?: FamilyIndex;
  loginPlaces?: PlaceIndex;
}
/** Nested by part; a leaf is the covering trusted device, null for none. */
type TrustNode = Map<string, TrustNode> | TrustedDevice | null;
const derived = new WeakMap<RuleContext, Derived>();

function derivedOf(ctx: RuleContext): Derived {
  let d = derived.get(ctx);
  if (!d) {
    d = {
      successful: undefined,
      successfulTimes: undefined,
      loginFactors: undefined,
      timed: undefined,
      failed: undefined,
      activities: undefined,
      activityLogin: undefined,
      activityTimes: undefined,
      loginV4: undefined,
      loginV6: undefined,
      loginHosting: undefined,
      loginBoth: undefined,
      hostingAlone: undefined,
      activityHosting: undefined,
      places: new Map(),
      located: new Map(),
      trusted: new Map(),
      trustUses: undefined,
      judgedFrom: undefined,
      families: undefined,
      loginPlaces: undefined,
    };
    derived.set(ctx, d);
  }
  return d;
}

/**
 * Logins with a time, all and successful, oldest first, and the failed ones: one pass over the history. The same
 * pass reads what the rules read of each successful login as numbers (its time, its address's value, its device
 * family's and its place's numbers), so no rule walks the rows again for them: a row read is the costly part of a
 * pass over a long history, and the worker hands the logins over sorted, so the numbers stand by the same index.
 */
function splitLogins(ctx: RuleContext, d: Derived): { timed: TimedLogin[]; successful: TimedLogin[] } {
  if (d.timed && d.successful) return { timed: d.timed, successful: d.successful };
  // Sized for the whole history and cut to length after: an array grown one push at a time copies itself over
  // and over on the way to 100k entries.
  const successful: TimedLogin[] = new Array(ctx.logins.length);
  let m = 0;
  const failed: StoredLogin[] = [];
  // The worker hands logins over sorted already; checking is cheaper than sorting again.
  let isSorted = true;
  let last = Number.NEGATIVE_INFINITY;
  let untimed = 0;
  const n = ctx.logins.length;
  const times = new Float64Array(n);
  const v4 = new Float64Array(n);
  let v6: LoginV6 | undefined;
  const factors = new Uint8Array(n);
  const families = new FamilyIndexer(n);
  const places = new PlaceIndexer(ctx, n);
  for (const l of ctx.logins) {
    if (l.outcome === 'failed') failed.push(l);
    if (l.time === undefined) {
      untimed++;
      continue;
    }
    if (l.time < last) isSorted = false;
    last = l.time;
    if (l.outcome === 'failed') continue;
    const i = m++;
    successful[i] = l as TimedLogin;
    times[i] = l.time;
    // Numbered by index, which a sort would reorder: worth it only while the history is in order.
    if (!isSorted) continue;
    const value = addressValue(l);
    v4[i] = value;
    // Any other address is read here too, while its row is at hand: a bare v6 one as `loginV6` reads it.
    if (value < 0 && l.ip) v6 = readV6(v6, n, i, l.ip);
    factors[i] = factorCode(l.secondFactor);
    families.add(i, l);
    places.add(i, l);
  }
  // Every login has a time and they are in order (as the worker stores them): the timed logins are the history
  // itself, not a copy of 100k entries.
  const timed =
    !untimed && isSorted
      ? (ctx.logins as TimedLogin[])
      : ctx.logins.filter((l): l is TimedLogin => l.time !== undefined);
  successful.length = m;
  if (!isSorted) {
    timed.sort((a, b) => a.time - b.time);
    successful.sort((a, b) => a.time - b.time);
  } else {
    d.successfulTimes = times.subarray(0, m);
    d.loginV4 = v4.subarray(0, m);
    // Without a bare v6 address, `loginV6` writes its columns when asked, from the values above.
    if (v6) d.loginV6 = { hi: v6.hi.subarray(0, m), lo: v6.lo.subarray(0, m) };
    d.loginFactors = factors.subarray(0, m);
    d.families = families.done(m);
    d.loginPlaces = places.done(m);
  }
  d.timed = timed;
  d.successful = successful;
  d.failed = failed;
  return { timed, successful };
}

/** The failed logins, with or without a time, in the order of `ctx.logins`. Shared by the rules: do not modify. */
export function failedLogins(ctx: RuleContext): StoredLogin[] {
  const d = derivedOf(ctx);
  if (!d.failed) splitLogins(ctx, d);
  return d.failed as StoredLogin[];
}

/** Successful logins with a time, oldest first. Shared by the rules: do not modify. */
export function successfulLogins(ctx: RuleContext): TimedLogin[] {
  const d = derivedOf(ctx);
  return d.successful ?? splitLogins(ctx, d).successful;
}

/**
 * The times of `successfulLogins`, by the same index: baselines fed oldest first read one number per login here
 * instead of a field of each row. Shared by the rules: do not modify.
 */
export function successfulTimes(ctx: RuleContext): Float64Array {
  const d = derivedOf(ctx);
  // Written by the pass that splits the history (`splitLogins`) when it is in order.
  const logins = successfulLogins(ctx);
  if (!d.successfulTimes) {
    const times = new Float64Array(logins.length);
    for (let i = 0; i < logins.length; i++) times[i] = (logins[i] as TimedLogin).time;
    d.successfulTimes = times;
  }
  return d.successfulTimes;
}

/**
 * A second factor as a number (`loginFactors`): 0 for none shown, a `SECOND_FACTORS` word by its place there + 1,
 * `OTHER_FACTOR_TEXT` for any other text a stored row holds.
 */
export const OTHER_FACTOR_TEXT = SECOND_FACTORS.length + 1;

function factorCode(factor: string | undefined): number {
  if (factor === undefined) return 0;
  const k = SECOND_FACTORS.indexOf(factor as SecondFactor);
  return k >= 0 ? k + 1 : OTHER_FACTOR_TEXT;
}

/**
 * The second factor of each successful login as a number (`OTHER_FACTOR_TEXT` says which), by its index: rules that fold every login's
 * factor into a baseline read it here instead of each row. Shared by the rules: do not modify.
 */
export function loginFactors(ctx: RuleContext): Uint8Array {
  const d = derivedOf(ctx);
  // Written by the pass that splits the history (`splitLogins`) when it is in order.
  const logins = successfulLogins(ctx);
  if (!d.loginFactors) {
    const codes = new Uint8Array(logins.length);
    for (let i = 0; i < logins.length; i++) codes[i] = factorCode((logins[i] as TimedLogin).secondFactor);
    d.loginFactors = codes;
  }
  return d.loginFactors;
}

/** Logins with a time, failed ones included, oldest first. Shared by the rules: do not modify. */
export function timedLogins(ctx: RuleContext): TimedLogin[] {
  const d = derivedOf(ctx);
  return d.timed ?? splitLogins(ctx, d).timed;
}

/**
 * Whether the account has enough past logins for rules that compare with history (new country, new city,
 * impossible travel, weaker second factor) to speak. Exported so the popup can say "still learning".
 */
export function hasEnoughHistory(ctx: RuleContext): boolean {
  return successfulLogins(ctx).length >= ctx.thresholds.minHistoryLogins;
}

/** Successful logins strictly before `t`: the baseline an activity at `t` is compared with. */
export function historyBefore(ctx: RuleContext, t: number): TimedLogin[] {
  return successfulLogins(ctx).filter((l) => l.time < t);
}

export function isEnoughBaseline(ctx: RuleContext, baseline: unknown[] | number): boolean {
  return (typeof baseline === 'number' ? baseline : baseline.length) >= ctx.thresholds.minHistoryLogins;
}

/**
 * The baseline as a running fold, for rules that walk the activities oldest first: `advance(t)` feeds `add`
 * every successful login strictly before `t` not fed yet and returns how many were fed in all. Calls must come
 * with non-decreasing `t`. One pass over the history instead of rebuilding it for every sign-in.
 */
export function baselineCursor(ctx: RuleContext, add: (l: TimedLogin, index: number) => void): (t: number) => number {
  const logins = successfulLogins(ctx);
  const times = successfulTimes(ctx);
  let i = 0;
  return (t) => {
    // `index` is the login's among `successfulLogins`, for the answers kept per login (`loginHosting`).
    for (; i < times.length && (times[i] as number) < t; i++) add(logins[i] as TimedLogin, i);
    return i;
  };
}

/**
 * The earliest time whose events are judged; anything before it is baseline only. History the first scan
 * found that was already older than the lookback when the user installed the watchdog is the past they came
 * with: judging it would raise "new" warnings about months-old sign-ins. Everything observed later is judged
 * for as long as it is stored, so a warning stays open until the user answers it instead of ageing out.
 * 0 days judges all history.
 */
export function judgedFrom(ctx: RuleContext): number {
  const d = derivedOf(ctx);
  if (d.judgedFrom === undefined) {
    const days = ctx.thresholds.historyLookbackDays ?? defaultThresholds.historyLookbackDays ?? 0;
    d.judgedFrom = days <= 0 ? Number.NEGATIVE_INFINITY : Math.min(ctx.account.firstScanAt, ctx.now) - days * DAY;
  }
  return d.judgedFrom;
}

/** Whether a finding about this sign-in or attempt may be raised: live sessions always are. */
export function isJudged(ctx: RuleContext, a: { source?: 'login' | 'session'; time?: number }): boolean {
  return a.source === 'session' || a.time === undefined || a.time >= judgedFrom(ctx);
}

/**
 * `foldText`, skipping the Unicode work for what it leaves unchanged but for case (bare addresses), and the copy
 * for what it leaves unchanged altogether (a v4 address, a lowercase v6 one).
 */
function fold(text: string): string {
  if (text.length > MAX_TEXT) return foldText(text);
  let hasUpper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return foldText(text);
    if (c >= 0x41 && c <= 0x5a) hasUpper = true;
  }
  return hasUpper ? text.toLowerCase() : text;
}

const rowKey = (ip: string | undefined, location: string | undefined) => `${fold(ip ?? '')}|${fold(location ?? '')}`;

/**
 * How many of the successful logins (oldest first) come before `judgedFrom`: history that only feeds the
 * baselines, never a finding.
 */
export function unjudgedCount(ctx: RuleContext): number {
  const logins = successfulLogins(ctx);
  const from = judgedFrom(ctx);
  let lo = 0;
  let hi = logins.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((logins[mid] as TimedLogin).time < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The sign-ins the rules judge, oldest first: successful logins from `judgedFrom` on, plus live sessions whose IP
 * and place no login shows (sites list some sessions only). Older logins feed the baselines through
 * `baselineCursor` and get no record here: in a long history they are most of it. Shared by the rules: do not
 * modify.
 */
export function activities(ctx: RuleContext): Activity[] {
  const d = derivedOf(ctx);
  if (d.activities) return d.activities;
  const logins = successfulLogins(ctx);
  const skipped = unjudgedCount(ctx);
  const live = ctx.sessions.filter((s) => s.goneAt === undefined);
  const extra: SessionActivity[] = [];
  if (live.length) {
    // Only the live sessions' cells are asked for: look a login's address up only when its place (few distinct,
    // folded once each) is one a live session shows, and build no key per login.
    const wanted = new Map<string, Set<string>>();
    const wantedIps = new Set<string>();
    for (const s of live) {
      wantedIps.add(fold(s.ip ?? ''));
      const loc = fold(s.location ?? '');
      let ips = wanted.get(loc);
      if (!ips) {
        ips = new Set();
        wanted.set(loc, ips);
      }
      ips.add(fold(s.ip ?? ''));
    }
    // A bare v4 address folds to itself: a login's whose value no live session's has cannot match, and the value
    // is the one the judging reads once for the address tables anyway.
    const wantedValues = new Set<number>();
    // The values' low 16 bits as a bitmap: most logins are ruled out by one read, without hashing a number.
    const low16 = new Uint8Array(65536);
    for (const ip of wantedIps) {
      const v = plainV4Value(ip);
      if (v >= 0) {
        wantedValues.add(v);
        low16[v & 0xffff] = 1;
      }
    }
    // Likewise a bare v6 address: one whose upper 64 bits (as `loginV6` holds them, read once for the tables) no
    // live session's has cannot fold to a session's text, and its text is not read (folding it costs).
    // Each half asked on its own (numbers, no key text per login): a login passing both is then read.
    const wantedHi = new Set<number>();
    const wantedLo = new Set<number>();
    for (const ip of wantedIps) {
      if (plainV6Groups(ip, v6Groups) && !isMappedV4Groups(v6Groups)) {
        wantedHi.add((((v6Groups[0] as number) << 16) | (v6Groups[1] as number)) >>> 0);
        wantedLo.add((((v6Groups[2] as number) << 16) | (v6Groups[3] as number)) >>> 0);
      }
    }
    const v4 = loginV4Values(ctx);
    const six = loginV6(ctx);
    const seen = new Set<string>();
    const folded = new Map<string, string>();
    for (let i = 0; i < logins.length; i++) {
      const value = v4[i] as number;
      if (value >= 0 && (!low16[value & 0xffff] || !wantedValues.has(value))) continue;
      const hi = value < 0 ? (six.hi[i] as number) : -1;
      if (hi >= 0 && (!wantedHi.has(hi) || !wantedLo.has(six.lo[i] as number))) continue;
      const l = logins[i] as TimedLogin;
      // The address first: it rules most logins out, and folding a bare address copies nothing.
      const ip = fold(l.ip ?? '');
      if (!wantedIps.has(ip)) continue;
      const raw = l.location ?? '';
      let loc = folded.get(raw);
      if (loc === undefined) {
        loc = fold(raw);
        folded.set(raw, loc);
      }
      if (wanted.get(loc)?.has(ip)) seen.add(`${ip}|${loc}`);
    }
    for (const s of live) {
      if (seen.has(rowKey(s.ip, s.location))) continue;
      extra.push({
        key: s.key,
        source: 'session',
        time: s.firstSeen ?? s.firstObservedAt,
        device: s.device,
        userAgent: s.userAgent,
        ip: s.ip,
        location: s.location,
      });
    }
  }
  // The judged logins (from `skipped` on) with the sessions merged in, copied once; beside them each one's index
  // among the logins and its time, from the logins' columns (no row is read for them).
  const times = successfulTimes(ctx);
  if (extra.length) {
    const merged = mergeByTime(logins, times, skipped, extra);
    d.activityLogin = merged.index;
    d.activityTimes = merged.times;
    d.activities = merged.activities;
  } else {
    const index = new Int32Array(logins.length - skipped);
    for (let i = 0; i < index.length; i++) index[i] = skipped + i;
    d.activityLogin = index;
    d.activityTimes = times.subarray(skipped);
    d.activities = skipped ? logins.slice(skipped) : logins;
  }
  return d.activities;
}

/**
 * The time of each activity by its index: a login's from `successfulTimes`, a live session's its first sighting.
 * Rules that walk every sign-in read it here instead of each row. Shared by the rules: do not modify.
 */
export function activityTimes(ctx: RuleContext): Float64Array {
  const d = derivedOf(ctx);
  activities(ctx);
  return d.activityTimes as Float64Array;
}

/**
 * For each activity, its index among `successfulLogins`, or -1 for a live session: what is kept per login (its
 * network) is then asked once whether a rule meets the login as an activity or as baseline.
 */
export function activityLoginIndex(ctx: RuleContext): Int32Array {
  const d = derivedOf(ctx);
  // Written beside the activities.
  activities(ctx);
  return d.activityLogin as Int32Array;
}

/**
 * The few sessions merged into the logins from `from` on (both oldest first), a login before a session of the same
 * time; with each one's index among the logins (-1 for a session) and its time, the logins' read from `times`.
 */
function mergeByTime(
  logins: Activity[],
  times: Float64Array,
  from: number,
  sessions: SessionActivity[],
): { activities: Activity[]; index: Int32Array; times: Float64Array } {
  sessions.sort((a, b) => a.time - b.time);
  const n = logins.length - from + sessions.length;
  const out: Activity[] = new Array(n);
  const index = new Int32Array(n);
  const at = new Float64Array(n);
  let i = from;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const s = sessions[j];
    if (i < logins.length && (s === undefined || (times[i] as number) <= s.time)) {
      out[k] = logins[i] as Activity;
      index[k] = i;
      at[k] = times[i] as number;
      i++;
    } else {
      out[k] = s as SessionActivity;
      index[k] = -1;
      at[k] = (s as SessionActivity).time;
      j++;
    }
  }
  return { activities: out, index, times: at };
}

/**
 * The place a location text names, when the gazetteer knows it (as `enrich` reads it), looked up once per
 * distinct text and context.
 */
export function placeOf(ctx: RuleContext, location: string | undefined): Place | undefined {
  if (!ctx.geo || !location) return undefined;
  const m = derivedOf(ctx).places;
  let p = m.get(location);
  if (p === undefined) {
    const found = ctx.geo.resolvePlace(location);
    p = found.precision === 'unknown' ? null : found;
    m.set(location, p);
  }
  return p ?? undefined;
}

/**
 * The hosting network of a row's address. Not kept: addresses are mostly distinct in a long history, so a table
 * keyed by address would cost more than the lookup it saves (a binary search), and rules ask it last, once the
 * place and the baseline have not already settled the question.
 */
export function hostingOf(ctx: RuleContext, row: { ip?: string }): HostingInfo | undefined {
  if (!ctx.geo || !row.ip) return undefined;
  return ctx.geo.lookupHosting(row.ip);
}

/**
 * Each successful login's address as a 32-bit value (`plainV4Value`), by its index; -1 when it is not a bare v4
 * address. Read once per context for every login: the identity baselines, the live sessions' cells, the blocklist
 * and both address tables ask about the same logins.
 */
function loginV4Array(ctx: RuleContext): Float64Array {
  const d = derivedOf(ctx);
  // Written by the pass that splits the history (`splitLogins`) when it is in order.
  const logins = successfulLogins(ctx);
  if (!d.loginV4) {
    const values = new Float64Array(logins.length);
    for (let i = 0; i < logins.length; i++) values[i] = addressValue(logins[i] as TimedLogin);
    d.loginV4 = values;
  }
  return d.loginV4;
}

/**
 * A login's address as `plainV4Value` reads it: the value stored with the row (since storage version 11, worked
 * out from the same text when the row was written: `withAddressValue`), else its text parsed.
 */
function addressValue(l: StoredLogin): number {
  const stored = l.ipValue;
  if (stored !== undefined) return stored;
  return l.ip ? plainV4Value(l.ip) : -1;
}

/** Each successful login's bare v6 address as the halves of its upper 64 bits (`loginV6`); `hi` -1 for none. */
export interface LoginV6 {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}

/** Scratch for a v6 address's groups. */
const v6Groups = new Uint16Array(8);

/**
 * Writes the login's bare v6 address (not a mapped v4 one) at `i` of `v6`, made (sized `n`, `hi` all -1) on the
 * first one met: a history without v6 addresses gets no columns.
 */
function readV6(v6: LoginV6 | undefined, n: number, i: number, ip: string): LoginV6 | undefined {
  if (!plainV6Groups(ip, v6Groups) || isMappedV4Groups(v6Groups)) return v6;
  const out = v6 ?? { hi: new Float64Array(n).fill(-1), lo: new Float64Array(n) };
  (out.hi as Float64Array)[i] = (((v6Groups[0] as number) << 16) | (v6Groups[1] as number)) >>> 0;
  (out.lo as Float64Array)[i] = (((v6Groups[2] as number) << 16) | (v6Groups[3] as number)) >>> 0;
  return out;
}

/**
 * Each successful login's bare v6 address (not a mapped v4 one) as the upper and lower halves of its upper 64 bits
 * (what both address tables are keyed by), by index; `hi` is -1 for any other address. Read once per context, on
 * the first ask, for the logins whose address is not a bare v4 one: the two tables and the identity baselines'
 * prefixes ask about the same logins.
 */
export function loginV6(ctx: RuleContext): LoginV6 {
  const d = derivedOf(ctx);
  if (d.loginV6) return d.loginV6;
  const logins = successfulLogins(ctx);
  const v4 = loginV4Array(ctx);
  const hi = new Float64Array(logins.length).fill(-1);
  const lo = new Float64Array(logins.length);
  for (let i = 0; i < logins.length; i++) {
    if ((v4[i] as number) >= 0) continue;
    const ip = (logins[i] as TimedLogin).ip;
    if (!ip || !plainV6Groups(ip, v6Groups) || isMappedV4Groups(v6Groups)) continue;
    hi[i] = (((v6Groups[0] as number) << 16) | (v6Groups[1] as number)) >>> 0;
    lo[i] = (((v6Groups[2] as number) << 16) | (v6Groups[3] as number)) >>> 0;
  }
  d.loginV6 = { hi, lo };
  return d.loginV6;
}

/** Each successful login's address as `plainV4Value` reads it, by its index (-1: not a bare v4 one). Shared: do not modify. */
export function loginV4Values(ctx: RuleContext): Float64Array {
  return loginV4Array(ctx);
}

/** Slots of `AddressMemo`: a power of two, a few times a user's own addresses and a carrier's pool. */
const MEMO_SLOTS = 1024;

/**
 * The latest answers about v4 addresses, by their value, for one judging: a user's history repeats a few addresses
 * (a home line, a carrier's pool) thousands of times, and a table search costs cache misses across megabytes,
 * where a hit here is one read. Direct-mapped: a new address takes its slot, so a history of distinct addresses
 * pays one read and one write a login, and keeps no table keyed by address.
 */
export class AddressMemo<T> {
  private readonly keys = new Float64Array(MEMO_SLOTS).fill(-1);
  private readonly answers: (T | undefined)[] = new Array(MEMO_SLOTS).fill(undefined);

  constructor(private readonly ask: (value: number) => T) {}

  get(value: number): T {
    const slot = Math.imul(value | 0, 0x9e3779b1) >>> 22;
    if (this.keys[slot] === value) return this.answers[slot] as T;
    const answer = this.ask(value);
    this.keys[slot] = value;
    this.answers[slot] = answer;
    return answer;
  }
}

/**
 * `AddressMemo` for both tables at once: the latest answers of `lookupBothV4` by address value, by slot (no object
 * per address).
 */
class BothMemo {
  private readonly keys = new Float64Array(MEMO_SLOTS).fill(-1);
  readonly hosting: (HostingInfo | undefined)[] = new Array(MEMO_SLOTS).fill(undefined);
  readonly network = new Int32Array(MEMO_SLOTS);
  private readonly scratch: AddressAnswers = { hosting: undefined, network: -1 };

  constructor(private readonly ask: (value: number, out: AddressAnswers) => void) {}

  /** The slot holding the answers about `value`, asked when they are not there. */
  slot(value: number): number {
    const slot = Math.imul(value | 0, 0x9e3779b1) >>> 22;
    if (this.keys[slot] !== value) {
      this.ask(value, this.scratch);
      this.keys[slot] = value;
      this.hosting[slot] = this.scratch.hosting;
      this.network[slot] = this.scratch.network;
    }
    return slot;
  }
}

/** `LoginAnswers.network` of a login not asked yet. */
const NOT_ASKED = -2;
/** `LoginAnswers.network` of a login whose address is neither a bare v4 nor a bare v6 one: asked by its text. */
const BY_TEXT = -3;

type Geo = NonNullable<RuleContext['geo']>;

/**
 * Both tables' answers about each successful login by its index, asked together when the lookups can
 * (`lookupBothV4`): the hosting rule asks every login's network, and the network's answer needs the hosting table's
 * too, so one search answers both (src/core/address-table.ts). The network is kept as its number: whether it is
 * rented and its ASN are read from small arrays, its object only made when a rule needs it. `at` is
 * `loginHosting`'s answer; `network`, `kind`, `asn` and `rentable` are `loginNetworkFacts`'.
 */
class LoginAnswers implements ByIndex<HostingInfo | undefined>, LoginNetworkFacts {
  /** The provider table's network as `networkOfId` numbers it; -1 none, `NOT_ASKED`, or `BY_TEXT`. */
  private readonly ids: Int32Array;
  private readonly recent: BothMemo;
  private readonly scratch: AddressAnswers = { hosting: undefined, network: -1 };
  private six: LoginV6 | undefined;

  constructor(
    private readonly ctx: RuleContext,
    private readonly geo: Geo,
    byV4: NonNullable<Geo['lookupBothV4']>,
    private readonly logins: TimedLogin[],
    private readonly values: Float64Array,
    /** The hosting answer; null for "asked, none", undefined for not asked yet. */
    private readonly hosting: (HostingInfo | null | undefined)[],
  ) {
    this.ids = new Int32Array(logins.length).fill(NOT_ASKED);
    this.recent = new BothMemo(byV4);
  }

  /** Asks both tables about the login and writes both answers. */
  private fill(i: number): void {
    const v = this.values[i] as number;
    if (v >= 0) {
      const slot = this.recent.slot(v);
      this.hosting[i] = this.recent.hosting[slot] ?? null;
      this.ids[i] = this.recent.network[slot] as number;
      return;
    }
    // A bare v6 address parsed once for both tables (`loginV6`); anything else asked by its text.
    const byV6 = this.geo.lookupBothV6;
    if (byV6) this.six ??= loginV6(this.ctx);
    const six = this.six;
    const hi = six ? (six.hi[i] as number) : -1;
    if (hi >= 0 && six && byV6) {
      byV6(hi, six.lo[i] as number, this.scratch);
      this.hosting[i] = this.scratch.hosting ?? null;
      this.ids[i] = this.scratch.network;
      return;
    }
    this.hosting[i] = hostingOf(this.ctx, this.logins[i] ?? {}) ?? null;
    this.ids[i] = BY_TEXT;
  }

  at(i: number): HostingInfo | undefined {
    let h = this.hosting[i];
    if (h === undefined) {
      this.fill(i);
      h = this.hosting[i];
    }
    return h ?? undefined;
  }

  private id(i: number): number {
    let id = this.ids[i] as number;
    if (id === NOT_ASKED) {
      this.fill(i);
      id = this.ids[i] as number;
    }
    return id;
  }

  private byText(i: number): NetworkInfo | undefined {
    const ip = (this.logins[i] as TimedLogin).ip;
    return ip ? this.geo.lookupNetwork?.(ip) : undefined;
  }

  network(i: number): NetworkInfo | undefined {
    const id = this.id(i);
    return id === BY_TEXT ? this.byText(i) : this.geo.networkOfId?.(id);
  }

  kind(i: number): NetworkKind | undefined {
    const id = this.id(i);
    return id === BY_TEXT ? this.byText(i)?.kind : this.geo.networkKindOfId?.(id);
  }

  asn(i: number): number {
    const id = this.id(i);
    return id === BY_TEXT ? (this.byText(i)?.asn ?? -1) : (this.geo.networkAsnOfId?.(id) ?? -1);
  }

  /** A network asked by its text has no number: it is kept as any other. */
  rentable(i: number): boolean {
    const id = this.id(i);
    return id === BY_TEXT || !this.geo.networkRentableOfId || this.geo.networkRentableOfId(id);
  }
}

/** `loginAnswers` when the lookups cannot ask both tables at once: the hosting table asked alone, per login. */
class LoginHostingAnswers implements ByIndex<HostingInfo | undefined> {
  private readonly recent: AddressMemo<HostingInfo | undefined> | undefined;
  private six: LoginV6 | undefined;

  constructor(
    private readonly ctx: RuleContext,
    private readonly logins: TimedLogin[],
    private readonly values: Float64Array,
    /** Null for "asked, none", undefined for not asked yet. */
    private readonly memo: (HostingInfo | null | undefined)[],
  ) {
    const byValue = ctx.geo?.lookupHostingV4;
    this.recent = byValue ? new AddressMemo(byValue) : undefined;
  }

  at(i: number): HostingInfo | undefined {
    let h = this.memo[i];
    if (h === undefined) {
      const v = this.values[i] as number;
      if (v >= 0 && this.recent) h = this.recent.get(v) ?? null;
      else {
        // A bare v6 address parsed once for both tables (`loginV6`); anything else asked by its text.
        const byV6 = this.ctx.geo?.lookupHostingV6;
        if (byV6) this.six ??= loginV6(this.ctx);
        const six = this.six;
        const hi = six ? (six.hi[i] as number) : -1;
        h =
          (hi >= 0 && six && byV6 ? byV6(hi, six.lo[i] as number) : hostingOf(this.ctx, this.logins[i] ?? {})) ?? null;
      }
      this.memo[i] = h;
    }
    return h ?? undefined;
  }
}

/**
 * Both tables' answers about each successful login (`LoginAnswers`), once per context; undefined without the
 * lookups that ask both at once (each table is then asked alone).
 */
function loginAnswers(ctx: RuleContext): LoginAnswers | undefined {
  const d = derivedOf(ctx);
  if (d.loginBoth !== undefined) return d.loginBoth ?? undefined;
  const geo = ctx.geo;
  const byV4 = geo?.lookupBothV4;
  if (!geo || !byV4 || !geo.networkOfId || !geo.networkKindOfId || !geo.networkAsnOfId) {
    d.loginBoth = null;
    return undefined;
  }
  const logins = successfulLogins(ctx);
  d.loginHosting ??= new Array(logins.length).fill(undefined);
  d.loginBoth = new LoginAnswers(ctx, geo, byV4, logins, loginV4Array(ctx), d.loginHosting);
  return d.loginBoth;
}

/** What the rules read of each successful login's network: its object, and alone its kind and ASN. */
export interface LoginNetworkFacts {
  /** The provider table's answer (`lookupNetwork` of the login's address). */
  network(i: number): NetworkInfo | undefined;
  /** `network(i)?.kind`, without making the object. */
  kind(i: number): NetworkKind | undefined;
  /** `network(i)?.asn`, without making the object; -1 for none. */
  asn(i: number): number;
  /** Whether a rented answer can carry `asn(i)` (`networkRentableOfId`); true where the lookups cannot say. */
  rentable(i: number): boolean;
}

/**
 * The provider table's answer about each successful login by its index, asked with the hosting table's
 * (`loginAnswers`); undefined when the lookups cannot ask both at once.
 */
export function loginNetworkFacts(ctx: RuleContext): LoginNetworkFacts | undefined {
  return loginAnswers(ctx);
}

/**
 * The hosting network of each successful login by its index (as `successfulLogins` holds them), asked at most
 * once per context: impossible travel, the hosting rule and the identity baselines ask about the same logins. An
 * array beside the logins, not a table keyed by address (addresses are mostly distinct in a long history); a bare
 * v4 address asked again soon after is answered by `AddressMemo`.
 */
export function loginHosting(ctx: RuleContext): ByIndex<HostingInfo | undefined> {
  const both = loginAnswers(ctx);
  if (both) return both;
  const d = derivedOf(ctx);
  if (!d.hostingAlone) {
    const logins = successfulLogins(ctx);
    d.loginHosting ??= new Array(logins.length).fill(undefined);
    d.hostingAlone = new LoginHostingAnswers(ctx, logins, loginV4Array(ctx), d.loginHosting);
  }
  return d.hostingAlone;
}

/** The hosting network of each activity by its index, asked at most once per context (a login's as `loginHosting`). */
export function activityHosting(ctx: RuleContext): ByIndex<HostingInfo | undefined> {
  const d = derivedOf(ctx);
  const acts = activities(ctx);
  d.activityHosting ??= new Array(acts.length).fill(undefined);
  return new ActivityHosting(ctx, acts, activityLoginIndex(ctx), loginHosting(ctx), d.activityHosting);
}

class ActivityHosting implements ByIndex<HostingInfo | undefined> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly acts: Activity[],
    private readonly index: Int32Array,
    private readonly ofLogin: ByIndex<HostingInfo | undefined>,
    /** A live session's answer; null for "asked, none". */
    private readonly memo: (HostingInfo | null | undefined)[],
  ) {}

  at(i: number): HostingInfo | undefined {
    const li = this.index[i] as number;
    if (li >= 0) return this.ofLogin.at(li);
    let h = this.memo[i];
    if (h === undefined) {
      h = hostingOf(this.ctx, this.acts[i] ?? {}) ?? null;
      this.memo[i] = h;
    }
    return h ?? undefined;
  }
}

/**
 * The places of the successful logins, worked out once per context: per login a number for its location text
 * (`of`, by its index in `successfulLogins`), and per number the place `placeOf` gives (`places`; undefined when
 * the text names none). A long history names a handful of places: rules that fold every login into a baseline keep
 * what they learnt per number instead of asking per row.
 */
export interface PlaceIndex {
  readonly of: Int32Array;
  readonly places: readonly (Place | undefined)[];
}

/** Numbers the successful logins' location texts, by login index, as `loginPlaces` holds them. */
class PlaceIndexer {
  private readonly ids = new Map<string, number>();
  private readonly places: (Place | undefined)[] = [];
  private readonly of: Int32Array;

  constructor(
    private readonly ctx: RuleContext,
    n: number,
  ) {
    this.of = new Int32Array(n);
  }

  add(i: number, l: StoredLogin): void {
    const text = l.location ?? '';
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.places.length;
      this.ids.set(text, id);
      this.places.push(placeOf(this.ctx, text));
    }
    this.of[i] = id;
  }

  done(n: number): PlaceIndex {
    return { of: this.of.subarray(0, n), places: this.places };
  }
}

export function loginPlaces(ctx: RuleContext): PlaceIndex {
  const d = derivedOf(ctx);
  // Written by the pass that splits the history (`splitLogins`) when it is in order.
  const logins = successfulLogins(ctx);
  if (d.loginPlaces) return d.loginPlaces;
  const indexer = new PlaceIndexer(ctx, logins.length);
  for (let i = 0; i < logins.length; i++) indexer.add(i, logins[i] as TimedLogin);
  d.loginPlaces = indexer.done(logins.length);
  return d.loginPlaces;
}

/** `placeOf` of each activity by its index: a login's from `loginPlaces`, a live session's asked. */
export function activityPlaces(ctx: RuleContext): ByIndex<Place | undefined> {
  return new ActivityPlaces(ctx, activities(ctx), activityLoginIndex(ctx), loginPlaces(ctx));
}

class ActivityPlaces implements ByIndex<Place | undefined> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly acts: Activity[],
    private readonly index: Int32Array,
    private readonly logins: PlaceIndex,
  ) {}

  at(i: number): Place | undefined {
    const li = this.index[i] as number;
    return li >= 0
      ? this.logins.places[this.logins.of[li] as number]
      : placeOf(this.ctx, (this.acts[i] as Activity).location);
  }
}

/**
 * A baseline of known places fed oldest first, as `baselineCursor` is: `advance(t)` feeds `add` the place of each
 * successful login before `t` that `isKnown` does not hold yet, unless its address is a hosting one (which hides
 * the place; the address is asked only then, the costly part). A place `isKnown` holds stays known (baselines only
 * grow), so its number is not asked about again. Returns how many logins were fed in all.
 */
export function placeBaselineCursor(
  ctx: RuleContext,
  isKnown: (p: Place) => boolean,
  add: (p: Place) => void,
): (t: number) => number {
  const times = successfulTimes(ctx);
  const { of, places } = loginPlaces(ctx);
  const hostingAt = loginHosting(ctx);
  const settled = new Uint8Array(places.length);
  let i = 0;
  return (t) => {
    for (; i < times.length && (times[i] as number) < t; i++) {
      const id = of[i] as number;
      if (settled[id]) continue;
      const place = places[id];
      if (!place || isKnown(place)) {
        settled[id] = 1;
        continue;
      }
      if (!hostingAt.at(i)) add(place);
    }
    return i;
  };
}

/** A place as far as distances go: a city's point, or a country-only place's bounding box. */
export type Whereabouts =
  | { place: Place; point: Place & { lat: number; lon: number }; box?: undefined }
  | {
      place: Place;
      point?: undefined;
      box: Bbox;
    };

/** Where a place is for measuring: undefined when neither a city nor a country's box is known. */
export function locate(ctx: RuleContext, place: Place | undefined): Whereabouts | undefined {
  if (!place) return undefined;
  // Asked for every sign-in, about a handful of places: one answer per place object.
  const m = derivedOf(ctx).located;
  let w = m.get(place);
  if (w === undefined) {
    const box = place.precision === 'country' && place.country ? ctx.geo?.countryBbox?.(place.country) : undefined;
    w = hasCityCoords(place) ? { place, point: place } : box ? { place, box } : null;
    m.set(place, w);
  }
  return w ?? undefined;
}

/**
 * The least distance between two places: exact between cities, to the near edge of a box when one side is
 * known only by its country (it could be anywhere in it), and unknown between two countries.
 */
export function leastDistanceKm(a: Whereabouts, b: Whereabouts): number | undefined {
  if (a.point && b.point) return haversineKm(a.point, b.point);
  if (a.point && b.box) return distanceToBboxKm(a.point, b.box);
  if (a.box && b.point) return distanceToBboxKm(b.point, a.box);
  return undefined;
}

/**
 * `whereabouts(enrich(geo, row))`: the place to compare with others, unknown behind a hosting address. The
 * place is asked first, so rows naming no known place skip the address lookup.
 */
export function whereaboutsOf(ctx: RuleContext, row: { ip?: string; location?: string }): Place | undefined {
  const place = placeOf(ctx, row.location);
  return place && !hostingOf(ctx, row) ? place : undefined;
}

/** The country of a row's place; the place does not depend on the address, so this skips the hosting lookup. */
const countryOf = (ctx: RuleContext, row: { location?: string }) => placeOf(ctx, row.location)?.country;

/**
 * The answers kept for what trust can depend on: the address only when a trusted device sets ranges, the country
 * when one sets some. Nested by part, so no key text is built per row.
 */
function trustLevel(m: Map<string, TrustNode>, k: string): Map<string, TrustNode> {
  let next = m.get(k);
  if (!(next instanceof Map)) {
    next = new Map();
    m.set(k, next);
  }
  return next;
}

/** What trust can depend on beside the device: the address when a trusted device sets ranges, the country when one sets some. */
function trustUsesOf(ctx: RuleContext): { ip: boolean; country: boolean } {
  return {
    ip: ctx.trustedDevices.some((t) => t.ipRanges?.length),
    country: ctx.trustedDevices.some((t) => t.countries?.length),
  };
}

/**
 * `isTrusted` of each successful login by its index. A login without a user agent is judged by its device number
 * (`familyIndex`) and, when a trusted device sets countries, its place number (`loginPlaces`): one answer per
 * pair, read from an array, where `isTrusted` walks four maps keyed by text. Rows whose trust depends on more (a
 * user agent, or an address when a trusted device sets ranges) are asked as `isTrusted` asks.
 */
export function loginTrusted(ctx: RuleContext): ByIndex<boolean> {
  const logins = successfulLogins(ctx);
  if (!ctx.trustedDevices.length) return new LoginTrust(ctx, logins, undefined, undefined, 0, new Uint8Array(0));
  const d = derivedOf(ctx);
  d.trustUses ??= trustUsesOf(ctx);
  if (d.trustUses.ip) return new LoginTrust(ctx, logins, undefined, undefined, 0, new Uint8Array(0));
  const { deviceOf, devices } = familyIndex(ctx);
  const { of, places } = loginPlaces(ctx);
  // Per pair of device and place number: 0 not asked yet, 1 no, 2 yes. Without countries the place plays no part.
  const stride = d.trustUses.country ? places.length : 1;
  const pairs = devices * stride;
  return new LoginTrust(ctx, logins, deviceOf, of, stride, new Uint8Array(pairs <= MAX_TRUST_PAIRS ? pairs : 0));
}

/** `loginTrusted`'s answers: by pair of device and place number where it can, else as `isTrusted` asks. */
class LoginTrust implements ByIndex<boolean> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly logins: TimedLogin[],
    /** Undefined: every login asked as `isTrusted` asks (no trusted device, or one that sets ranges). */
    private readonly deviceOf: Int32Array | undefined,
    private readonly placeOf: Int32Array | undefined,
    private readonly stride: number,
    private readonly answers: Uint8Array,
  ) {}

  at(i: number): boolean {
    if (!this.ctx.trustedDevices.length) return false;
    const num = this.deviceOf ? (this.deviceOf[i] as number) : -1;
    if (num < 0 || !this.answers.length) return isTrusted(this.ctx, this.logins[i] as TimedLogin);
    const k = num * this.stride + (this.stride > 1 && this.placeOf ? (this.placeOf[i] as number) : 0);
    let v = this.answers[k] as number;
    if (v === 0) {
      v = isTrusted(this.ctx, this.logins[i] as TimedLogin) ? 2 : 1;
      this.answers[k] = v;
    }
    return v === 2;
  }
}
/** The most pairs `loginTrusted` keeps an array for (a byte each); a history with more asks row by row. */
const MAX_TRUST_PAIRS = 1 << 20;

/** `isTrusted` of each activity by its index: a login's as `loginTrusted`, a live session's asked. */
export function activityTrusted(ctx: RuleContext): ByIndex<boolean> {
  return new ActivityTrust(ctx, activities(ctx), activityLoginIndex(ctx), loginTrusted(ctx));
}

class ActivityTrust implements ByIndex<boolean> {
  constructor(
    private readonly ctx: RuleContext,
    private readonly acts: Activity[],
    private readonly index: Int32Array,
    private readonly ofLogin: ByIndex<boolean>,
  ) {}

  at(i: number): boolean {
    const li = this.index[i] as number;
    return li >= 0 ? this.ofLogin.at(li) : isTrusted(this.ctx, this.acts[i] as Activity);
  }
}

export function isTrusted(
  ctx: RuleContext,
  row: { device: string; userAgent?: string; ip?: string; location?: string },
): boolean {
  return trustedEntryOf(ctx, row) !== undefined;
}

/**
 * The trusted device whose words and criteria cover the row, for what the user confirmed about it. Kept per
 * device, user agent, and the address and country when a trusted device sets them: what the answer depends on.
 */
export function trustedEntryOf(
  ctx: RuleContext,
  row: { device: string; userAgent?: string; ip?: string; location?: string },
): TrustedDevice | undefined {
  if (!ctx.trustedDevices.length) return undefined;
  const d = derivedOf(ctx);
  d.trustUses ??= trustUsesOf(ctx);
  const m = trustLevel(
    trustLevel(trustLevel(d.trusted, row.device), row.userAgent ?? ''),
    d.trustUses.ip ? (row.ip ?? '') : '',
  );
  const k = d.trustUses.country ? (countryOf(ctx, row) ?? '') : '';
  let hit = m.get(k) as TrustedDevice | null | undefined;
  if (hit === undefined) {
    hit =
      findTrustedDevice(ctx.trustedDevices, {
        accountId: ctx.account.id,
        device: row.device,
        userAgent: row.userAgent,
        ip: row.ip,
        country: countryOf(ctx, row),
      }) ?? null;
    m.set(k, hit);
  }
  return hit ?? undefined;
}

/** Device strings repeat across thousands of rows; the cap bounds memory on hostile input. */
const MAX_FAMILIES = 5000;
const families = new Map<string, string>();

/** Browser, OS, type and model without versions: a browser auto-update (126 → 127) is the same device. */
export function familyOf(row: { device: string; userAgent?: string }): string {
  const k = row.userAgent === undefined ? row.device : `${row.device.length}:${row.device}${row.userAgent}`;
  let f = families.get(k);
  if (f === undefined) {
    f = deviceFamily(parseDevice(row.device, row.userAgent));
    if (families.size >= MAX_FAMILIES) families.clear();
    families.set(k, f);
  }
  return f;
}

/** A family with nothing parsed ("|||") tells nothing apart. */
export function isTellingFamily(f: string): boolean {
  return !/^\|*unknown\|*$|^\|+$/.test(f);
}

/**
 * The device families of the successful logins, worked out once per context: a history of 100k logins holds a
 * handful of families, and several rules ask, for every sign-in, whether its family signed in before.
 */
export interface FamilyIndex {
  /** Each family's number, in the order of its first login. */
  readonly ids: ReadonlyMap<string, number>;
  /** Per family number, the index (in `successfulLogins`) of its first login. */
  readonly first: Int32Array;
  /** Per login, the index of the next login of the same family; -1 after its last. */
  readonly next: Int32Array;
  /** Per login, a number for its device text when it has no user agent (what its family and trust depend on); -1 with one. */
  readonly deviceOf: Int32Array;
  /** How many device numbers `deviceOf` holds. */
  readonly devices: number;
  /** Per login, its family's number (as `ids` holds it). */
  readonly familyOf: Int32Array;
}

/** Numbers the successful logins' device families, by login index, as `familyIndex` holds them. */
class FamilyIndexer {
  private readonly ids = new Map<string, number>();
  // A device text without a user agent names one family: it is numbered by the text (one look-up a login), and
  // each number keeps its family's.
  private readonly devices = new Map<string, number>();
  private readonly deviceFamily: number[] = [];
  private readonly first: number[] = [];
  private readonly last: number[] = [];
  private readonly next: Int32Array;
  private readonly deviceOf: Int32Array;
  private readonly familyOf: Int32Array;

  constructor(n: number) {
    this.next = new Int32Array(n).fill(-1);
    this.deviceOf = new Int32Array(n);
    this.familyOf = new Int32Array(n);
  }

  add(i: number, l: StoredLogin): void {
    let id = -1;
    if (l.userAgent === undefined) {
      const num = this.devices.get(l.device);
      if (num !== undefined) {
        this.deviceOf[i] = num;
        id = this.deviceFamily[num] as number;
      }
    } else this.deviceOf[i] = -1;
    if (id < 0) {
      const f = familyOf(l);
      const known = this.ids.get(f);
      id = known ?? this.first.length;
      if (l.userAgent === undefined) {
        this.deviceOf[i] = this.deviceFamily.length;
        this.devices.set(l.device, this.deviceFamily.length);
        this.deviceFamily.push(id);
      }
      if (known === undefined) {
        this.ids.set(f, id);
        this.first.push(i);
        this.last.push(i);
        this.familyOf[i] = id;
        return;
      }
    }
    this.familyOf[i] = id;
    this.next[this.last[id] as number] = i;
    this.last[id] = i;
  }

  done(n: number): FamilyIndex {
    return {
      ids: this.ids,
      first: Int32Array.from(this.first),
      next: this.next.subarray(0, n),
      deviceOf: this.deviceOf.subarray(0, n),
      devices: this.deviceFamily.length,
      familyOf: this.familyOf.subarray(0, n),
    };
  }
}

export function familyIndex(ctx: RuleContext): FamilyIndex {
  const d = derivedOf(ctx);
  // Written by the pass that splits the history (`splitLogins`) when it is in order.
  const logins = successfulLogins(ctx);
  if (d.families) return d.families;
  const indexer = new FamilyIndexer(logins.length);
  for (let i = 0; i < logins.length; i++) indexer.add(i, logins[i] as TimedLogin);
  d.families = indexer.done(logins.length);
  return d.families;
}

/** Whether a successful login of the family came strictly before `t`: what a baseline fed up to `t` would hold. */
export function hasFamilyBefore(ctx: RuleContext, family: string, t: number): boolean {
  const { ids, first } = familyIndex(ctx);
  const id = ids.get(family);
  return id !== undefined && (successfulLogins(ctx)[first[id] as number] as TimedLogin).time < t;
}

/** Whether the device family appears in the baseline: "your usual browser". */
export function isUsualDevice(
  baseline: { device: string; userAgent?: string }[],
  row: { device: string; userAgent?: string },
): boolean {
  const f = familyOf(row);
  if (!isTellingFamily(f)) return false;
  return baseline.some((b) => familyOf(b) === f);
}

export function deviceLabel(row: { device: string }): string {
  return row.device || 'An unnamed device';
}
