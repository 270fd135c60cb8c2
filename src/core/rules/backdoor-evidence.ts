import { foldText } from '../text';
import { findTrustedDevice } from '../trust';
import type { ApiPermission, Evidence, StoredApiKey, StoredWhitelistEntry } from '../types';
import type { RuleContext } from './rule';

const DAY = 86_400_000;

/** Permissions that move funds out of the account: the seeds' advice is that such a key deserves a second look. */
export const MOVES_FUNDS: ReadonlySet<ApiPermission> = new Set(['withdraw', 'transfer']);
export const TRADES: ReadonlySet<ApiPermission> = new Set(['trade', 'margin', 'futures']);

/** A checklist permission word (`spot_trade`, `withdraw`, `enable_reading`) as a permission. */
export function checklistPermission(word: string): ApiPermission {
  const w = foldText(word);
  if (w.includes('withdraw')) return 'withdraw';
  if (w.includes('transfer')) return 'transfer';
  if (w.includes('margin')) return 'margin';
  if (w.includes('futures')) return 'futures';
  if (w.includes('trad')) return 'trade';
  if (w.includes('read')) return 'read';
  return 'other';
}

/**
 * Whether the imported checklist lists this key: its label, with every permission it has that trades or moves
 * funds (a key with more rights than the checklist gives is a difference, so a finding).
 */
export function isChecklisted(
  checklistApiKeys: RuleContext['checklistApiKeys'],
  k: Pick<StoredApiKey, 'label' | 'permissions'>,
): boolean {
  const label = foldText(k.label);
  const listed = checklistApiKeys?.find((c) => foldText(c.label) === label);
  if (!listed) return false;
  const allowed = new Set(listed.permissions.map(checklistPermission));
  return k.permissions.every((p) => p === 'read' || p === 'other' || allowed.has(p));
}

/** Whether a list's record appeared on a later visit than the one that first showed the list. */
export const isNewSince = (baseline: number | undefined, firstSeenAt: number): boolean =>
  baseline !== undefined && firstSeenAt > baseline;

/** A sign-in the user has not trusted that was live at `t` (a session) or began within the day before it. */
export interface IntruderAround {
  device: string;
  ip?: string;
  location?: string;
  time: number;
}

/**
 * The untrusted session or sign-in a key or address made at `t` overlaps: a session signed in before `t` and not
 * gone by then, or a successful sign-in in the day before `t`; the latest such one. Its device and address become
 * the finding's evidence, so the finding joins that intruder's incident (src/core/incident.ts, intruderOf).
 */
export function intruderAround(ctx: RuleContext, t: number): IntruderAround | undefined {
  let memo = around.get(ctx);
  if (!memo) {
    memo = new Map();
    around.set(ctx, memo);
  }
  if (memo.has(t)) return memo.get(t);
  const found = findIntruderAround(ctx, t);
  memo.set(t, found);
  return found;
}

/** Per judging, per time: every rule about a key asks for it, and a call's finding for its key. */
const around = new WeakMap<RuleContext, Map<number, IntruderAround | undefined>>();

/** The first sign-in at or after `from` (the logins are oldest first): a day's window is read, not the history. */
function firstLoginFrom(ctx: RuleContext, from: number): number {
  let lo = 0;
  let hi = ctx.logins.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ctx.logins[mid]?.time ?? Number.POSITIVE_INFINITY) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findIntruderAround(ctx: RuleContext, t: number): IntruderAround | undefined {
  let best: IntruderAround | undefined;
  const consider = (row: { device: string; userAgent?: string; ip?: string; location?: string }, at: number) => {
    if (best && best.time >= at) return;
    const isTrusted = findTrustedDevice(ctx.trustedDevices, {
      accountId: ctx.account.id,
      device: row.device,
      userAgent: row.userAgent,
      ip: row.ip,
    });
    if (isTrusted) return;
    best = {
      device: row.device,
      ...(row.ip ? { ip: row.ip } : {}),
      ...(row.location ? { location: row.location } : {}),
      time: at,
    };
  };
  for (const s of ctx.sessions) {
    const start = s.firstSeen ?? s.firstObservedAt;
    const end = s.goneAt ?? ctx.now;
    if (start <= t && t <= end) consider(s, start);
  }
  for (let i = firstLoginFrom(ctx, t - DAY); i < ctx.logins.length; i++) {
    const l = ctx.logins[i];
    if (!l || l.time === undefined || l.time > t) break;
    if (l.outcome !== 'failed') consider(l, l.time);
  }
  return best;
}

/** When a key was made: the page's creation time, else when the watchdog first saw it. */
export const keyTime = (k: StoredApiKey): number => k.createdAt ?? k.firstSeenAt;
export const addressTime = (w: StoredWhitelistEntry): number => w.addedAt ?? w.firstSeenAt;

/** The user stated the key should exist: "I added it", or the checklist lists it as it is. */
export const isConfirmedKey = (ctx: RuleContext, k: StoredApiKey): boolean =>
  k.confirmedAt !== undefined || isChecklisted(ctx.checklistApiKeys, k);

/**
 * Whether a key is new since a visit and not confirmed: what is judged as a takeover's backdoor. "I added it"
 * settles it; the checklist does not when an intruder was signed in as it was made (an old statement, and a label
 * is the easiest thing to copy).
 */
export const isUnconfirmedNewKey = (ctx: RuleContext, k: StoredApiKey): boolean =>
  k.deletedAt === undefined &&
  k.confirmedAt === undefined &&
  isNewSince(ctx.backdoorBaselines?.apiKeys, k.firstSeenAt) &&
  (!isChecklisted(ctx.checklistApiKeys, k) || intruderAround(ctx, keyTime(k)) !== undefined);

/**
 * The evidence every finding about one key carries: the key (label, masked form, permissions, record id). A new,
 * unconfirmed key made while an intruder was signed in also carries that intruder's device and address, so every
 * finding about it joins the intruder's incident; any other key's findings fold by the key (`apiKeyId`).
 */
export function keyEvidence(ctx: RuleContext, k: StoredApiKey): Evidence {
  const around = isUnconfirmedNewKey(ctx, k) ? intruderAround(ctx, keyTime(k)) : undefined;
  return {
    apiKey: k.label,
    ...(k.masked ? { apiKeyMasked: k.masked } : {}),
    apiKeyId: k.id,
    ...(k.permissions.length ? { permissions: k.permissions.join(', ') } : {}),
    ...(around
      ? {
          device: around.device,
          ...(around.ip ? { ip: around.ip } : {}),
          ...(around.location ? { location: around.location } : {}),
        }
      : {}),
    time: keyTime(k),
  };
}

/** A key as the reasons name it: its label and masked form. */
export const keyName = (k: StoredApiKey): string => (k.masked ? `"${k.label}" (${k.masked})` : `"${k.label}"`);
