import { deleteDB } from 'idb';
import { accountOfNotificationId } from '../core/reminders';
import { showWarningCount } from '../platform/action';
import { ensureAlarm, onAlarm } from '../platform/alarms';
import { getMessage, uiLanguage } from '../platform/i18n';
import { listenForMessages, ownIdentity, ownVersion } from '../platform/messaging';
import { notify, onNotificationClicked } from '../platform/notifications';
import { siteServices } from '../platform/scripting';
import {
  loadEmergency,
  loadReminderLog,
  loadSettings,
  quarantineBadSettings,
  saveEmergency,
  saveReminderLog,
  saveSettings,
} from '../platform/storage';
import { openTab } from '../platform/tabs';
import { pickLocale, setMessageSource } from '../ui/i18n';
import { finishPendingSettings } from './backup-service';
import { allAccounts, DB_NAME, type Db, openDatabase } from './db';
import {
  handleMessage,
  judgePendingScans,
  openDevicesPageFor,
  type Services,
  settingsChanged,
  siteNameOf,
} from './handlers';
import { warningNotification } from './notification-text';
import { REMINDER_ALARM, REMINDER_CHECK_MINUTES, runReminders } from './reminders';
import { badgeCount } from './scan-service';

// Notifications speak the browser's language, read from `_locales` by the i18n API (no catalog chunk here).
setMessageSource(getMessage, pickLocale(uiLanguage()));

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

async function refreshBadge(): Promise<void> {
  await showWarningCount(await badgeCount(await db()));
}

const services: Services = {
  db,
  settings: loadSettings,
  now: () => Date.now(),
  openTab,
  refreshBadge,
  async onRaised(raised) {
    const text = warningNotification(raised);
    if (text) await notify(text.title, text.message);
  },
  identity: ownIdentity(),
  sites: siteServices,
  saveSettings,
  recreateDb,
  emergency: { load: loadEmergency, save: saveEmergency },
  appVersion: ownVersion(),
};

listenForMessages((message, sender) => serial(() => handleMessage(message, sender, services)));

// Settings have one writer, this worker (the saveSettings message and its own actions), and each write judges
// once where it is made (handlers.ts, commitSettings): nothing listens for storage changes here.

onAlarm((name) => {
  if (name !== REMINDER_ALARM) return;
  void serial(async () =>
    runReminders({
      accounts: async () => allAccounts(await db()),
      settings: loadSettings,
      siteName: (siteId) => siteNameOf(siteId, services),
      loadLog: loadReminderLog,
      saveLog: saveReminderLog,
      notify,
      now: () => Date.now(),
    }),
  );
});

// A reminder's click opens that account's device page with the log-out button highlighted.
onNotificationClicked((id) => {
  const accountId = accountOfNotificationId(id);
  if (accountId) void serial(() => openDevicesPageFor(accountId, services));
});

void ensureAlarm(REMINDER_ALARM, REMINDER_CHECK_MINUTES);

// The badge is not persisted across browser restarts in every browser; restore it on wake. A scan stored by a
// worker stopped before judging it is judged first (scan-service.ts, judgeUnjudged).
void serial(async () => {
  try {
    // Stored items that no longer validate are set aside (the options page lists them) before anything judges.
    await quarantineBadSettings();
    // An import or wipe stopped after its data committed: its settings are written before anything reads them.
    if (await finishPendingSettings(await db(), saveSettings)) await settingsChanged(services, await loadSettings());
    await judgePendingScans(services);
  } finally {
    await refreshBadge();
  }
});
