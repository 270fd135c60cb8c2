import type { Severity, StoredSession, StoredWarning } from './types';

type Warning = StoredWarning;
type Session = Pick<StoredSession, 'key' | 'ip' | 'device' | 'goneAt'>;

/** One reason an incident was raised: a bullet with its evidence. */
export interface IncidentReason {
  rule: string;
  severity: Severity;
  reason: string;
  message?: Warning['message'];
  evidence: Warning['evidence'];
}

/** One intruder: the warnings about the same subject, their reasons, one set of actions. */
export interface Incident {
  /** Stable across reloads: the lead warning's id. */
  id: string;
  accountId: string;
  severity: Severity;
  /** The warning whose row "This was me" trusts: the first that names a device or an address. */
  lead: Warning;
  /** Every stored warning the incident stands for; Dismiss and This was me answer all of them. */
  warnings: Warning[];
  reasons: IncidentReason[];
  /** Live sessions the incident is about, by key (marked in the session table; "Sign out this session"). */
  sessionKeys: string[];
}

const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
const worse = (a: Severity, b: Severity): Severity => (rank[a] <= rank[b] ? a : b);

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * What a warning is about, as keys: its subject (a session or sign-in), and the device on the address it names.
 * Until the judgement gives incidents of its own (a warning with `reasons`), warnings that share one of these keys
 * are one intruder: the unknown session at 45.77.12.9 and the sign-ins of that device from there. Two of the
 * user's devices behind one home address stay apart (their device texts differ).
 */
function keysOf(w: Warning): string[] {
  // Subjects of one session in another rule's shape: `burst|<login>`, `<session>|<other account>`.
  const subject = w.subject.startsWith('burst|') ? w.subject.slice('burst|'.length) : w.subject;
  const keys = [`s:${subject}`];
  const ip = text(w.evidence.ip);
  const device = text(w.evidence.device)?.toLowerCase();
  if (ip && device) keys.push(`d:${ip}|${device}`);
  return keys;
}

/** A warning the judgement already made an incident of carries its reasons; an older one is its own reason. */
function reasonsOf(w: Warning): IncidentReason[] {
  const given = (w as Warning & { reasons?: IncidentReason[] }).reasons;
  if (Array.isArray(given) && given.length) return given;
  return [{ rule: w.rule, severity: w.severity, reason: w.reason, message: w.message, evidence: w.evidence }];
}

/**
 * An account's open warnings as incidents, worst first: warnings about the same subject, or the same device on
 * the same address, are one (union-find over their keys); a warning with `reasons` (the judgement's incident)
 * stands alone. The popup's cards and the badge count these, so the two agree.
 */
export function groupIncidents(accountId: string, warnings: Warning[], sessions: Session[]): Incident[] {
  const open = warnings.filter((w) => w.state === 'open');
  const parent = open.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] ?? i;
      parent[i] = parent[p] ?? p;
      i = p;
    }
    return i;
  };
  const owner = new Map<string, number>();
  const byIp = new Map<string, number[]>();
  const isIncident = (w: Warning) => Array.isArray((w as { reasons?: unknown }).reasons);
  open.forEach((w, i) => {
    if (isIncident(w)) return;
    for (const key of keysOf(w)) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
    const ip = text(w.evidence.ip);
    if (ip) byIp.set(ip, [...(byIp.get(ip) ?? []), i]);
  });
  // A finding that names an address but no device (a burst of failed sign-ins) is about whoever used it.
  open.forEach((w, i) => {
    const ip = text(w.evidence.ip);
    if (isIncident(w) || !ip || text(w.evidence.device)) return;
    for (const j of byIp.get(ip) ?? []) parent[find(j)] = find(i);
  });
  const groups = new Map<number, Warning[]>();
  open.forEach((w, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), w]);
  });
  const live = sessions.filter((s) => s.goneAt === undefined);
  const incidents: Incident[] = [];
  for (const members of groups.values()) {
    const sorted = [...members].sort((a, b) => rank[a.severity] - rank[b.severity]);
    const first = sorted[0];
    if (!first) continue;
    const lead = sorted.find((w) => text(w.evidence.device) || text(w.evidence.ip)) ?? first;
    const subjects = new Set(members.map((w) => w.subject));
    const devicesAt = new Set(members.flatMap(keysOf).filter((k) => k.startsWith('d:')));
    const keyOf = (s: Session) => `d:${s.ip}|${s.device.toLowerCase()}`;
    incidents.push({
      id: first.id,
      accountId,
      severity: sorted.reduce<Severity>((s, w) => worse(s, w.severity), 'low'),
      lead,
      warnings: sorted,
      reasons: sorted.flatMap(reasonsOf),
      sessionKeys: live.filter((s) => subjects.has(s.key) || devicesAt.has(keyOf(s))).map((s) => s.key),
    });
  }
  // Worst first; among equals, the one with more signals that matter (a stale-session note adds nothing).
  const weight = (i: Incident) => i.reasons.filter((r) => r.severity !== 'low').length;
  return incidents.sort((a, b) => rank[a.severity] - rank[b.severity] || weight(b) - weight(a));
}

/** Incidents the badge and the card count: high and medium. Low ones are notes, counted apart. */
export function countedIncidents(incidents: Incident[]): Incident[] {
  return incidents.filter((i) => i.severity !== 'low');
}
