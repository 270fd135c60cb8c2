import { deviceFamily, parseDevice } from '../device';
import { type Enriched, enrich } from '../enrich';
import { foldText } from '../text';
import { findTrustedDevice } from '../trust';
import type { SecondFactor, StoredLogin } from '../types';
import type { RuleContext } from './rule';

/** One sign-in the rules judge: a successful login row, or a live session the history does not show. */
export interface Activity {
  /** The login's or session's key: what a warning about it is keyed on. */
  subject: string;
  source: 'login' | 'session';
  time: number;
  device: string;
  userAgent?: string;
  ip?: string;
  location?: string;
  secondFactor?: SecondFactor;
}

const isSuccess = (l: StoredLogin): l is StoredLogin & { time: number } =>
  l.time !== undefined && l.outcome !== 'failed';

/** Successful logins with a time, oldest first. */
export function successfulLogins(ctx: RuleContext): (StoredLogin & { time: number })[] {
  return ctx.logins.filter(isSuccess).sort((a, b) => a.time - b.time);
}

/**
 * Whether the account has enough past logins for rules that compare with history (new country, new city,
 * impossible travel, weaker second factor) to speak. Exported so the popup can say "still learning".
 */
export function hasEnoughHistory(ctx: RuleContext): boolean {
  return successfulLogins(ctx).length >= ctx.thresholds.minHistoryLogins;
}

/** Successful logins strictly before `t`: the baseline an activity at `t` is compared with. */
export function historyBefore(ctx: RuleContext, t: number): (StoredLogin & { time: number })[] {
  return successfulLogins(ctx).filter((l) => l.time < t);
}

export function isEnoughBaseline(ctx: RuleContext, baseline: unknown[]): boolean {
  return baseline.length >= ctx.thresholds.minHistoryLogins;
}

const rowKey = (ip: string | undefined, location: string | undefined) =>
  `${foldText(ip ?? '')}|${foldText(location ?? '')}`;

/** Successful logins, plus live sessions whose IP and place no login shows (sites list some sessions only). */
export function activities(ctx: RuleContext): Activity[] {
  const logins = successfulLogins(ctx);
  const seen = new Set(logins.map((l) => rowKey(l.ip, l.location)));
  const out: Activity[] = logins.map((l) => ({
    subject: l.key,
    source: 'login',
    time: l.time,
    device: l.device,
    userAgent: l.userAgent,
    ip: l.ip,
    location: l.location,
    secondFactor: l.secondFactor,
  }));
  for (const s of ctx.sessions) {
    if (s.goneAt !== undefined || seen.has(rowKey(s.ip, s.location))) continue;
    out.push({
      subject: s.key,
      source: 'session',
      time: s.firstSeen ?? s.firstObservedAt,
      device: s.device,
      userAgent: s.userAgent,
      ip: s.ip,
      location: s.location,
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** Enrichment memoised per context: several rules ask about the same rows. */
const cache = new WeakMap<RuleContext, Map<string, Enriched>>();

export function enrichRow(ctx: RuleContext, row: { ip?: string; location?: string }): Enriched {
  let m = cache.get(ctx);
  if (!m) {
    m = new Map();
    cache.set(ctx, m);
  }
  const k = `${row.ip ?? ''}\u0000${row.location ?? ''}`;
  let e = m.get(k);
  if (!e) {
    e = enrich(ctx.geo, row);
    m.set(k, e);
  }
  return e;
}

export function isTrusted(
  ctx: RuleContext,
  row: { device: string; userAgent?: string; ip?: string; location?: string },
): boolean {
  return (
    findTrustedDevice(ctx.trustedDevices, {
      accountId: ctx.account.id,
      device: row.device,
      userAgent: row.userAgent,
      ip: row.ip,
      country: enrichRow(ctx, row).place?.country,
    }) !== undefined
  );
}

/** Browser, OS, type and model without versions: a browser auto-update (126 → 127) is the same device. */
export function familyOf(row: { device: string; userAgent?: string }): string {
  return deviceFamily(parseDevice(row.device, row.userAgent));
}

/** Whether the device family appears in the baseline: "your usual browser". */
export function isUsualDevice(
  baseline: { device: string; userAgent?: string }[],
  row: { device: string; userAgent?: string },
): boolean {
  const f = familyOf(row);
  // A family with nothing parsed ("|||") tells nothing apart.
  if (/^\|*unknown\|*$|^\|+$/.test(f)) return false;
  return baseline.some((b) => familyOf(b) === f);
}

export function deviceLabel(row: { device: string }): string {
  return row.device || 'An unnamed device';
}
