import type { StoredSession, StoredWarning } from '../core/types';
import type { AccountSummary, SeenStamp } from './db-schema';

/** Gone sessions kept in an account's summary (the popup's "recently gone"); older ones stay in the row store. */
export const RECENT_GONE = 20;

const byGoneDesc = (a: StoredSession, b: StoredSession) => (b.goneAt ?? 0) - (a.goneAt ?? 0);

/** The summary of an account from its rows: live sessions, the latest gone ones, warnings not resolved. */
export function summaryOf(accountId: string, sessions: StoredSession[], warnings: StoredWarning[]): AccountSummary {
  const live = sessions.filter((s) => s.goneAt === undefined);
  const gone = sessions
    .filter((s) => s.goneAt !== undefined)
    .sort(byGoneDesc)
    .slice(0, RECENT_GONE);
  return { accountId, sessions: [...live, ...gone], warnings: warnings.filter((w) => w.state !== 'resolved') };
}

export function stampName(accountId: string): SeenStamp['name'] {
  return `seen:${accountId}`;
}

/** The summary with its stamp applied: live sessions observed and unresolved warnings raised at the stamp's times. */
export function withStamp(summary: AccountSummary, stamp: SeenStamp | undefined): AccountSummary {
  if (!stamp) return summary;
  const seen = stamp.sessionsAt ?? 0;
  return {
    ...summary,
    sessions: summary.sessions.map((s) =>
      s.goneAt === undefined && seen > s.lastObservedAt ? { ...s, lastObservedAt: seen } : s,
    ),
    warnings: summary.warnings.map((w) =>
      stamp.judgedAt > w.lastRaisedAt ? { ...w, lastRaisedAt: stamp.judgedAt } : w,
    ),
  };
}

/**
 * The same as withStamp, changing the summary's own objects: for a summary just read from the database, which
 * nothing else holds (a scan of a thousand sessions would otherwise copy every one of them).
 */
export function stampInPlace(summary: AccountSummary, stamp: SeenStamp | undefined): AccountSummary {
  if (!stamp) return summary;
  const seen = stamp.sessionsAt ?? 0;
  for (const s of summary.sessions) if (s.goneAt === undefined && seen > s.lastObservedAt) s.lastObservedAt = seen;
  for (const w of summary.warnings) if (stamp.judgedAt > w.lastRaisedAt) w.lastRaisedAt = stamp.judgedAt;
  return summary;
}

/** Replaces warnings by id; resolved ones leave the summary (their rows keep them). */
export function withWarnings(summary: AccountSummary, changed: StoredWarning[]): AccountSummary {
  const byId = new Map(summary.warnings.map((w) => [w.id, w]));
  for (const w of changed) byId.set(w.id, w);
  return { ...summary, warnings: [...byId.values()].filter((w) => w.state !== 'resolved') };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return sameExcept(a as Record<string, unknown>, b as Record<string, unknown>, []);
}

/** Whether two records hold the same values, ignoring `ignored` fields and fields that are undefined in both. */
export function sameExcept<T extends object>(a: T, b: T, ignored: readonly (keyof T)[]): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const skip = ignored as readonly string[];
  // No set of both objects' keys: this runs for every live session and warning on every scan.
  for (const k in x) {
    if (Object.hasOwn(x, k) && !skip.includes(k) && !sameValue(x[k], y[k])) return false;
  }
  for (const k in y) {
    if (Object.hasOwn(y, k) && !Object.hasOwn(x, k) && y[k] !== undefined && !skip.includes(k)) return false;
  }
  return true;
}
