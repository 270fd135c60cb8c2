import { countedIncidents, groupIncidents, type Incident } from '../src/core/incidents';
import type { AccountView } from '../src/shared/contract';

export { countedIncidents, type Incident, type IncidentReason } from '../src/core/incidents';

type Session = AccountView['sessions'][number];

/** Rules that only say a session is not trusted yet: every session of a first scan has them. */
const NOT_YET_TRUSTED = new Set(['unknown-device', 'new-session']);

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The account's open warnings as incidents, worst first (src/core/incidents.ts). */
export function incidentsOf(view: AccountView): Incident[] {
  return groupIncidents(view.account.id, view.warnings, view.sessions);
}

/**
 * Sessions with a high signal beyond "not trusted yet" (a datacenter address, failed sign-ins, a weaker second
 * factor, another account's stranger): never ticked for "these are mine". Derived here from the open high
 * warnings' subjects and addresses until the overview carries the judgement's own flag.
 */
export function highSignalSessions(view: AccountView): Set<string> {
  const high = view.warnings.filter((w) => w.state === 'open' && w.severity === 'high' && !NOT_YET_TRUSTED.has(w.rule));
  const subjects = new Set(high.map((w) => (w.subject.startsWith('burst|') ? w.subject.slice(6) : w.subject)));
  const ips = new Set(high.map((w) => text(w.evidence.ip)).filter((x): x is string => x !== undefined));
  const flagged = new Set<string>();
  for (const s of view.sessions) {
    if (s.goneAt !== undefined) continue;
    if (subjects.has(s.key) || [...subjects].some((x) => x.startsWith(`${s.key}|`)) || (s.ip && ips.has(s.ip)))
      flagged.add(s.key);
  }
  return flagged;
}

/** Live sessions no open incident is about: the user's own devices, or at least nothing flagged. */
export function quietSessions(view: AccountView, incidents: Incident[]): Session[] {
  const flagged = new Set(incidents.flatMap((i) => i.sessionKeys));
  return view.sessions.filter((s) => s.goneAt === undefined && !flagged.has(s.key));
}

/** The popup's one line of health: how many accounts need attention, or when all were last checked. */
export function health(
  views: AccountView[],
):
  | { kind: 'attention'; needing: number; total: number }
  | { kind: 'good'; total: number; lastChecked: number }
  | undefined {
  if (!views.length) return undefined;
  const needing = views.filter((v) => countedIncidents(incidentsOf(v)).length > 0).length;
  if (needing) return { kind: 'attention', needing, total: views.length };
  return { kind: 'good', total: views.length, lastChecked: Math.min(...views.map((v) => v.account.lastScanAt)) };
}
