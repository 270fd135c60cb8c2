import { type CheckLog, resumedCheck } from '../core/background-check';
import { checklistChangesAt, overdueChecklistItems } from '../core/checklist';
import { bySeverity } from '../core/evaluate';
import { ExtractionBudgetError, extractScan } from '../core/extract/extract-scan';
import { fromSnapshot, SnapDoc } from '../core/extract/snapshot';
import { countedIncidents, highSignalSessions, incidentsOfWarnings } from '../core/incidents';
import { withoutAddressValue } from '../core/ingest';
import { messageOf } from '../core/message-of';
import { foldPages, type VisitPages } from '../core/pages';
import {
  allSites,
  type CustomSite,
  customSiteDefinition,
  customSiteId,
  type SiteDefinition,
  siteById,
  siteForUrl,
} from '../core/sites';
import { trustAllRows } from '../core/trust-from-row';
import type { ExtractedScan, StoredSession, StoredWarning } from '../core/types';
import type { Answer } from '../shared/answers';
import {
  type AccountView,
  classifySender,
  contract,
  isMessageName,
  type MessageName,
  type RequestOf,
  type ResponseOf,
  type Result,
  type SenderInfo,
  type SenderKind,
} from '../shared/contract';
import type { EmergencyState } from '../shared/emergency';
import { type Guidance, type GuideRow, type GuideTexts, guideTexts } from '../shared/guide';
import type { MessageText } from '../shared/message-text';
import { logoutUrlFor, type Settings } from '../shared/settings';
import { LocalisedError } from '../shared/zod-issue';
import { answerIncident, trustWarning, undoAnswer } from './answers';
import { backdoorViewOf, openBackdoorPage } from './backdoor-pages';
import type { BackgroundChecks } from './background-checks';
import { exportBackup, exportLoginCsv, importBackup, wipeAll } from './backup-service';
import { BackupTransfers } from './backup-transfer';
import {
  actionsOfAccount,
  allAccounts,
  type Db,
  getWarning,
  loginsOf,
  markAccountReviewed,
  overviewRows,
  putWarnings,
  readAccount,
  recordActions,
  recordStorageProblem,
  warningsOf,
} from './db';
import { getGeo } from './geo-data';
import type { Raised } from './notification-text';
import { pruneIfRetentionChanged } from './retention';
import { countedIncidentsOf, judgeUnjudged, recordScan, reevaluateAll } from './scan-service';
import { allowOneRead, mayReadOnce, readDone, takeGuidance } from './tab-state';

/** What handlers may do besides the database: injected so handlers run in tests without a browser. */
export interface Services {
  db: () => Promise<Db>;
  settings: () => Promise<Settings>;
  now: () => number;
  refreshBadge: () => Promise<void>;
  /** High warnings a scan raised, with their stored record (the notification groups them per intruder). */
  onRaised: (raised: Raised[]) => Promise<void>;
  identity: { id: string; origin: string };
  /** The worker's messages, in the browser's language (src/shared/message-text.ts over the i18n API). */
  words: MessageText;
  /** Writes the settings (the one writer of storage.local settings). */
  saveSettings: (settings: Settings) => Promise<void>;
  /** Deletes the database and opens a new one (wipe: only a new database resets the scans' key generator). */
  recreateDb: () => Promise<Db>;
  /** The extension's version, written into backups. */
  appVersion: string;
  /** Tabs, scripting and permissions for guided log-out, custom sites and "scan this page". */
  sites: SiteServices;
  /** The emergency checklists in storage.local. */
  emergency: { load: () => Promise<EmergencyState>; save: (state: EmergencyState) => Promise<void> };
  /** Background checks (background-checks.ts): which tabs they opened, and what they did per account. */
  checks: Pick<BackgroundChecks, 'isCheckTab' | 'noteReading'>;
  checkLog: { load: () => Promise<CheckLog>; save: (log: CheckLog) => Promise<void> };
  /** The popup's answers that can be undone (src/shared/answers.ts). */
  answers: { load: () => Promise<Answer[]>; save: (answers: Answer[]) => Promise<void> };
  /** A monotonic millisecond clock for the extraction budget (performance.now in the worker). */
  clock: () => number;
}

