import { deleteDB } from 'idb';
import { accountOfNotificationId } from '../core/reminders';
import { originOf } from '../core/sites';
import { showWarningCount } from '../platform/action';
import { ensureAlarm } from '../platform/alarms';
import { announceDataChanged } from '../platform/data-changed';
import { getMessage, uiLanguage } from '../platform/i18n';
import { isScreenLocked } from '../platform/idle';
import { notify } from '../platform/notifications';
import { loadOverviewInputs } from '../platform/overview-inputs';
import { packagedFileReader } from '../platform/packaged-files';
import { hasOrigins } from '../platform/permissions';
import { injectContentScript, showGuide, syncContentScripts } from '../platform/scripting';
import {
  forgetGuidance,
  loadAnswers,
  loadCheckLog,
  loadEmergency,
  loadReminderLog,
  loadSettings,
  markChecksRan,
  quarantineBadSettings,
  recallGuidance,
  rememberGuidance,
  saveAnswers,
  saveCheckLog,
  saveEmergency,
  saveReminderLog,
  saveSettings,
} from '../platform/storage';
import { activeTab, closeTab, openBackgroundTab, openTab, popupUrl, tabState } from '../platform/tabs';
import { ownIdentity, ownVersion } from '../platform/worker-events';
import type { Result, SenderInfo } from '../shared/contract';
import { asksForOverview, KEPT_OVERVIEW_FORMAT } from '../shared/kept-overview';
import { messageText, pickLocale } from '../shared/message-text';
import { answerIncident } from './answers';
import { CHECK_ALARM, CHECK_TICK_MINUTES, createBackgroundChecks } from './background-checks';
import { finishPendingSettings } from './backup-service';
import { allAccounts, DB_NAME, type Db, forgetKeptOverview, keepOverview, openDatabase } from './db';
import { useDataFiles } from './geo-data';
import {
  handleMessage,
  isReadOnlyMessage,
  judgePendingScans,
  openDevicesPageFor,
  readOverview,
  type Services,
  settingsChanged,
  siteNameOf,
  siteOf,
} from './handlers';
import {
  incidentButtons,
  incidentNotificationId,
  incidentOfNotificationId,
  warningNotification,
} from './notification-text';
import { readKeptOverview } from './overview-print';
import { REMINDER_ALARM, REMINDER_CHECK_MINUTES, runReminders } from './reminders';
import { badgeCount } from './scan-service';

// Notifications speak the browser's language, read from `_locales` by the i18n API (no catalog chunk here).
const locale = pickLocale(uiLanguage());
const words = messageText({ locale: () => locale, lookup: getMessage });

// The place, hosting and provider tables are files in the package, read on the first judging (geo-data.ts), never
// here: most wake-ups (the popup's overview, an alarm) judge nothing.
useDataFiles(packagedFileReader());

// The worker is woken for one event and may be killed after it: listeners are registered here, synchronously,
// and each awaits the database lazily.
let dbPromise: Promise<Db> | undefined;
const db = () => {
  dbPromise ??= openDatabase();
  return dbPromise;
};

// Scans and re-evaluations touch the same accounts; one at a time keeps read-judge-write consistent.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** Wipe: the connection is closed, the database deleted and opened anew (its key generators start at 1). */
async function recreateDb(): Promise<Db> {
  const old = await dbPromise?.catch(() => undefined);
  old?.close();
  dbPromise = undefined;
  await deleteDB(DB_NAME);
  return db();
}

// Every change to the stored data ends here, so this is also where open popups and options pages hear of it.
async function refreshBadge(): Promise<void> {
  const count = await badgeCount(await db());
  const title = count > 0 ? words.tn('badgeTitle', count) : words.t('extName');
  await Promise.all([showWarningCount(count, title), announceDataChanged()]);
}

