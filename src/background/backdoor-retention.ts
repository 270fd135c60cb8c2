import type { Db } from './db';

const DAY = 86_400_000;
/** Access-log calls kept per account: far above a month of a bot's log pages, bounded against a hostile page. */
export const MAX_CALLS_PER_ACCOUNT = 20_000;

/**
 * The account's access-log calls older than the retention (by their time, else when first seen), keys deleted and
 * addresses removed longer ago than it, then its oldest calls beyond the cap. Live keys and addresses are current,
 * not history: they are kept. One transaction.
 */
export async function pruneBackdoors(
  db: Db,
  accountId: string,
  retentionDays: number,
  now: number,
  maxCalls = MAX_CALLS_PER_ACCOUNT,
): Promise<number> {
  const tx = db.transaction(['apiKeys', 'apiCalls', 'whitelist'], 'readwrite');
  const cutoff = retentionDays > 0 ? now - retentionDays * DAY : -Infinity;
  const [keys, calls, whitelist] = await Promise.all([
    tx.objectStore('apiKeys').index('by-account').getAll(accountId),
    tx.objectStore('apiCalls').index('by-account').getAll(accountId),
    tx.objectStore('whitelist').index('by-account').getAll(accountId),
  ]);
  const when = (c: { time?: number; firstSeenAt: number }) => c.time ?? c.firstSeenAt;
  const ordered = [...calls].sort((a, b) => when(a) - when(b));
  const excess = Math.max(0, ordered.length - maxCalls);
  const oldCalls = ordered.filter((c, i) => i < excess || when(c) < cutoff);
  const oldKeys = keys.filter((k) => k.deletedAt !== undefined && k.deletedAt < cutoff);
  const oldAddresses = whitelist.filter((w) => w.removedAt !== undefined && w.removedAt < cutoff);
  await Promise.all([
    ...oldCalls.map((c) => tx.objectStore('apiCalls').delete(c.id)),
    ...oldKeys.map((k) => tx.objectStore('apiKeys').delete(k.id)),
    ...oldAddresses.map((w) => tx.objectStore('whitelist').delete(w.id)),
  ]);
  await tx.done;
  return oldCalls.length + oldKeys.length + oldAddresses.length;
}
