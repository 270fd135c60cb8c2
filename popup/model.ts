import { computed, signal } from '@preact/signals';
import type { AccountView, ResponseOf, Transport } from '../src/shared/contract';
import type { EmergencyState } from '../src/shared/emergency';
import type { EmergencyStep } from '../src/shared/emergency-steps';

const DAY = 86_400_000;
/** Weekly device review is what the seed articles recommend; past this the card nudges. */
export const REVIEW_EVERY_DAYS = 7;

const rank = { high: 0, medium: 1, low: 2 } as const;

/** Live sessions only: the ones a site still lists. */
export function currentSessions(view: AccountView): AccountView['sessions'] {
  return view.sessions.filter((s) => s.goneAt === undefined);
}

/** Worst first: the account with the most severe open warning, then the most open warnings, then the latest scan. */
export function byWorst(a: AccountView, b: AccountView): number {
  const worst = (v: AccountView) =>
    Math.min(3, ...v.warnings.filter((w) => w.state === 'open').map((w) => rank[w.severity]));
  return worst(a) - worst(b) || b.openWarningCount - a.openWarningCount || b.account.lastScanAt - a.account.lastScanAt;
}

/** Days since the account was last reviewed (or, never reviewed, since it was first seen); undefined while fresh. */
export function overdueDays(view: AccountView, now: number): number | undefined {
  const since = view.account.lastReviewedAt ?? view.account.firstScanAt;
  const days = Math.floor((now - since) / DAY);
  return days >= REVIEW_EVERY_DAYS ? days : undefined;
}

/**
 * "These are all mine" is offered on a first scan with live sessions and open warnings, until the account is
 * reviewed (using it marks the account reviewed).
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
  | { kind: 'trusted'; change: ResponseOf<'trustFromWarning'>['change']; name: string }
  | { kind: 'allMine'; created: number; widened: number };

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The popup's state and actions; the transport is injected so the model runs in tests without a browser. */
export function createPopupModel(transport: Transport, now: () => number = Date.now) {
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
    return Promise.all([load(), loadEmergency()]).then(() => undefined);
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
      error.value = message(err);
    } finally {
      isLoading.value = false;
    }
  }

  async function loadEmergency(): Promise<void> {
    try {
      emergency.value = (await transport('getEmergency', {})).checklists;
    } catch (err) {
      error.value = message(err);
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
      failure = message(err);
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

  function setWarningState(id: string, state: 'acknowledged' | 'dismissed'): Promise<void> {
    return act(id, async () => {
      const view = accounts.value.find((a) => a.warnings.some((w) => w.id === id));
      await transport('setWarningState', { id, state });
      if (view) await reviewedIfClear(view.account.id, view.openWarningCount - 1);
    });
  }

  function thisWasMe(id: string): Promise<void> {
    return act(id, async () => {
      const view = accounts.value.find((a) => a.warnings.some((w) => w.id === id));
      const r = await transport('trustFromWarning', { id });
      notice.value = { kind: 'trusted', change: r.change, name: r.trustedDeviceName };
      if (view) await reviewedIfClear(view.account.id, r.openWarnings);
    });
  }

  function trustAll(accountId: string): Promise<void> {
    return act(`all:${accountId}`, async () => {
      const r = await transport('trustAccountSessions', { accountId });
      notice.value = { kind: 'allMine', created: r.created, widened: r.widened };
    });
  }

  function markReviewed(accountId: string): Promise<void> {
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

  async function logOutAll(accountId: string): Promise<void> {
    try {
      await transport('openDevicesPage', { accountId });
    } catch (err) {
      error.value = message(err);
    }
  }

  async function saveChecklist(accountId: string, checklist: EmergencyState[string] | null): Promise<void> {
    try {
      emergency.value = (await transport('saveEmergency', { accountId, checklist })).checklists;
    } catch (err) {
      error.value = message(err);
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
    load,
    loadEmergency,
    refresh,
    setWarningState,
    thisWasMe,
    trustAll,
    markReviewed,
    setBackgroundCheck,
    logOutAll,
    openEmergency,
    closeEmergency,
    toggleStep,
    endEmergency,
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