// Runs outside the serial queue: a check waits for its tab's recordPage, which that queue handles.
const checks = createBackgroundChecks({
  settings: loadSettings,
  accounts: async () => allAccounts(await db()),
  siteOf,
  // A custom site is read only where its host is granted (its content script is registered then).
  canRead: async (site) => {
    const origin = site.isCustom ? originOf(site.matches[0] ?? '') : undefined;
    return !site.isCustom || (origin !== undefined && (await hasOrigins([origin])));
  },
  loadLog: loadCheckLog,
  saveLog: saveCheckLog,
  tabs: { open: openBackgroundTab, state: tabState, close: closeTab },
  isScreenLocked,
  now: () => Date.now(),
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

function runChecks(): Promise<void> {
  return checks.run().then(markChecksRan, markChecksRan);
}

const services: Services = {
  db,
  settings: loadSettings,
  now: () => Date.now(),
  refreshBadge,
  async onRaised(raised) {
    const n = warningNotification(raised, words);
    if (!n) return;
    if (n.accountId && n.warningIds.length)
      await notify(n.title, n.message, incidentNotificationId(n.accountId, n.warningIds), incidentButtons(words));
    else await notify(n.title, n.message);
  },
  identity: ownIdentity(),
  words,
  sites: {
    openTab,
    remember: rememberGuidance,
    recall: recallGuidance,
    forget: forgetGuidance,
    syncContentScripts,
    activeTab,
    injectContentScript,
    showGuide,
  },
  saveSettings,
  recreateDb,
  emergency: { load: loadEmergency, save: saveEmergency },
  answers: { load: loadAnswers, save: saveAnswers },
  appVersion: ownVersion(),
  checks,
  checkLog: { load: loadCheckLog, save: saveCheckLog },
  clock: () => performance.now(),
};

/** What the worker's first script (front.ts) hands every event to once it has loaded this code. */
export interface WorkerMain {
  onMessage(message: unknown, sender: SenderInfo): Promise<Result<unknown>>;
  onAlarm(name: string): Promise<void>;
  onNotificationClicked(id: string): Promise<void>;
  onNotificationButtonClicked(id: string, button: number): Promise<void>;
}

/**
 * The kept overview (src/shared/kept-overview.ts): forgotten before any task that may change what it shows, kept
 * again once none runs. `generation` tells a copy computed while a task started apart from a current one.
 */
let tasksRunning = 0;
let generation = 0;
/** Whether a copy may be stored: a worker stopped earlier may have left one, and this one keeps them. */
let mayBeKept = true;

async function changing<T>(task: () => Promise<T>): Promise<T> {
  tasksRunning++;
  generation++;
  try {
    // The print (overview-print.ts) would refuse a copy of other data anyway; forgetting it also covers what the
    // print does not (the learning flags, a storage problem held in memory).
    if (mayBeKept) {
      mayBeKept = false;
      await db()
        .then(forgetKeptOverview)
        .catch(() => {
          mayBeKept = true;
        });
    }
    return await task();
  } finally {
    tasksRunning--;
    if (tasksRunning === 0) setTimeout(() => void keepCurrentOverview(), 0);
  }
}

async function keepCurrentOverview(): Promise<void> {
  const at = generation;
  if (tasksRunning > 0) return;
  const printNow = async () => (await readKeptOverview(loadOverviewInputs().catch(() => undefined))).print;
  // The print before and after: the copy is kept only when nothing changed while it was computed.
  const before = await printNow();
  const { overview, changesAt } = await readOverview(services).catch(() => ({ overview: undefined, changesAt: 0 }));
  const after = await printNow();
  // A storage problem lives in this worker's memory too: such an overview is computed every time.
  if (!overview || overview.storageProblem !== undefined || before === undefined || before !== after) return;
  const database = await db();
  if (at !== generation || tasksRunning > 0) return;
  // Set before the write is asked: a task starting from here on forgets it, after it (the same store, in order).
  mayBeKept = true;
  await keepOverview(database, {
    format: KEPT_OVERVIEW_FORMAT,
    appVersion: services.appVersion,
    at: services.now(),
    validUntil: Math.min(changesAt, Number.MAX_SAFE_INTEGER),
    print: before,
    overview,
  });
}

// Reading messages (the popup's overview) skip the queue: they never wait behind a scan being read or judged.
function onMessage(message: unknown, sender: SenderInfo): Promise<Result<unknown>> {
  if (isReadOnlyMessage(message)) {
    const answer = handleMessage(message, sender, services);
    // The first script answers the overview from the kept copy whenever it can: asked here, the copy was missing or
    // out of date (its dates passed, the data changed behind the worker). Kept again once answered, so the next
    // start answers from it instead of loading this code until some task ran.
    if (asksForOverview(message)) void answer.then(() => setTimeout(() => void keepCurrentOverview(), 0));
    return answer;
  }
  return changing(() => serial(() => handleMessage(message, sender, services)));
}

// Settings have one writer, this worker (the saveSettings message and its own actions), and each write judges
// once where it is made (handlers.ts, commitSettings): nothing listens for storage changes here.

function onAlarm(name: string): Promise<void> {
  if (name === CHECK_ALARM) return changing(runChecks);
  if (name !== REMINDER_ALARM) return Promise.resolve();
  return changing(() =>
    serial(async () => {
      await runReminders({
        accounts: async () => allAccounts(await db()),
        settings: loadSettings,
        siteName: (siteId) => siteNameOf(siteId, services),
        loadLog: loadReminderLog,
        saveLog: saveReminderLog,
        notify,
        now: () => Date.now(),
        words,
      });
    }),
  );
}

// A reminder's click opens that account's device page with the log-out button highlighted; an incident's opens
// the popup page on that incident (Firefox has no buttons: this is its way in).
async function onNotificationClicked(id: string): Promise<void> {
  const incident = incidentOfNotificationId(id);
  if (incident) {
    await openTab(popupUrl({ incident: incident.warningIds[0] ?? '' }));
    return;
  }
  const accountId = accountOfNotificationId(id);
  if (accountId) await changing(() => serial(() => openDevicesPageFor(accountId, services)));
}

// Chrome: "Not me" opens the account's emergency checklist; "It was me" answers the incident (undoable from the
// popup's "Dismissed and trusted").
async function onNotificationButtonClicked(id: string, button: number): Promise<void> {
  const incident = incidentOfNotificationId(id);
  if (!incident) return;
  if (button === 0) await openTab(popupUrl({ emergency: incident.accountId }));
  else
    await changing(() => serial(() => answerIncident({ warningIds: incident.warningIds, answer: 'mine' }, services)));
}

/**
 * Runs once per worker start, when the first event that needs this code arrives (front.ts): the alarms, a check
 * missed while the browser was closed, and the badge and pending work a stopped worker left.
 */
export function startWorker(): WorkerMain {
  void ensureAlarm(REMINDER_ALARM, REMINDER_CHECK_MINUTES);
  void ensureAlarm(CHECK_ALARM, CHECK_TICK_MINUTES);

  // A check missed while the browser was closed runs once when the worker first starts (the schedule keeps only
  // the next time, not a backlog). Not runtime.onStartup: Chromium does not fire it for an extension loaded
  // unpacked, and a start of the worker for any other event finds nothing due within the hour after a check.
  void changing(runChecks);

  // The badge is not persisted across browser restarts in every browser; restore it on wake. A scan stored by a
  // worker stopped before judging it is judged first (scan-service.ts, judgeUnjudged).
  void changing(() =>
    serial(async () => {
      try {
        // Stored items that no longer validate are set aside (the options page lists them) before anything judges.
        await quarantineBadSettings();
        // An import or wipe stopped after its data committed: its settings are written before anything reads them.
        if (await finishPendingSettings(await db(), saveSettings))
          await settingsChanged(services, await loadSettings());
        await judgePendingScans(services);
      } finally {
        await refreshBadge();
      }
    }),
  );
  return { onMessage, onAlarm, onNotificationClicked, onNotificationButtonClicked };
}
