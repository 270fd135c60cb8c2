/**
 * When the watchdog checks an account by itself (opens the site's own security page in a background tab and reads
 * it), and what a check's result does to the next one. Pure: the worker's background-checks.ts does the tabs.
 */

export const CHECK_SCHEDULES = ['daily', 'weekly'] as const;
export type CheckSchedule = (typeof CHECK_SCHEDULES)[number];

/** read: a session or login list was read; signed-out: the page went to a sign-in page or showed no list in time. */
export type CheckResult = 'read' | 'signed-out' | 'failed';

/** What the worker remembers of one account's checks (storage.local, beside the settings). */
export interface CheckState {
  /** When the last check started, whatever its result. */
  lastAttemptAt?: number;
  lastResult?: CheckResult;
  /** When a check last read the account's page. */
  lastReadAt?: number;
  /** Signed-out results in a row; a read resets it. */
  signedOutStreak: number;
  /** Set after SIGNED_OUT_PAUSE_AFTER signed-out results in a row; choosing a schedule again clears it. */
  isPaused: boolean;
  /** Added to the period after each check, so checks do not line up on the hour (drawn by jitterFor). */
  jitterMs: number;
}

export type CheckLog = Record<string, CheckState>;

const HOUR = 3_600_000;
/** No more than one check an hour per account, whatever the schedule or however often the alarm fires. */
export const MIN_CHECK_INTERVAL_MS = HOUR;
export const CHECK_PERIOD_MS: Record<CheckSchedule, number> = { daily: 24 * HOUR, weekly: 7 * 24 * HOUR };
/** A check comes up to this share of its period late: up to 2.4 h for daily, 16.8 h for weekly. */
export const JITTER_SHARE = 0.1;
export const SIGNED_OUT_PAUSE_AFTER = 3;

export function isCheckSchedule(value: unknown): value is CheckSchedule {
  return (CHECK_SCHEDULES as readonly unknown[]).includes(value);
}

/** A delay in [0, JITTER_SHARE × period) from a number in [0, 1). */
export function jitterFor(schedule: CheckSchedule, random01: number): number {
  const r = Math.min(Math.max(random01, 0), 0.999_999);
  return Math.floor(r * CHECK_PERIOD_MS[schedule] * JITTER_SHARE);
}

/**
 * When the account is next checked, or undefined while paused. A check follows the last check or the user's own
 * scan (whichever is later) by one period plus the drawn jitter; after a failed attempt (no window to open a tab
 * in) it is tried again an hour later. Only the latest time counts, so a browser closed for many periods checks
 * once when it is back, not once per missed period.
 */
export function nextCheckAt(
  schedule: CheckSchedule,
  state: CheckState | undefined,
  lastScanAt: number,
): number | undefined {
  if (state?.isPaused) return undefined;
  const attempt = state?.lastAttemptAt;
  if (attempt !== undefined && state?.lastResult === 'failed') {
    return Math.max(attempt + MIN_CHECK_INTERVAL_MS, lastScanAt + CHECK_PERIOD_MS[schedule]);
  }
  const since = Math.max(attempt ?? Number.NEGATIVE_INFINITY, lastScanAt);
  return since + CHECK_PERIOD_MS[schedule] + (state?.jitterMs ?? 0);
}

export function isCheckDue(
  schedule: CheckSchedule,
  state: CheckState | undefined,
  lastScanAt: number,
  now: number,
): boolean {
  const at = nextCheckAt(schedule, state, lastScanAt);
  if (at === undefined || now < at) return false;
  // The hourly floor holds whatever the schedule, the jitter or a clock that moved.
  const attempt = state?.lastAttemptAt;
  return attempt === undefined || now - attempt >= MIN_CHECK_INTERVAL_MS;
}

export interface CheckCandidate {
  accountId: string;
  schedule: CheckSchedule;
  lastScanAt: number;
}

/** The accounts due now, longest overdue first (the worker checks them one at a time). */
export function dueChecks(candidates: CheckCandidate[], log: CheckLog, now: number): string[] {
  return candidates
    .filter((c) => isCheckDue(c.schedule, log[c.accountId], c.lastScanAt, now))
    .map((c) => ({ id: c.accountId, at: nextCheckAt(c.schedule, log[c.accountId], c.lastScanAt) ?? now }))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
    .map((c) => c.id);
}

/** The state after a check with this result; three signed-out results in a row pause the schedule. */
export function afterCheck(
  state: CheckState | undefined,
  result: CheckResult,
  schedule: CheckSchedule,
  now: number,
  random01: number,
): CheckState {
  const before = state?.signedOutStreak ?? 0;
  const streak = result === 'signed-out' ? before + 1 : result === 'read' ? 0 : before;
  const lastReadAt = result === 'read' ? now : state?.lastReadAt;
  return {
    lastAttemptAt: now,
    lastResult: result,
    ...(lastReadAt !== undefined ? { lastReadAt } : {}),
    signedOutStreak: streak,
    isPaused: streak >= SIGNED_OUT_PAUSE_AFTER,
    jitterMs: jitterFor(schedule, random01),
  };
}

/** Choosing a schedule (again) resumes a paused one: the user has signed in since, or wants it tried again. */
export function resumedCheck(state: CheckState | undefined): CheckState | undefined {
  if (!state) return undefined;
  return { ...state, signedOutStreak: 0, isPaused: false };
}

/** Whether a tab's state shows its navigation under way or done (see TabReading.hasStarted). */
export function hasTabStarted(tab: { url?: string; isComplete: boolean }): boolean {
  return !tab.isComplete || (tab.url !== undefined && tab.url !== '' && tab.url !== 'about:blank');
}

export interface TabReading {
  /** The tab's URL as the browser shows it to the extension: absent when the page is on a host it may not read. */
  url?: string;
  isComplete: boolean;
  /**
   * The tab was seen loading, or at a real URL. Before its navigation starts a new tab is a finished blank page:
   * Chromium shows its URL as empty, Firefox as about:blank, or not at all without the `tabs` permission.
   */
  hasStarted: boolean;
  /** The content script's reading of this tab held a session or login list. */
  hasReading: boolean;
  elapsedMs: number;
}

/** How long a check waits for the page's list before calling the account signed out. */
export const PAGE_TIMEOUT_MS = 30_000;

/**
 * What a check tab says so far. A list read is a result at once; a finished page that left the site's security
 * pages (a sign-in page, or a host the extension may not see) is signed out; a security page that shows no list
 * within the timeout is signed out too (a sign-in form drawn in place). The check never types into any page.
 */
export function tabOutcome(
  tab: TabReading,
  isSecurityPage: (url: string) => boolean,
  timeoutMs = PAGE_TIMEOUT_MS,
): 'read' | 'signed-out' | 'wait' {
  if (tab.hasReading) return 'read';
  const isBlank = tab.url === '' || tab.url === 'about:blank';
  if (tab.hasStarted && tab.isComplete && !isBlank && (tab.url === undefined || !isSecurityPage(tab.url))) {
    return 'signed-out';
  }
  return tab.elapsedMs >= timeoutMs ? 'signed-out' : 'wait';
}
