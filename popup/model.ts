import { computed, signal } from '@preact/signals';
import type { AccountView, ResponseOf, Transport } from '../src/shared/contract';
import type { EmergencyState } from '../src/shared/emergency';
import type { EmergencyStep } from '../src/shared/emergency-steps';
import { errorText } from '../src/ui/i18n';
import { countedIncidents, highSignalSessions, type Incident, incidentsOf } from './incidents';

const DAY = 86_400_000;
/** Weekly device review is what the seed articles recommend; past this the card nudges. */
export const REVIEW_EVERY_DAYS = 7;

const rank = { high: 0, medium: 1, low: 2 } as const;

/** Live sessions only: the ones a site still lists. */
export function currentSessions(view: AccountView): AccountView['sessions'] {
  return view.sessions.filter((s) => s.goneAt === undefined);
}

/** Worst first: the account with the most severe open incident, then the most incidents, then the latest scan. */
export function byWorst(a: AccountView, b: AccountView): number {
  const worst = (v: AccountView) =>
    Math.min(3, ...v.warnings.filter((w) => w.state === 'open').map((w) => rank[w.severity]));
  const count = (v: AccountView) => countedIncidents(incidentsOf(v)).length;
  return worst(a) - worst(b) || count(b) - count(a) || b.account.lastScanAt - a.account.lastScanAt;
}

/** How long Dismiss and "This was me" offer Undo in the notice (the "Dismissed and trusted" list keeps it). */
export const UNDO_MS = 10_000;

/** Open high incidents: while there are any, "Mark reviewed" asks first. */
export function openHighIncidents(view: AccountView): number {
  return incidentsOf(view).filter((i) => i.severity === 'high').length;
}

/**
 * The sessions ticked at first in the first-scan checklist: only this browser's own session, and never one with a
 * high signal (a datacenter address, failed sign-ins…) even if the page calls it current.
 */
export function initialPicks(view: AccountView): Set<string> {
  const risky = highSignalSessions(view);
  return new Set(
    currentSessions(view)
      .filter((s) => s.isCurrent && !risky.has(s.key))
      .map((s) => s.key),
  );
}

/** Days since the account was last reviewed (or, never reviewed, since it was first seen); undefined while fresh. */
export function overdueDays(view: AccountView, now: number): number | undefined {
  const since = view.account.lastReviewedAt ?? view.account.firstScanAt;
  const days = Math.floor((now - since) / DAY);
  return days >= REVIEW_EVERY_DAYS ? days : undefined;
}

/**
 * The first-scan checklist ("which of these sessions are yours?") is offered on a first scan with live sessions and
 * open warnings, until the account is reviewed (trusting from it marks the account reviewed).
 */
export function canTrustAll(view: AccountView): boolean {
  return (
    view.account.scanCount === 1 &&
    view.account.lastReviewedAt === undefined &&
    currentSessions(view).length > 0 &&
    view.openWarningCount > 0
  );
}

export type Notice =
  | {
      kind: 'answered';
      change: ResponseOf<'answerIncident'>['change'];
      name: string;
      label: string;
      /** Set while Undo is offered (UNDO_MS). */
      answerId?: string;
      /** What "This was me" trusted when the address could not be (masked or missing). */
      trustNotice?: ResponseOf<'answerIncident'>['notice'];
    }
  | { kind: 'undone'; label: string }
  | { kind: 'allMine'; created: number; widened: number };