export interface SiteServices {
  /** Opens a tab and answers its id. */
  openTab: (url: string) => Promise<number | undefined>;
  remember: (tabId: number, guidance: Guidance) => Promise<void>;
  recall: (tabId: number) => Promise<Guidance | undefined>;
  forget: (tabId: number) => Promise<void>;
  /** Registers the content script for each custom site whose host is granted, unregisters the rest; answers ids. */
  syncContentScripts: (sites: CustomSite[]) => Promise<string[]>;
  activeTab: () => Promise<{ id: number; url?: string } | undefined>;
  injectContentScript: (tabId: number) => Promise<void>;
  /** Outlines the page's own log-out control (or one row's) in a guided tab (src/shared/guide-page.ts). */
  showGuide: (tabId: number, texts: GuideTexts, row?: GuideRow) => Promise<void>;
}

function sitesOf(settings: Settings): SiteDefinition[] {
  return allSites(settings.customSites);
}

/** A site by id, including a page read once (`custom:<host>`) that was never registered. */
export function siteOf(id: string, settings: Settings): SiteDefinition | undefined {
  const site = siteById(id, sitesOf(settings));
  if (site || !id.startsWith('custom:')) return site;
  const host = id.slice('custom:'.length);
  return customSiteDefinition({ id, name: host, pattern: `https://${host}/*`, createdAt: 0 });
}

function suggestedPattern(rawUrl: string): string {
  const url = new URL(rawUrl);
  return `https://${url.hostname}${url.pathname.replace(/\/[^/]*$/, '/')}*`;
}

/**
 * Every settings change the worker makes or is asked for: stored, a shorter retention applied, every account judged
 * once (the caller updates the badge). The worker is the only writer of settings, so this is the only judging a change causes.
 */
export async function commitSettings(s: Services, next: Settings): Promise<void> {
  await s.saveSettings(next);
  await settingsChanged(s, next);
}

/** What follows settings written (commitSettings, import, wipe, settings an import left pending). */
export async function settingsChanged(s: Services, next: Settings): Promise<void> {
  const db = await s.db();
  // A shorter retention applies now, not at the next scan or the next day (and the judging reads less).
  await pruneIfRetentionChanged(db, next.retentionDays, s.now());
  await reevaluateAll(db, next, s.now());
}

/** Saves trusted devices changed from the popup and judges every account again before answering. */
async function saveAndJudge(s: Services, db: Db, next: Settings, accountId: string): Promise<number> {
  await commitSettings(s, next);
  return (await warningsOf(db, accountId)).filter((w) => w.state === 'open').length;
}

/** Opens the account's device page and remembers the tab so its content script highlights the log-out button. */
export async function openDevicesPageFor(
  accountId: string,
  s: Services,
  sessionKey?: string,
): Promise<{ url: string }> {
  const db = await s.db();
  const account = (await allAccounts(db)).find((a) => a.id === accountId);
  const settings = await s.settings();
  const site = account && siteOf(account.siteId, settings);
  if (!site) throw new Error('Unknown account');
  let row: GuideRow | undefined;
  if (sessionKey !== undefined) {
    const session = (await readAccount(db, accountId)).summary.sessions.find((x) => x.key === sessionKey);
    if (!session) throw new Error('No such session');
    row = { ...(session.ip ? { ip: session.ip } : {}), ...(session.device ? { device: session.device } : {}) };
  }
  const url = logoutUrlFor(site, settings);
  const at = s.now();
  const tabId = await s.sites.openTab(url);
  if (tabId !== undefined) await s.sites.remember(tabId, { url, siteName: site.name, at, ...(row ? { row } : {}) });
  // What the user did, for the support report: the site's log-out page opened (for all devices, or for one row).
  // After the page is open: a record that cannot be written must not keep the user from logging the intruder out.
  try {
    await recordActions(db, [
      row ? { accountId, at, kind: 'signOutOpened', ...row } : { accountId, at, kind: 'logOutAllOpened' },
    ]);
  } catch (err) {
    await recordStorageProblem(db, `The log-out page opened was not recorded: ${String(err)}`, at);
  }
  return { url };
}

