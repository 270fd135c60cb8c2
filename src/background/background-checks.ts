import {
  afterCheck,
  type CheckLog,
  type CheckResult,
  type CheckSchedule,
  type CheckState,
  dueChecks,
  hasTabStarted,
  PAGE_TIMEOUT_MS,
  tabOutcome,
} from '../core/background-check';
import { type SiteDefinition, siteForUrl } from '../core/sites';
import type { Account } from '../core/types';
import type { Settings } from '../shared/settings';

export const CHECK_ALARM = 'background-checks';
/** How often the alarm asks whether a check is due; checks themselves come daily or weekly, an hour apart at least. */
export const CHECK_TICK_MINUTES = 30;
const POLL_MS = 500;

/** The browser as a check needs it: injected so the whole check runs in tests with fakes. */
export interface CheckServices {
  settings: () => Promise<Settings>;
  accounts: () => Promise<Account[]>;
  siteOf: (siteId: string, settings: Settings) => SiteDefinition | undefined;
  /** Whether the site's pages can be read (a custom site's host granted); a check of one that cannot fails. */
  canRead: (site: SiteDefinition) => Promise<boolean>;
  loadLog: () => Promise<CheckLog>;
  saveLog: (log: CheckLog) => Promise<void>;
  tabs: {
    /** Opens the page in an inactive tab of the user's current window; answers its id. */
    open: (url: string) => Promise<number>;
    /** The tab's URL (absent on hosts the extension cannot see) and load state; undefined once it is closed. */
    state: (tabId: number) => Promise<{ url?: string; isComplete: boolean } | undefined>;
    close: (tabId: number) => Promise<void>;
  };
  /** True while the screen is locked, where the browser tells (Chromium); a locked screen skips the run. */
  isScreenLocked: () => Promise<boolean>;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  pageTimeoutMs?: number;
}

export interface CheckRun {
  skipped?: 'screen-locked';
  checked: { accountId: string; result: CheckResult }[];
}

/** The pages a check opens: the device list, then the login history where the site keeps it on a page of its own. */
export function checkPages(site: SiteDefinition): string[] {
  const history = site.links.loginHistory;
  return history && history !== site.links.devices ? [site.links.devices, history] : [site.links.devices];
}

const FRESH: CheckState = { signedOutStreak: 0, isPaused: false, jitterMs: 0 };

/**
 * Background checks: on the alarm (and once at browser start), each account whose schedule is due has its site's
 * own security pages opened in a background tab, one site at a time; the content script reads the page as on a
 * visit (recordPage), the worker stores it marked as a background check and tells this module through noteReading,
 * and the tab is closed whatever happened. Nothing is typed, filled or submitted: a sign-in page is a result.
 */
export function createBackgroundChecks(s: CheckServices) {
  /** Tabs a check opened and waits on → the account their reading was stored for. */
  const waiting = new Map<number, { accountId?: string }>();
  let running: Promise<CheckRun> | undefined;

  async function checkPage(url: string, site: SiteDefinition, accountId: string): Promise<CheckResult> {
    const started = s.now();
    const tabId = await s.tabs.open(url);
    const entry: { accountId?: string } = {};
    waiting.set(tabId, entry);
    try {
      const isSecurityPage = (u: string) => siteForUrl(u, [site]) === site;
      let hasStarted = false;
      for (;;) {
        const tab = await s.tabs.state(tabId);
        // Closed under the check (by the user, or with its window): nothing to conclude about the session.
        if (!tab) return entry.accountId === accountId ? 'read' : 'failed';
        hasStarted ||= hasTabStarted(tab);
        const outcome = tabOutcome(
          { ...tab, hasStarted, hasReading: entry.accountId !== undefined, elapsedMs: s.now() - started },
          isSecurityPage,
          s.pageTimeoutMs ?? PAGE_TIMEOUT_MS,
        );
        // A reading stored for another account of the site: this one is not the account signed in.
        if (outcome === 'read') return entry.accountId === accountId ? 'read' : 'signed-out';
        if (outcome === 'signed-out') return outcome;
        await s.sleep(POLL_MS);
      }
    } finally {
      waiting.delete(tabId);
      await s.tabs.close(tabId);
    }
  }

  async function checkAccount(site: SiteDefinition, accountId: string): Promise<CheckResult> {
    const [first, ...rest] = checkPages(site);
    const result = await checkPage(first as string, site, accountId);
    // The login history adds to a check that read the device list; its own outcome changes nothing.
    if (result === 'read') for (const url of rest) await checkPage(url, site, accountId).catch(() => 'failed');
    return result;
  }

  async function runDue(): Promise<CheckRun> {
    const settings = await s.settings();
    const schedules = settings.backgroundChecks ?? {};
    if (Object.keys(schedules).length === 0) return { checked: [] };
    const [accounts, log] = await Promise.all([s.accounts(), s.loadLog()]);
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const candidates = accounts.flatMap((a) => {
      const schedule = schedules[a.id];
      if (!schedule || settings.disabledSites.includes(a.siteId)) return [];
      return [{ accountId: a.id, schedule, lastScanAt: a.lastScanAt }];
    });
    const due = dueChecks(candidates, log, s.now());
    if (due.length === 0) return { checked: [] };
    if (await s.isScreenLocked()) return { skipped: 'screen-locked', checked: [] };
    const checked: CheckRun['checked'] = [];
    for (const accountId of due) {
      const account = byId.get(accountId);
      const site = account && s.siteOf(account.siteId, settings);
      const schedule = schedules[accountId] as CheckSchedule;
      if (!site) continue;
      const startedAt = s.now();
      const before = log[accountId];
      // The attempt is written before the tab opens: a worker stopped mid-check does not check again within the hour.
      await save(accountId, { ...(before ?? FRESH), lastAttemptAt: startedAt });
      let result: CheckResult;
      try {
        result = (await s.canRead(site)) ? await checkAccount(site, accountId) : 'failed';
      } catch {
        result = 'failed';
      }
      await save(accountId, afterCheck(before, result, schedule, startedAt, s.random()));
      checked.push({ accountId, result });
    }
    return { checked };
  }

  /** Read again before each write: the user may have changed the schedule (and resumed it) meanwhile. */
  async function save(accountId: string, state: CheckState): Promise<void> {
    const log = await s.loadLog();
    log[accountId] = state;
    await s.saveLog(log);
  }

  return {
    /** Checks every account that is due, one at a time; a run asked for while one is going joins it. */
    run(): Promise<CheckRun> {
      running ??= runDue().finally(() => {
        running = undefined;
      });
      return running;
    },
    /** Whether the tab was opened by a check (its reading is then stored marked as a background check). */
    isCheckTab(tabId: number): boolean {
      return waiting.has(tabId);
    },
    /** The worker stored a reading with a session or login list from a check's tab, for that account. */
    noteReading(tabId: number, accountId: string): void {
      const entry = waiting.get(tabId);
      if (entry) entry.accountId = accountId;
    },
  };
}

export type BackgroundChecks = ReturnType<typeof createBackgroundChecks>;