/** The popup's state and actions; the transport is injected so the model runs in tests without a browser. */
export function createPopupModel(transport: Transport, now: () => number = Date.now) {
  /** Incidents per account, worst first (popup/incidents.ts). */
  const incidents = computed(() => new Map(accounts.value.map((v) => [v.account.id, incidentsOf(v)])));
  /** What "Dismissed and trusted" lists: the recorded answers, newest first. */
  const answers = signal<ResponseOf<'getAnswers'>['answers']>([]);
  /** Sessions ticked in each account's first-scan checklist (absent: the initial picks). */
  const picks = signal<ReadonlyMap<string, ReadonlySet<string>>>(new Map());
  /** The account whose first-scan trust or "Mark reviewed" waits for a confirmation. */
  const confirming = signal<{ accountId: string; what: 'trust' | 'review' } | undefined>(undefined);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  let isUndoHeld = false;
  /** A warning id the page was opened on (a notification's click): its incident is scrolled to and focused. */
  const focusWarning = signal<string | undefined>(undefined);
  const accounts = signal<AccountView[]>([]);
  const badgeCount = signal(0);
  const isLoading = signal(true);
  const error = signal<string | undefined>(undefined);
  const notice = signal<Notice | undefined>(undefined);
  /** The worker could not save the last scan (disk full…); older data is kept. */
  const storageProblem = signal<string | undefined>(undefined);
  /** Due items of the user's security checklist. */
  const checklistOverdue = signal<{ account: string; item: string; reason: string }[]>([]);
  const emergency = signal<EmergencyState>({});
  /** The account whose emergency checklist is open, if any. */
  const emergencyFor = signal<string | undefined>(undefined);
  /** Warning ids with an action on its way, so a double click sends once. */
  const busy = signal<ReadonlySet<string>>(new Set());
  const isEmpty = computed(() => !isLoading.value && !error.value && accounts.value.length === 0);
  const sorted = computed(() => [...accounts.value].sort(byWorst));

  let loading: Promise<void> | undefined;
  let reloading: Promise<void> | undefined;
  /**
   * Reads the overview. A load asked for while one is on its way runs once more after it (however many were
   * asked), so the view ends on data at least as new as the last change it heard of.
   */
  function load(): Promise<void> {
    if (!loading) {
      loading = loadOnce().finally(() => {
        loading = undefined;
      });
      return loading;
    }
    reloading ??= loading.then(() => {
      reloading = undefined;
      return load();
    });
    return reloading;
  }

  /** The stored data, the settings or the checklists changed somewhere: show them as they are now. */
  function refresh(): Promise<void> {
    return Promise.all([load(), loadEmergency(), loadAnswers()]).then(() => undefined);
  }

  async function loadOnce(): Promise<void> {
    try {
      const overview = await transport('getOverview', {});
      accounts.value = overview.accounts;
      badgeCount.value = overview.badgeCount;
      storageProblem.value = overview.storageProblem;
      checklistOverdue.value = overview.checklistOverdue ?? [];
      error.value = undefined;
    } catch (err) {
      error.value = errorText(err);
    } finally {
      isLoading.value = false;
    }
  }

  async function loadEmergency(): Promise<void> {
    try {
      emergency.value = (await transport('getEmergency', {})).checklists;
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** Runs an action once per key at a time, shows its error, and reloads the view. */
  async function act(key: string, run: () => Promise<void>): Promise<void> {
    if (busy.value.has(key)) return;
    busy.value = new Set([...busy.value, key]);
    let failure: string | undefined;
    try {
      await run();
    } catch (err) {
      failure = errorText(err);
    } finally {
      const next = new Set(busy.value);
      next.delete(key);
      busy.value = next;
    }
    await load();
    // The reload clears old errors; the action's own error must outlive it.
    if (failure) error.value = failure;
  }

  /** Acting on the last open warning of an account is a review of it. */
  async function reviewedIfClear(accountId: string, openWarnings: number): Promise<void> {
    if (openWarnings === 0) await transport('markReviewed', { accountId });
  }

  async function loadAnswers(): Promise<void> {
    try {
      answers.value = (await transport('getAnswers', {})).answers;
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** Dismiss or "This was me" on a whole incident; the notice offers Undo for UNDO_MS. */
  function answer(incident: Incident, kind: 'dismissed' | 'mine'): Promise<void> {
    return act(incident.id, async () => {
      const view = accounts.value.find((a) => a.account.id === incident.accountId);
      const r = await transport('answerIncident', { warningIds: incident.warnings.map((w) => w.id), answer: kind });
      const ev = incident.lead.evidence;
      const label = [ev.device, ev.ip].filter((x): x is string => typeof x === 'string' && x !== '').join(' · ');
      notice.value = {
        kind: 'answered',
        change: r.change,
        name: r.trustedDeviceName,
        label,
        answerId: r.answerId,
        ...(r.notice ? { trustNotice: r.notice } : {}),
      };
      if (undoTimer !== undefined) clearTimeout(undoTimer);
      const expire = () => {
        // Not while the user is on the button (focused or pointed at): a timed control must wait for them.
        if (isUndoHeld) {
          undoTimer = setTimeout(expire, UNDO_MS);
          return;
        }
        const n = notice.value;
        if (n?.kind === 'answered' && n.answerId === r.answerId) notice.value = { ...n, answerId: undefined };
      };
      undoTimer = setTimeout(expire, UNDO_MS);
      if (view) await reviewedIfClear(view.account.id, r.openWarnings);
      await loadAnswers();
    });
  }

  /** The Undo button has focus or the pointer: it stays past UNDO_MS until released. */
  function holdUndo(isHeld: boolean): void {
    isUndoHeld = isHeld;
  }

  function undo(answerId: string): Promise<void> {
    return act(`undo:${answerId}`, async () => {
      const r = await transport('undoAnswer', { answerId });
      notice.value = { kind: 'undone', label: r.label };
      await loadAnswers();
    });
  }

  function picksOf(view: AccountView): ReadonlySet<string> {
    return picks.value.get(view.account.id) ?? initialPicks(view);
  }

  function togglePick(view: AccountView, key: string, isMine: boolean): void {
    const next = new Set(picksOf(view));
    if (isMine) next.add(key);
    else next.delete(key);
    picks.value = new Map([...picks.value, [view.account.id, next]]);
    if (confirming.value?.accountId === view.account.id) confirming.value = undefined;
  }

  /** The first-scan checklist's button: asks first, then trusts exactly the ticked sessions. */
  function trustPicked(view: AccountView, isConfirmed: boolean): Promise<void> {
    const accountId = view.account.id;
    const sessionKeys = [...picksOf(view)];
    if (!sessionKeys.length) return Promise.resolve();
    if (!isConfirmed) {
      confirming.value = { accountId, what: 'trust' };
      return Promise.resolve();
    }
    confirming.value = undefined;
    return act(`all:${accountId}`, async () => {
      const r = await transport('trustAccountSessions', { accountId, sessionKeys });
      notice.value = { kind: 'allMine', created: r.created, widened: r.widened };
    });
  }

  /** While high incidents are open, asks first. */
  function markReviewed(accountId: string, isConfirmed = false): Promise<void> {
    const view = accounts.value.find((a) => a.account.id === accountId);
    if (!isConfirmed && view && openHighIncidents(view) > 0) {
      confirming.value = { accountId, what: 'review' };
      return Promise.resolve();
    }
    confirming.value = undefined;
    return act(`review:${accountId}`, async () => {
      await transport('markReviewed', { accountId });
    });
  }

  /** "Check this account by itself": daily, weekly or off; choosing again resumes a paused schedule. */
  function setBackgroundCheck(accountId: string, schedule: 'off' | 'daily' | 'weekly'): Promise<void> {
    return act(`check:${accountId}`, async () => {
      await transport('setBackgroundCheck', { accountId, schedule });
    });
  }

  function cancelConfirm(): void {
    confirming.value = undefined;
  }

  async function logOutAll(accountId: string): Promise<void> {
    try {
      await transport('openDevicesPage', { accountId });
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** Opens the site's page with the guide outlining the incident's session row's own sign-out control. */
  async function signOutSession(incident: Incident): Promise<void> {
    const sessionKey = incident.sessionKeys[0];
    try {
      await transport('openDevicesPage', {
        accountId: incident.accountId,
        ...(sessionKey !== undefined ? { sessionKey } : {}),
      });
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** "Delete this key" / "Remove this address": the site's page, that row's own control outlined there. */
  async function openBackdoorPage(accountId: string, target: { apiKeyId?: string; addressId?: string }): Promise<void> {
    try {
      await transport('openDevicesPage', { accountId, ...target });
    } catch (err) {
      error.value = errorText(err);
    }
  }

  async function saveChecklist(accountId: string, checklist: EmergencyState[string] | null): Promise<void> {
    try {
      emergency.value = (await transport('saveEmergency', { accountId, checklist })).checklists;
    } catch (err) {
      error.value = errorText(err);
    }
  }

  /** Opens the checklist; the first time for an account it records when the emergency started. */
  async function openEmergency(accountId: string): Promise<void> {
    emergencyFor.value = accountId;
    if (!emergency.value[accountId]) await saveChecklist(accountId, { startedAt: now(), done: [] });
  }

  function closeEmergency(): void {
    emergencyFor.value = undefined;
  }

  async function toggleStep(accountId: string, step: EmergencyStep, isDone: boolean): Promise<void> {
    const current = emergency.value[accountId] ?? { startedAt: now(), done: [] };
    const done = isDone ? [...new Set([...current.done, step])] : current.done.filter((s) => s !== step);
    await saveChecklist(accountId, { startedAt: current.startedAt, done });
  }

  async function endEmergency(accountId: string): Promise<void> {
    await saveChecklist(accountId, null);
    emergencyFor.value = undefined;
  }

  return {
    accounts,
    /** The worker's transport, for the models of controls loaded after the first paint ("Scan this page"). */
    transport,
    storageProblem,
    checklistOverdue,
    sorted,
    badgeCount,
    isLoading,
    error,
    notice,
    busy,
    isEmpty,
    emergency,
    emergencyFor,
    now,
    incidents,
    answers,
    focusWarning,
    confirming,
    load,
    loadEmergency,
    refresh,
    setBackgroundCheck,
    loadAnswers,
    answer,
    undo,
    holdUndo,
    picksOf,
    togglePick,
    trustPicked,
    markReviewed,
    cancelConfirm,
    logOutAll,
    signOutSession,
    openBackdoorPage,
    openEmergency,
    closeEmergency,
    toggleStep,
    endEmergency,
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