/** A site's display name by id (custom sites included), for notifications. */
export async function siteNameOf(siteId: string, s: Services): Promise<string> {
  return siteOf(siteId, await s.settings())?.name ?? siteId;
}

/** After import or wipe: judged once with the new settings; the badge and custom sites' scripts follow. */
async function afterReplace(s: Services): Promise<void> {
  const settings = await s.settings();
  await settingsChanged(s, settings);
  await s.refreshBadge();
  await s.sites.syncContentScripts(settings.customSites);
}

/** The site a content script's message speaks for: decided by the tab it came from, never by what the page claims. */
async function siteOfTab(sender: { tabId: number; url: string }, s: Services): Promise<SiteDefinition> {
  const settings = await s.settings();
  const isOneShot = mayReadOnce(sender.tabId, s.now());
  const site =
    siteForUrl(sender.url, sitesOf(settings)) ??
    (isOneShot ? siteOf(customSiteId(new URL(sender.url).hostname), settings) : undefined);
  if (!site) throw new Error('This page is not a registered security page');
  if (settings.disabledSites.includes(site.id)) throw new Error(`${site.name} is switched off`);
  return site;
}

/**
 * Finishes the judging of scans a stopped worker stored but never judged (scan-service.ts, judgeUnjudged), and
 * notifies its high warnings as the scan itself would have. Run when the worker starts.
 */
export async function judgePendingScans(s: Services): Promise<void> {
  const [db, settings] = await Promise.all([s.db(), s.settings()]);
  const high = (await judgeUnjudged(db, settings, s.now())).filter((w) => w.severity === 'high');
  if (!high.length) return;
  const siteNames = new Map((await allAccounts(db)).map((a) => [a.id, siteOf(a.siteId, settings)?.name ?? a.siteId]));
  await s.onRaised(
    high.map((w) => ({ siteName: siteNames.get(w.accountId) ?? '', reason: w.reason, message: w.message, warning: w })),
  );
}

/** Stores one reading of a tab's page for its site (recordPage, after the worker extracted it). */
async function recordTabScan(site: SiteDefinition, scan: ExtractedScan, sender: { tabId: number }, s: Services) {
  const settings = await s.settings();
  const result = await recordScan(await s.db(), site.id, scan, settings, s.now());
  await s.refreshBadge();
  readDone(sender.tabId);
  const high = result.raised.filter((w) => w.severity === 'high');
  if (high.length)
    await s.onRaised(high.map((w) => ({ siteName: site.name, reason: w.reason, message: w.message, warning: w })));
  return {
    accountId: result.accountId,
    newSessions: result.newSessions,
    goneSessions: result.goneSessions,
    openWarnings: result.openWarnings,
  };
}

/** A page worth storing: it shows sessions, sign-ins, API keys, an API access log or a withdrawal whitelist. */
const hasAnyList = (scan: ExtractedScan): boolean =>
  scan.hasSessionList || scan.hasLoginList || !!scan.hasApiKeyList || !!scan.hasApiCallList || !!scan.hasWhitelist;

/**
 * Per tab, what its page visit last stored: relative times ("5 minutes ago") move on every reading; and the
 * visit's pages of a paginated session list, folded into one (core/pages).
 */
const readings = new Map<number, { visit: string; fingerprint: string; pages?: VisitPages }>();
const MAX_READINGS = 200;

