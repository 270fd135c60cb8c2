import { countedIncidents, type Incident, incidentsOfWarnings } from '../src/core/incidents';
import type { AccountView } from '../src/shared/contract';

export { countedIncidents, type Incident, type IncidentReason } from '../src/core/incidents';

type Session = AccountView['sessions'][number];

/**
 * Each view's incidents, worked out once: an answer's views are never changed (a new answer brings new ones), and
 * sorting the cards, the health line and each card ask for them again (the sort alone some 180 times for 20
 * accounts, a third of the popup's first render). Callers only read what they get.
 */
const incidentsByView = new WeakMap<AccountView, Incident[]>();

/** The account's open warnings as incidents, worst first (src/core/incidents.ts: one stored warning, one intruder). */
export function incidentsOf(view: AccountView): Incident[] {
  let incidents = incidentsByView.get(view);
  if (!incidents) {
    incidents = incidentsOfWarnings(view.account.id, view.warnings, view.sessions);
    incidentsByView.set(view, incidents);
  }
  return incidents;
}

/**
 * Sessions with a high signal beyond "not trusted yet" (a datacenter address, failed sign-ins, a weaker second
 * factor, another account's stranger): never ticked for "these are mine". The worker's judgement gives them with the
 * overview (`highSignalKeys`), by the same test it refuses them with.
 */
export function highSignalSessions(view: AccountView): Set<string> {
  return new Set(view.highSignalKeys ?? []);
}

/**
 * A low note that only asks whether a session the account came with is the user's (nothing about its network or
 * place stands out: src/core/rules/unknown-device.ts). While the first-scan checklist is shown, that is where it is
 * answered.
 */
export function isYoursQuestion(i: Incident): boolean {
  return i.severity === 'low' && i.reasons.every((r) => r.evidence.isFromFirstScan === true);
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
