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
  onSettingsChanged,
  saveEmergency,
  saveReminderLog,
  saveSettings,
} from '../platform/storage';
import { openTab } from '../platform/tabs';
import { pickLocale, setMessageSource } from '../ui/i18n';
import { allAccounts, type Db, openDatabase } from './db';
import {
  handleMessage,
  isReadOnlyMessage,
  judgePendingScans,
  openDevicesPageFor,
  type Services,
  siteNameOf,
} from './handlers';
import { warningNotification } from './notification-text';
import { REMINDER_ALARM, REMINDER_CHECK_MINUTES, runReminders } from './reminders';
import { pruneIfRetentionChanged } from './retention';
import { badgeCount, reevaluateAll } from './scan-service';

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
  emergency: { load: loadEmergency, save: saveEmergency },
  appVersion: ownVersion(),
};

// Reading messages (the popup's overview) skip the queue: they never wait behind a scan being read or judged.
listenForMessages((message, sender) =>
  isReadOnlyMessage(message)
    ? handleMessage(message, sender, services)
    : serial(() => handleMessage(message, sender, services)),
);

onSettingsChanged((settings) => {
  void serial(async () => {
    // A shorter retention applies now, not at the next scan or the next day (and the judging reads less).
    await pruneIfRetentionChanged(await db(), settings.retentionDays, Date.now());
    await reevaluateAll(await db(), settings, Date.now());
    await refreshBadge();
  });
});

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
    await judgePendingScans(services);
  } finally {
    await refreshBadge();
  }
});
