import { showWarningCount } from '../platform/action';
import { listenForMessages, ownIdentity, ownVersion } from '../platform/messaging';
import { notify } from '../platform/notifications';
import { siteServices } from '../platform/scripting';
import { loadSettings, onSettingsChanged, saveSettings } from '../platform/storage';
import { openTab } from '../platform/tabs';
import { type Db, openDatabase } from './db';
import { handleMessage, type Services } from './handlers';
import { badgeCount, reevaluateAll } from './scan-service';

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
    const first = raised[0];
    if (!first) return;
    const more = raised.length > 1 ? ` (+${raised.length - 1} more)` : '';
    await notify(`${first.siteName}: new warning${more}`, first.reason);
  },
  identity: ownIdentity(),
  sites: siteServices,
  saveSettings,
  appVersion: ownVersion(),
};

listenForMessages((message, sender) => serial(() => handleMessage(message, sender, services)));

onSettingsChanged((settings) => {
  void serial(async () => {
    await reevaluateAll(await db(), settings, Date.now());
    await refreshBadge();
  });
});

// The badge is not persisted across browser restarts in every browser; restore it on wake.
void serial(refreshBadge);