function isNewReading(tabId: number, visit: string, scan: ExtractedScan): boolean {
  const fingerprint = JSON.stringify([
    scan.url,
    scan.accountHint,
    scan.sessions.map(({ lastActive: _a, firstSeen: _f, ...rest }) => rest),
    scan.logins.map(({ time: _t, ...rest }) => rest),
    scan.apiKeys,
    scan.apiCalls,
    scan.whitelist,
  ]);
  const last = readings.get(tabId);
  if (last?.visit === visit && last.fingerprint === fingerprint) return false;
  readings.delete(tabId);
  if (readings.size >= MAX_READINGS) readings.delete(readings.keys().next().value!);
  readings.set(tabId, { visit, fingerprint, ...(last?.visit === visit && last.pages ? { pages: last.pages } : {}) });
  return true;
}

/** The scan with its session list folded with the visit's earlier pages of it. */
function foldedWithVisit(tabId: number, scan: ExtractedScan): ExtractedScan {
  const reading = readings.get(tabId);
  if (!reading || !scan.hasSessionList) return scan;
  reading.pages = foldPages(reading.pages, scan.sessions);
  return { ...scan, sessions: reading.pages.all };
}

type Handler<K extends MessageName> = (
  req: ResponseOf<K> extends never ? never : RequestOf<K>,
  sender: SenderKind,
  s: Services,
) => Promise<ResponseOf<K>>;

/** One page reading may keep the worker busy this long; a page that needs more is refused whole. */
export const EXTRACTION_BUDGET_MS = 1000;

/**
 * Readings a tab may send in a burst, and how fast that allowance comes back: a page that changes its DOM
 * without end (or on purpose) costs the worker one extraction a second at most. A refused reading is sent again
 * by the content script (it retries after 1, 2, 4… s).
 */
const READINGS_BURST = 5;
const READING_REFILL_MS = 1000;
const allowance = new Map<number, { tokens: number; at: number }>();

function isReadingAllowed(tabId: number, now: number): boolean {
  const last = allowance.get(tabId) ?? { tokens: READINGS_BURST, at: now };
  const tokens = Math.min(READINGS_BURST, last.tokens + Math.max(0, now - last.at) / READING_REFILL_MS);
  allowance.delete(tabId);
  if (allowance.size >= MAX_READINGS) allowance.delete(allowance.keys().next().value!);
  if (tokens < 1) {
    allowance.set(tabId, { tokens, at: now });
    return false;
  }
  allowance.set(tabId, { tokens: tokens - 1, at: now });
  return true;
}

/** The backup being exported or imported, in slices (backup-transfer.ts); lost, as it must be, if the worker stops. */
const transfers = new BackupTransfers();

const MAX_SESSIONS_IN_VIEW = 200;
const MAX_WARNINGS_IN_VIEW = 200;

/** The overview's `highSignalKeys`, only when there are some (the popup's first paint reads many accounts). */
function highSignalField(sessions: StoredSession[], warnings: StoredWarning[]): { highSignalKeys?: string[] } {
  if (!warnings.some((w) => w.state === 'open')) return {};
  const keys = highSignalSessions(sessions, warnings);
  return keys.size ? { highSignalKeys: [...keys] } : {};
}

/**
 * The popup's overview, and the first time after which it would read differently with no change to the data (the
 * checklist's dated reminders; Infinity when none).
 */
