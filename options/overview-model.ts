/**
 * The Overview section's reading of the stored accounts, and what "Save a report" puts in the file: pure functions
 * of the worker's answers, so they are tested without a browser.
 */
import { bySeverity, countsOnBadge } from '../src/core/evaluate';
import {
  buildSupportReport,
  intruderRows,
  type ReportAction,
  type ReportInput,
  reportFileName,
} from '../src/core/support-report';
import type { StoredLogin, StoredWarning } from '../src/core/types';
import type { AccountView, ResponseOf, Transport } from '../src/shared/contract';
import type { EmergencyChecklist } from '../src/shared/emergency';
import type { UserAction } from '../src/shared/user-actions';

export interface AccountHealth {
  view: AccountView;
  /** Open high and medium warnings, worst first: what the badge counts. */
  open: StoredWarning[];
  /** Open low notes, counted apart. */
  lowCount: number;
}

export interface Overview {
  accounts: AccountHealth[];
  /** Accounts with at least one open high or medium warning. */
  needingAttention: number;
  /** The latest scan of any account. */
  lastCheckedAt: number | undefined;
}

const rank = { high: 0, medium: 1, low: 2 } as const;

/** Accounts worst first: most open high warnings, then medium, then the most recently scanned. */
export function overviewOf(views: AccountView[]): Overview {
  const accounts = views.map((view) => {
    const open = view.warnings
      .filter(countsOnBadge)
      .sort((a, b) => bySeverity(a, b) || b.lastRaisedAt - a.lastRaisedAt);
    const lowCount = view.warnings.filter((w) => w.state === 'open' && w.severity === 'low').length;
    return { view, open, lowCount };
  });
  const worst = (h: AccountHealth) => (h.open[0] ? rank[h.open[0].severity] : 3);
  const count = (h: AccountHealth, s: 'high' | 'medium') => h.open.filter((w) => w.severity === s).length;
  accounts.sort(
    (a, b) =>
      worst(a) - worst(b) ||
      count(b, 'high') - count(a, 'high') ||
      count(b, 'medium') - count(a, 'medium') ||
      b.view.account.lastScanAt - a.view.account.lastScanAt,
  );
  const times = views.map((v) => v.account.lastScanAt);
  return {
    accounts,
    needingAttention: accounts.filter((a) => a.open.length > 0).length,
    lastCheckedAt: times.length ? Math.max(...times) : undefined,
  };
}

/** The words the report's record of actions uses, in the reader's language. */
export interface ActionWords {
  checklistStarted: string;
  /** `{1}`: the step's name; for ticks stored before their times were recorded (listed at the checklist's start). */
  stepDone: (step: string) => string;
  stepTicked: (step: string) => string;
  stepUnticked: (step: string) => string;
  stepName: (step: EmergencyChecklist['done'][number]) => string;
  logOutAllOpened: string;
  /** The session's device and address, as the page listed them. */
  signOutOpened: (device: string, ip: string) => string;
  markedReviewed: string;
  /** `{1}`: the warning's reason. */
  acknowledged: (reason: string) => string;
  dismissed: (reason: string) => string;
}

/**
 * What the user did about the account, with times, oldest first: the emergency checklist started and each tick and
 * untick when it happened (a tick the worker has no time for, from before it recorded them, is listed at the
 * checklist's start and says so), the site's log-out page opened, warnings answered ("This was me", Dismiss), the
 * last review.
 */
export function actionsOf(
  view: AccountView,
  checklist: EmergencyChecklist | undefined,
  words: ActionWords,
  recorded: UserAction[] = [],
): ReportAction[] {
  const out: ReportAction[] = [];
  const timed = new Set<string>();
  for (const a of recorded) {
    if (a.accountId !== view.account.id) continue;
    if (a.kind === 'logOutAllOpened') out.push({ at: a.at, text: words.logOutAllOpened });
    else if (a.kind === 'signOutOpened')
      out.push({ at: a.at, text: words.signOutOpened(a.device || '—', a.ip || '—') });
    else {
      timed.add(a.step);
      const name = words.stepName(a.step);
      out.push({ at: a.at, text: a.kind === 'stepTicked' ? words.stepTicked(name) : words.stepUnticked(name) });
    }
  }
  if (checklist) {
    out.push({ at: checklist.startedAt, text: words.checklistStarted });
    for (const step of checklist.done) {
      if (!timed.has(step)) out.push({ at: checklist.startedAt, text: words.stepDone(words.stepName(step)) });
    }
  }
  for (const w of view.warnings) {
    if (w.state === 'acknowledged') out.push({ at: w.stateChangedAt, text: words.acknowledged(w.reason) });
    if (w.state === 'dismissed') out.push({ at: w.stateChangedAt, text: words.dismissed(w.reason) });
  }
  if (view.account.lastReviewedAt !== undefined)
    out.push({ at: view.account.lastReviewedAt, text: words.markedReviewed });
  // Stable: equal times keep the order above (the checklist started before its first tick).
  return out.sort((a, b) => a.at - b.at);
}

