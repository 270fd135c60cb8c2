import type { Finding, StoredSession } from '../types';
import { isTrusted } from './history';
import type { RuleContext } from './rule';

/**
 * More sessions to warn about than this and a rule tells them apart by kind of device rather than one by one: a
 * page listing hundreds of strangers (or of forgotten sessions) gives a warning per kind of device that counts them,
 * not hundreds of warnings nobody can answer one at a time.
 */
export const SESSION_FLOOD = 20;
/** Other sessions of a folded warning named in its evidence (`others`), besides the one it stands for. */
const EXAMPLES = 3;

export const sessionTime = (s: StoredSession): number | undefined => s.lastActive ?? s.firstSeen;

/**
 * The kind of device a folded warning stands for: the site's device label with its version numbers left out
 * ("Chrome 126 on macOS 14.5" and "Chrome 127 on macOS 14.6" are one). Not the parsed browser/OS family: parsing
 * the first labels of a worker costs about 8 ms cold, for a page that may never need it.
 */
export function deviceKind(s: StoredSession): string {
  let k = kinds.get(s.device);
  if (k === undefined) {
    k = s.device.toLowerCase().replace(/\d+(?:[._]\d+)*/g, '#');
    // Labels repeat across a page's rows; the cap bounds memory on hostile input.
    if (kinds.size >= 1000) kinds.clear();
    kinds.set(s.device, k);
  }
  return s.userAgent === undefined ? k : `${k}\u0000${s.userAgent}`;
}
const kinds = new Map<string, string>();

/**
 * One finding per session, or with `isFlood` one per group (`groupOf`). A group's first session stands for it
 * (subject, reason, evidence) as in group.ts, so a warning keeps its identity while sessions join or leave (stored
 * sessions keep their order) and rules folding the same sessions agree on subjects. `evidence.count` and
 * `lastTime` say how many and the latest; `evidence.others` names a few of the rest by address and place.
 */
export function foldSessions(
  sessions: Iterable<StoredSession>,
  isFlood: boolean,
  groupOf: (s: StoredSession) => string,
  make: (s: StoredSession) => Finding,
  timeOf: (s: StoredSession) => number | undefined = sessionTime,
): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, { f: Finding; others: string[] }>();
  for (const s of sessions) {
    const key = isFlood ? groupOf(s) : undefined;
    const group = key === undefined ? undefined : groups.get(key);
    if (!group) {
      const f = make(s);
      out.push(f);
      if (key !== undefined) groups.set(key, { f, others: [] });
      continue;
    }
    const e = group.f.evidence;
    e.count = (typeof e.count === 'number' ? e.count : 1) + 1;
    const t = timeOf(s);
    const last = typeof e.lastTime === 'number' ? e.lastTime : e.time;
    if (t !== undefined) e.lastTime = last === undefined ? t : Math.max(last, t);
    if (group.others.length < EXAMPLES) {
      group.others.push([s.ip, s.location].filter(Boolean).join(' · ') || s.device || '—');
      e.others = group.others.join('; ');
    }
  }
  return out;
}

/**
 * Findings about untrusted live sessions that `pick` keeps, folded per kind of device (new and earlier sessions
 * apart) when the account has more than SESSION_FLOOD of them: unknown-device and new-session fold alike, so the
 * one supersedes the other subject by subject.
 */
export function strangerFindings(
  ctx: RuleContext,
  pick: (isNew: boolean) => boolean,
  make: (s: StoredSession, isNew: boolean) => Finding,
  timeOf: (s: StoredSession) => number | undefined = sessionTime,
): Finding[] {
  const fresh = new Set(ctx.newSessionKeys);
  // The same trust test as every other rule, the place's country included.
  const strangers = ctx.sessions.filter((s) => s.goneAt === undefined && !isTrusted(ctx, s));
  return foldSessions(
    strangers.filter((s) => pick(fresh.has(s.key))),
    strangers.length > SESSION_FLOOD,
    (s) => `${fresh.has(s.key) ? 'new' : 'old'}\u0000${deviceKind(s)}`,
    (s) => make(s, fresh.has(s.key)),
    timeOf,
  );
}
