import { plainV4Value } from './ip';
import { foldText } from './text';
import type { ExtractedLogin, ExtractedScan, ExtractedSession, StoredLogin, StoredSession } from './types';

/** Device text without version numbers, so "Chrome 126" and "Chrome 127" of one session keep one identity. */
function deviceKeyPart(device: string): string {
  return foldText(device)
    .replace(/\d+(?:[._]\d+|\.x)*/g, '#')
    .replace(/\s+/g, ' ');
}

function minute(t: number | undefined): string {
  return t === undefined ? '' : String(Math.floor(t / 60_000));
}

/**
 * A session's identity: account + device (version-free) + login time when the page shows one, else the IP.
 * Rows that still collide inside one scan get an ordinal so none overwrites another.
 */
export function sessionBaseKey(accountId: string, s: { device: string; ip?: string; firstSeen?: number }): string {
  const anchor = s.firstSeen !== undefined ? `t${minute(s.firstSeen)}` : `ip${foldText(s.ip ?? '')}`;
  return `${accountId}|${deviceKeyPart(s.device)}|${anchor}`;
}

export function loginKey(accountId: string, l: ExtractedLogin): string {
  return [
    accountId,
    minute(l.time),
    foldText(l.ip ?? ''),
    deviceKeyPart(l.device),
    l.outcome ?? '',
    foldText(l.location ?? ''),
  ].join('|');
}

export interface MergeResult {
  /** Sessions to write: new ones, updated ones, and ones newly marked gone. */
  upserts: StoredSession[];
  newKeys: string[];
  goneKeys: string[];
}

/**
 * Merges a scan's session rows into what is stored for the account.
 * A stored session missing from a scan that shows the device list is marked gone (logged out);
 * a gone session that shows up again is live again.
 */
export function mergeSessions(
  stored: StoredSession[],
  scan: ExtractedScan,
  accountId: string,
  now: number,
): MergeResult {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const upserts: StoredSession[] = [];
  const newKeys: string[] = [];
  const unmatchedByDevice = (row: ExtractedSession): string | undefined => {
    // A row whose IP the page hid this time (masked, collapsed column) is the stored session of that
    // device when exactly one such session is unaccounted for. A row with a *different* IP is not merged:
    // better a new session flagged than a stranger hidden inside the user's old one.
    const part = `${accountId}|${deviceKeyPart(row.device)}|`;
    const candidates = stored.filter((s) => s.key.startsWith(part) && !seen.has(s.key) && s.goneAt === undefined);
    return candidates.length === 1 ? candidates[0]?.key : undefined;
  };
  for (const row of scan.sessions) {
    const base = sessionBaseKey(accountId, row);
    let key = base;
    for (let n = 2; seen.has(key); n++) key = `${base}#${n}`;
    if (!byKey.has(key) && row.ip === undefined && row.firstSeen === undefined) key = unmatchedByDevice(row) ?? key;
    seen.add(key);
    const prev = byKey.get(key);
    if (!prev) newKeys.push(key);
    const next: StoredSession = {
      ...prev,
      ...row,
      key,
      accountId,
      firstObservedAt: prev?.firstObservedAt ?? now,
      lastObservedAt: now,
      // A page may drop a field between visits (masked IP, no location); keep what we knew.
      ip: row.ip ?? prev?.ip,
      // The copied-session rule asks where a session moved from: another provider between visits is a sign.
      ...(row.ip !== undefined && prev?.ip !== undefined && foldText(row.ip) !== foldText(prev.ip)
        ? { previousIp: prev.ip }
        : {}),
      location: row.location ?? prev?.location,
      userAgent: row.userAgent ?? prev?.userAgent,
      firstSeen: row.firstSeen ?? prev?.firstSeen,
      lastActive: Math.max(row.lastActive ?? 0, prev?.lastActive ?? 0) || undefined,
    };
    delete next.goneAt;
    upserts.push(next);
  }
  const goneKeys: string[] = [];
  if (scan.hasSessionList) {
    for (const s of stored) {
      if (!seen.has(s.key) && s.goneAt === undefined) {
        goneKeys.push(s.key);
        upserts.push({ ...s, goneAt: now, isCurrent: false, status: 'offline' });
      }
    }
  }
  return { upserts, newKeys, goneKeys };
}

/**
 * Login rows not stored yet (history pages overlap from one visit to the next).
 * Identical rows within one scan are distinct attempts (a burst of failures in one minute), so the
 * n-th repeat gets an ordinal; the same page shown again yields the same keys.
 */
export function newLogins(storedKeys: Set<string>, scan: ExtractedScan, accountId: string, now: number): StoredLogin[] {
  const out: StoredLogin[] = [];
  const repeats = new Map<string, number>();
  for (const row of scan.logins) {
    const base = loginKey(accountId, row);
    const n = (repeats.get(base) ?? 0) + 1;
    repeats.set(base, n);
    const key = n === 1 ? base : `${base}#${n}`;
    if (storedKeys.has(key)) continue;
    out.push(withAddressValue({ ...row, key, accountId, firstObservedAt: now }));
  }
  return out;
}

/**
 * Makes the login row what is stored (in place, and returns it): `ipValue` worked out from its address text, set for
 * a bare v4 address and absent for any other, whatever value the row came with. Every write of a login row goes
 * through it (a scan, an import; the upgrade to storage version 11 through its frozen copy, `v11Value`), so the
 * value the rules read is the text's.
 */
export function withAddressValue<T extends StoredLogin>(l: T): T {
  const value = l.ip ? plainV4Value(l.ip) : -1;
  if (value >= 0) {
    if (l.ipValue !== value) l.ipValue = value;
  } else if (l.ipValue !== undefined) delete l.ipValue;
  return l;
}

/** The row as the page showed it, without the worker's own address value: what a backup or an extension page gets. */
export function withoutAddressValue(l: StoredLogin): StoredLogin {
  if (l.ipValue === undefined) return l;
  const { ipValue: _, ...shown } = l;
  return shown;
}