/**
 * The warnings a report is about: the open high and medium ones, else (the user already answered them) every
 * warning that is not resolved, so a report made after "Dismiss" still names the intruder.
 */
export function reportWarnings(view: AccountView): StoredWarning[] {
  const open = view.warnings.filter(countsOnBadge);
  const chosen = open.length ? open : view.warnings.filter((w) => w.state !== 'resolved' && w.severity !== 'low');
  return [...chosen].sort(bySeverity);
}

/** Addresses and places the report's rows name: what to ask the worker's tables about. */
export function lookupsFor(rows: { ip?: string; location?: string }[]): { ips: string[]; locations: string[] } {
  const ips = new Set<string>();
  const locations = new Set<string>();
  for (const r of rows) {
    if (r.ip) ips.add(r.ip);
    if (r.location) locations.add(r.location);
  }
  return { ips: [...ips].slice(0, 5000), locations: [...locations].slice(0, 5000) };
}

/** Everything the report builder needs, from the worker's answers. */
export function reportInputFor(args: {
  view: AccountView;
  logins: StoredLogin[];
  networks: ResponseOf<'lookupPlaces'>['networks'];
  checklist: EmergencyChecklist | undefined;
  /** What the worker recorded the user doing (getActions). */
  actions?: UserAction[];
  now: number;
  language: string;
  isRtl: boolean;
  timeZone: string;
  labels: ReportInput['labels'];
  words: ActionWords;
}): ReportInput {
  const { view } = args;
  const warnings = reportWarnings(view);
  const rows = intruderRows(warnings, view.sessions, args.logins);
  const providers = new Map(args.networks.map((n) => [n.ip, n.provider]));
  for (const w of warnings) {
    if (typeof w.evidence.ip === 'string' && typeof w.evidence.provider === 'string') {
      providers.set(w.evidence.ip, w.evidence.provider);
    }
  }
  return {
    generatedAt: args.now,
    language: args.language,
    isRtl: args.isRtl,
    timeZone: args.timeZone,
    siteName: view.siteName,
    accountHint: view.account.hint,
    accountId: view.account.id,
    warnings,
    sessions: rows.sessions,
    logins: rows.logins,
    actions: actionsOf(view, args.checklist, args.words, args.actions),
    ...(view.backdoors
      ? {
          apiKeys: view.backdoors.apiKeys.map((k) => ({
            label: k.label,
            ...(k.masked ? { masked: k.masked } : {}),
            detail: k.permissions.join(', '),
            isConfirmed: k.isConfirmed,
          })),
          whitelist: view.backdoors.whitelist.map((w) => ({
            ...(w.label ? { label: w.label } : {}),
            ...(w.masked ? { masked: w.masked } : {}),
            ...(w.network ? { detail: w.network } : {}),
            isConfirmed: w.isConfirmed,
          })),
        }
      : {}),
    providerOf: (ip) => providers.get(ip),
    labels: args.labels,
  };
}

/** The contract's MAX_LOGINS_PER_REQUEST (a test holds them equal): importing the value would bring zod into the page's first chunk. */
export const REPORT_LOGINS = 5000;

export interface ReportDeps {
  transport: Transport;
  download: (fileName: string, mimeType: string, text: string) => void;
  now: () => number;
  language: string;
  isRtl: boolean;
  timeZone: string;
  labels: ReportInput['labels'];
  words: ActionWords;
}

/** "Save a report": asks the worker for the account's sign-ins and the providers of their addresses, builds the file, saves it. */
export async function saveReport(deps: ReportDeps, view: AccountView, checklist: EmergencyChecklist | undefined) {
  const { logins } = await deps.transport('getLogins', { accountId: view.account.id, limit: REPORT_LOGINS });
  const rows = intruderRows(reportWarnings(view), view.sessions, logins);
  const { ips } = lookupsFor([...rows.sessions, ...rows.logins]);
  const { networks } = ips.length ? await deps.transport('lookupPlaces', { ips, locations: [] }) : { networks: [] };
  const { actions } = await deps.transport('getActions', { accountId: view.account.id });
  const now = deps.now();
  const html = buildSupportReport(reportInputFor({ ...deps, view, logins, networks, checklist, actions, now }));
  const fileName = reportFileName(view.siteName, view.account.hint, now);
  deps.download(fileName, 'text/html', html);
  return fileName;
}