export async function readOverview(s: Services): Promise<{ overview: ResponseOf<'getOverview'>; changesAt: number }> {
  // The popup waits on this answer: the settings are read while the database opens.
  const [db, settings] = await Promise.all([s.db(), s.settings()]);
  // One record per account (live and recently gone sessions, warnings not resolved) and, to tell whether each
  // account has the history the comparing rules need, at most that many login keys: no history is read.
  const minHistory = settings.thresholds.minHistoryLogins;
  const [{ accounts: all, summaries, problem, learning }, checkLog] = await Promise.all([
    overviewRows(db, minHistory),
    s.checkLog.load(),
  ]);
  const summaryOf = new Map(summaries.map((x) => [x.accountId, x]));
  const accounts: AccountView[] = [];
  let badge = 0;
  for (const account of all) {
    const site = siteOf(account.siteId, settings);
    const summary = summaryOf.get(account.id);
    const sessions = summary?.sessions ?? [];
    const warnings = summary?.warnings ?? [];
    badge += countedIncidentsOf({ accountId: account.id, warnings, sessions });
    const visible = warnings.filter((w) => w.state === 'open').sort(bySeverity);
    const shownSessions = sessions
      .sort(
        (a, b) =>
          Number(a.goneAt !== undefined) - Number(b.goneAt !== undefined) ||
          Number(b.isCurrent) - Number(a.isCurrent) ||
          (b.lastActive ?? 0) - (a.lastActive ?? 0),
      )
      .slice(0, MAX_SESSIONS_IN_VIEW);
    const shownWarnings = visible.slice(0, MAX_WARNINGS_IN_VIEW);
    accounts.push({
      account,
      siteName: site?.name ?? account.siteId,
      devicesUrl: site ? logoutUrlFor(site, settings) : '',
      sessions: shownSessions,
      warnings: shownWarnings,
      openWarningCount: visible.length,
      // What the card's pill counts, from what the view holds, as the popup counts it (popup/incidents.ts).
      incidentCount: countedIncidents(incidentsOfWarnings(account.id, shownWarnings, shownSessions)).length,
      ...(learning.has(account.id) ? { isLearning: true } : {}),
      ...checkViewOf(account.id, settings, checkLog),
      ...highSignalField(sessions, warnings),
      ...(await backdoorViewOf(db, account, settings)),
    });
  }
  accounts.sort((a, b) => b.openWarningCount - a.openWarningCount || b.account.lastScanAt - a.account.lastScanAt);
  const now = s.now();
  const overdue = overdueChecklistItems(settings.checklist, now)
    .slice(0, 200)
    .map(({ account, item, reason }) => ({ account, item, reason }));
  return {
    overview: {
      accounts,
      badgeCount: badge,
      ...(problem ? { storageProblem: problem } : {}),
      ...(overdue.length ? { checklistOverdue: overdue } : {}),
    },
    // What of it depends on the time alone: the checklist's reminders (the worker's kept copy lasts until then).
    changesAt: checklistChangesAt(settings.checklist, now),
  };
}

