import type { Finding, IncidentReason, Severity, StoredSession, StoredWarning } from './types';

export type { IncidentReason } from './types';

type Warning = StoredWarning;
type Session = Pick<StoredSession, 'key' | 'ip' | 'device' | 'goneAt'>;

/**
 * One intruder as the popup, the badge and notifications show it: one open stored warning. The judgement folds
 * each intruder's findings into one warning carrying every reason (src/core/incident.ts), and storage version 6
 * folded the open warnings stored before it, so a stored warning is an incident and nothing here groups again.
 */
export interface Incident {
  /** The warning's id: stable across reloads and judgings. */
  id: string;
  accountId: string;
  severity: Severity;
  /** The warning itself: its leading reason's row is what "This was me" trusts. */
  lead: Warning;
  /** The stored warnings the incident stands for (one); Dismiss and This was me answer them. */
  warnings: Warning[];
  /** Every reason with its evidence, the leading one first. */
  reasons: IncidentReason[];
  /** Live sessions the incident is about, by key (marked in the session table; "Sign out this session"). */
  sessionKeys: string[];
}

const rank: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A warning's reasons: the judgement's own, or (a finding of one rule) the warning itself. */
export function reasonsOf(w: Finding): IncidentReason[] {
  if (Array.isArray(w.reasons) && w.reasons.length) return w.reasons;
  return [
    {
      rule: w.rule,
      subject: w.subject,
      severity: w.severity,
      reason: w.reason,
      ...(w.message ? { message: w.message } : {}),
      evidence: w.evidence,
    },
  ];
}

/**
 * The live sessions some reasons are about: a session whose key is a reason's subject (or the session inside a
 * subject of another rule's shape: `moved|<session>`, `burst|<session>`, `<session>|<other account>`), or whose
 * device on its address is a reason's.
 */
export function sessionsAbout(sessions: Session[], reasons: Pick<IncidentReason, 'subject' | 'evidence'>[]): string[] {
  const subjects = new Set<string>();
  const rows = new Set<string>();
  for (const r of reasons) {
    if (r.subject) {
      subjects.add(r.subject);
      const cut = r.subject.indexOf('|');
      if (r.subject.startsWith('moved|') || r.subject.startsWith('burst|')) subjects.add(r.subject.slice(cut + 1));
    }
    const ip = text(r.evidence.ip);
    if (ip) rows.add(`${String(r.evidence.device ?? '')}\u0000${ip}`);
  }
  const out: string[] = [];
  for (const s of sessions) {
    if (s.goneAt !== undefined) continue;
    const isSubject = subjects.has(s.key) || [...subjects].some((x) => x.startsWith(`${s.key}|`));
    if (isSubject || (s.ip !== undefined && rows.has(`${s.device}\u0000${s.ip}`))) out.push(s.key);
  }
  return out;
}

/**
 * An account's open warnings as incidents, worst first (among equals, the one with more reasons that matter: a
 * stale-session note adds nothing). The popup's cards, the badge and notifications count these, so they agree.
 */
export function incidentsOfWarnings(accountId: string, warnings: Warning[], sessions: Session[]): Incident[] {
  const incidents = warnings
    .filter((w) => w.state === 'open')
    .map((w): Incident => {
      const reasons = reasonsOf(w);
      return {
        id: w.id,
        accountId,
        severity: w.severity,
        lead: w,
        warnings: [w],
        reasons,
        sessionKeys: sessionsAbout(sessions, [{ subject: w.subject, evidence: w.evidence }, ...reasons]),
      };
    });
  const weight = (i: Incident) => i.reasons.filter((r) => r.severity !== 'low').length;
  return incidents.sort((a, b) => rank[a.severity] - rank[b.severity] || weight(b) - weight(a));
}

/**
 * Reasons that are high signals on a session whatever the incident's severity: a rented network, failed sign-ins,
 * a weaker factor, another account's stranger, a copied or blocklisted session. Such a session is never trusted in
 * bulk ("These are all mine"); it is answered from its own warning.
 */
const HIGH_SIGNAL_RULES: ReadonlySet<string> = new Set([
  'hosting-ip',
  'copied-session',
  'blocklisted-ip',
  'weaker-second-factor',
  'failed-login-burst',
  'password-spraying',
  'cross-account',
  'impossible-travel',
]);

/**
 * Keys of the sessions an open warning gives a high signal: a reason above low from the rules above (or a stranger
 * in a new country, a dormant account woken), about the session itself (its key is the subject) or about its
 * device on its address.
 */
export function highSignalSessions(sessions: Session[], warnings: (Finding & { state?: string })[]): Set<string> {
  const signals: IncidentReason[] = [];
  for (const w of warnings) {
    if (w.state !== undefined && w.state !== 'open') continue;
    for (const r of [{ ...w, subject: w.subject }, ...reasonsOf(w)]) {
      // An unknown device alone is every session of a first scan: not a signal here.
      const isSignal =
        (HIGH_SIGNAL_RULES.has(r.rule) && r.severity !== 'low') ||
        ((r.rule === 'new-country' || r.rule === 'dormant-account') && r.severity === 'high');
      if (isSignal) signals.push(r);
    }
  }
  return new Set(signals.length ? sessionsAbout(sessions, signals) : []);
}

/** Incidents the badge and the card count: high and medium. Low ones are notes, counted apart. */
export function countedIncidents(incidents: Incident[]): Incident[] {
  return incidents.filter((i) => i.severity !== 'low');
}