const handlers: { [K in MessageName]: Handler<K> } = {
  async recordPage(req, sender, s) {
    if (sender.kind !== 'content') throw new Error('recordPage comes from a content script');
    // The site first: a page that is not ours costs no extraction.
    const site = await siteOfTab(sender, s);
    if (!isReadingAllowed(sender.tabId, s.now()))
      throw new Error('Too many readings from this tab: sent again shortly');
    const page = fromSnapshot(req.snapshot);
    const root = page instanceof SnapDoc ? (page.body ?? page.documentElement ?? page) : page;
    const clock = s.clock;
    // The worker's clock and zone are the browser's, as the content script's were.
    let scan: ExtractedScan;
    try {
      scan = extractScan(root, {
        url: req.url,
        now: s.now(),
        budget: { ms: EXTRACTION_BUDGET_MS, clock },
      });
    } catch (err) {
      if (err instanceof ExtractionBudgetError) return { isRecorded: false };
      throw err;
    }
    if (!hasAnyList(scan)) return { isRecorded: false };
    // A tab the worker opened for a background check: decided by the tab, never by the page or the message.
    const isCheck = s.checks.isCheckTab(sender.tabId);
    if (isCheck) scan = { ...scan, isBackgroundCheck: true };
    if (!isNewReading(sender.tabId, req.visit, scan)) return { isRecorded: false };
    try {
      const recorded = await recordTabScan(site, foldedWithVisit(sender.tabId, scan), sender, s);
      if (isCheck) s.checks.noteReading(sender.tabId, recorded.accountId);
      return { isRecorded: true, ...recorded };
    } catch (err) {
      readings.delete(sender.tabId);
      throw err;
    }
  },

  async getOverview(_req, _sender, s) {
    return (await readOverview(s)).overview;
  },

  async setWarningState(req, _sender, s) {
    const db = await s.db();
    const w = await getWarning(db, req.id);
    if (!w) throw new Error('No such warning');
    await putWarnings(db, [{ ...w, state: req.state, stateChangedAt: s.now() }]);
    await s.refreshBadge();
    return {};
  },

  async trustFromWarning(req, _sender, s) {
    const db = await s.db();
    const warning = await getWarning(db, req.id);
    if (!warning) throw new Error('No such warning');
    const r = await trustWarning(db, warning, s);
    return {
      change: r.change,
      trustedDeviceName: r.device?.name ?? '',
      openWarnings: r.openWarnings,
      ...('notice' in r && r.notice ? { notice: r.notice } : {}),
    };
  },

  answerIncident(req, _sender, s) {
    return answerIncident(req, s);
  },

  undoAnswer(req, _sender, s) {
    return undoAnswer(req.answerId, s);
  },

  async getAnswers(_req, _sender, s) {
    return { answers: await s.answers.load() };
  },

  async trustAccountSessions(req, _sender, s) {
    const db = await s.db();
    const data = await readAccount(db, req.accountId);
    if (!data.account) throw new Error('Unknown account');
    if (data.account.scanCount !== 1) throw new Error('Only the sessions of a first scan can be trusted at once');
    const live = data.summary.sessions.filter((x) => x.goneAt === undefined);
    const named = new Set(req.sessionKeys);
    if (req.sessionKeys.some((k) => !live.some((x) => x.key === k))) {
      throw new Error('Not a live session of this account');
    }
    // A session with a high signal (rented network, failed sign-ins, weaker factor, a copied session) is never
    // trusted in bulk: the user answers it from its own incident.
    const risky = highSignalSessions(live, data.summary.warnings);
    if (live.some((x) => named.has(x.key) && risky.has(x.key))) {
      throw new Error('A chosen session has a high signal: answer it from its own warning');
    }
    const chosen = live.filter((x) => named.has(x.key));
    const settings = await s.settings();
    const suffix = Math.random().toString(36).slice(2, 8);
    const r = trustAllRows(
      settings.trustedDevices,
      chosen.map((x) => ({ accountId: req.accountId, device: x.device, userAgent: x.userAgent, ip: x.ip })),
      s.now(),
      (i) => `trusted-${s.now().toString(36)}-${suffix}-${i}`,
    );
    const open = await saveAndJudge(s, db, { ...settings, trustedDevices: r.trustedDevices }, req.accountId);
    await markAccountReviewed(db, req.accountId, s.now());
    await s.refreshBadge();
    return { created: r.created, widened: r.widened, openWarnings: open };
  },

  async markReviewed(req, _sender, s) {
    const db = await s.db();
    const account = await markAccountReviewed(db, req.accountId, s.now());
    if (!account) throw new Error('Unknown account');
    return { lastReviewedAt: s.now() };
  },

  async setBackgroundCheck(req, _sender, s) {
    const save = s.saveSettings;
    const db = await s.db();
    if (!(await allAccounts(db)).some((a) => a.id === req.accountId)) throw new Error('Unknown account');
    const settings = await s.settings();
    const { [req.accountId]: _old, ...others } = settings.backgroundChecks ?? {};
    const next = req.schedule === 'off' ? others : { ...others, [req.accountId]: req.schedule };
    await save({ ...settings, backgroundChecks: next });
    // Choosing a schedule again resumes one paused after signed-out checks.
    if (req.schedule !== 'off') {
      const log = await s.checkLog.load();
      const resumed = resumedCheck(log[req.accountId]);
      if (resumed) await s.checkLog.save({ ...log, [req.accountId]: resumed });
    }
    return {};
  },

  async getEmergency(_req, _sender, s) {
    return { checklists: await s.emergency.load() };
  },

  async saveEmergency(req, _sender, s) {
    const state = await s.emergency.load();
    const before = new Set(state[req.accountId]?.done ?? []);
    const after = new Set(req.checklist?.done ?? []);
    if (req.checklist) state[req.accountId] = { startedAt: req.checklist.startedAt, done: [...after] };
    else delete state[req.accountId];
    await s.emergency.save(state);
    // Each tick and untick with its time, for the support report (ending the checklist is not unticking it).
    if (req.checklist) {
      const at = s.now();
      const base = { accountId: req.accountId, at };
      await recordActions(await s.db(), [
        ...[...after].filter((x) => !before.has(x)).map((step) => ({ ...base, kind: 'stepTicked' as const, step })),
        ...[...before].filter((x) => !after.has(x)).map((step) => ({ ...base, kind: 'stepUnticked' as const, step })),
      ]);
    }
    return { checklists: state };
  },

  async getActions(req, _sender, s) {
    return { actions: await actionsOfAccount(await s.db(), req.accountId) };
  },

  openDevicesPage(req, _sender, s) {
    if (req.apiKeyId !== undefined || req.addressId !== undefined) return openBackdoorPage(req, s);
    return openDevicesPageFor(req.accountId, s, req.sessionKey);
  },

  async getGuidance(_req, sender, s) {
    if (sender.kind !== 'content') return { isGuided: false, siteName: '' };
    const guidance = await takeGuidance(s.sites, sender.tabId, sender.url, s.now());
    if (!guidance) return { isGuided: false, siteName: '' };
    await s.sites.showGuide(sender.tabId, guideTexts(s.words, guidance.siteName, guidance.row), guidance.row);
    return { isGuided: true, siteName: guidance.siteName };
  },

  async syncCustomSites(_req, _sender, s) {
    const settings = await s.settings();
    return { registered: await s.sites.syncContentScripts(settings.customSites) };
  },

  async scanActiveTab(req, _sender, s) {
    const { sites } = s;
    const tab = req.tabId !== undefined ? { id: req.tabId, url: undefined } : await sites.activeTab();
    if (!tab) throw new Error('No active tab');
    if (tab.url && !/^https:\/\//.test(tab.url)) throw new Error('Only https pages can be read');
    const settings = await s.settings();
    const known = tab.url ? siteForUrl(tab.url, sitesOf(settings)) : undefined;
    const url = tab.url ?? '';
    const pattern = url ? suggestedPattern(url) : '';
    if (known) return { url, siteName: known.name, isRegistered: true, isInjected: false, suggestedPattern: pattern };
    // The page comes back as a recordPage from that tab; the worker answers messages one at a time, so this
    // handler cannot wait for it: the popup watches the overview instead.
    allowOneRead(tab.id, s.now());
    await sites.injectContentScript(tab.id);
    return { url, isRegistered: false, isInjected: true, suggestedPattern: pattern };
  },

  async getLogins(req, _sender, s) {
    const db = await s.db();
    const ids = req.accountId !== undefined ? [req.accountId] : (await allAccounts(db)).map((a) => a.id);
    const rows = [];
    for (const id of ids) {
      for (const l of await loginsOf(db, id)) {
        if (req.since === undefined || (l.time !== undefined && l.time >= req.since)) rows.push(l);
      }
    }
    // Newest first; rows without a time sort by when the extension first saw them.
    rows.sort((a, b) => (b.time ?? b.firstObservedAt) - (a.time ?? a.firstObservedAt));
    return { logins: rows.slice(0, req.limit).map(withoutAddressValue), hasMore: rows.length > req.limit };
  },

  async lookupPlaces(req) {
    const geo = await getGeo();
    const places = [];
    for (const text of new Set(req.locations)) {
      const p = geo.resolvePlace(text);
      if (p.precision !== 'unknown' && p.lat !== undefined && p.lon !== undefined) {
        places.push({
          text,
          lat: p.lat,
          lon: p.lon,
          precision: p.precision,
          ...(p.country ? { country: p.country } : {}),
        });
      }
    }
    const networks = [];
    for (const ip of new Set(req.ips)) {
      const hosting = geo.lookupHosting(ip);
      if (hosting) networks.push({ ip, provider: hosting.provider, isHosting: true });
      else {
        const net = geo.lookupNetwork?.(ip);
        if (net) networks.push({ ip, provider: net.name, isHosting: net.kind === 'hosting' });
      }
    }
    return { places, networks };
  },

  async exportBackup(_req, _sender, s) {
    const backup = await exportBackup(await s.db(), await s.settings(), s.now(), s.appVersion);
    return {
      ...transfers.startExport(JSON.stringify(backup)),
      accounts: backup.accounts.length,
      sessions: backup.sessions.length,
      logins: backup.logins.length,
    };
  },

  async exportBackupChunk(req) {
    return { text: transfers.exportChunk(req.exportId, req.index) };
  },

  async exportLoginHistory(req, _sender, s) {
    return exportLoginCsv(await s.db(), req.accountId);
  },

  async importBackupBegin(req) {
    return { importId: transfers.startImport(req.mode, req.chars, req.chunks) };
  },

  async importBackupChunk(req) {
    transfers.importChunk(req.importId, req.index, req.text);
    return {};
  },

  async importBackupCommit(req, _sender, s) {
    const save = s.saveSettings;
    const { text, mode } = transfers.finishImport(req.importId);
    const counts = await importBackup(await s.db(), text, { load: s.settings, save }, mode, s.now());
    await afterReplace(s);
    return counts;
  },

  async saveSettings(req, _sender, s) {
    await commitSettings(s, req.settings);
    await s.refreshBadge();
    return {};
  },

  async wipeAll(_req, _sender, s) {
    await wipeAll(await s.db(), { load: s.settings, save: s.saveSettings }, s.recreateDb, s.now());
    await s.checkLog.save({});
    await afterReplace(s);
    return {};
  },
};

/** What the popup shows of an account's background checks; nothing for an account never scheduled. */
function checkViewOf(accountId: string, settings: Settings, log: CheckLog): Pick<AccountView, 'check'> {
  const schedule = settings.backgroundChecks?.[accountId];
  const state = log[accountId];
  if (!schedule && !state) return {};
  return {
    check: {
      schedule: schedule ?? 'off',
      ...(state?.lastResult ? { lastResult: state.lastResult } : {}),
      ...(state?.lastAttemptAt !== undefined ? { lastAttemptAt: state.lastAttemptAt } : {}),
      isPaused: state?.isPaused ?? false,
    },
  };
}

/**
 * Messages that only read: answered at once, never queued behind a scan being extracted or judged (index.ts). Each
 * reads IndexedDB in transactions of its own, which see a scan's writes whole or not at all.
 */
const READ_ONLY: ReadonlySet<MessageName> = new Set([
  'getOverview',
  'getLogins',
  'getEmergency',
  'exportBackup',
  'exportBackupChunk',
  'exportLoginHistory',
]);

export function isReadOnlyMessage(message: unknown): boolean {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return isMessageName(type) && READ_ONLY.has(type);
}

/** Sender check, then schema check, then the handler; every failure becomes `{ ok: false }`. */
export async function handleMessage(message: unknown, senderInfo: SenderInfo, s: Services): Promise<Result<unknown>> {
  const sender = classifySender(senderInfo, s.identity.id, s.identity.origin);
  if (!sender) return { ok: false, error: 'Unknown sender' };
  if (typeof message !== 'object' || message === null) return { ok: false, error: 'Malformed message' };
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  if (!isMessageName(type)) return { ok: false, error: 'Unknown message' };
  const spec = contract[type];
  if (spec.from !== sender.kind) return { ok: false, error: `${type} is not accepted from this sender` };
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `Invalid ${type}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    };
  }
  try {
    const handler = handlers[type] as Handler<typeof type>;
    const value = await handler(parsed.data as never, sender, s);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: messageOf(err), ...(err instanceof LocalisedError ? { localised: err.localised } : {}) };
  }
}
