import type { CheckLog } from '../core/background-check';
import type { Answer } from '../shared/answers';
import type { EmergencyState } from '../shared/emergency';
import type { Guidance } from '../shared/guide';
import { openDatabase } from './db';
import type { Services, SiteServices } from './handlers';

/** The worker's services a test names itself; `completeServices` gives it working fakes of the rest. */
type Rest =
  | 'saveSettings'
  | 'recreateDb'
  | 'appVersion'
  | 'sites'
  | 'emergency'
  | 'checks'
  | 'checkLog'
  | 'answers'
  | 'clock';
export type TestServices = Omit<Services, Rest> & Partial<Pick<Services, Rest>>;

let databases = 0;

/** Sites fakes that behave: tabs get ids, guidance is kept per tab, custom sites' scripts are "registered". */
export function memorySites(): SiteServices {
  let nextTab = 100;
  const guidance = new Map<number, Guidance>();
  return {
    openTab: async () => nextTab++,
    remember: async (tabId, g) => void guidance.set(tabId, g),
    recall: async (tabId) => guidance.get(tabId),
    forget: async (tabId) => void guidance.delete(tabId),
    syncContentScripts: async (sites) => sites.map((s) => `custom-site:${s.id}`).sort(),
    activeTab: async () => undefined,
    injectContentScript: async () => undefined,
    showGuide: async () => undefined,
  };
}

/**
 * Complete services over what the test gives: in-memory stores for the settings writes (kept in `saved`), the
 * emergency checklists, the check log and the answers; a fresh database for a wipe; no background check running.
 */
export function completeServices(given: TestServices): Services & { saved: unknown[] } {
  const saved: unknown[] = [];
  let emergency: EmergencyState = {};
  let checkLog: CheckLog = {};
  let answers: Answer[] = [];
  return {
    saveSettings: async (settings) => void saved.push(settings),
    recreateDb: () => openDatabase(`recreated-${databases++}`),
    appVersion: '0.0.0-test',
    sites: memorySites(),
    emergency: {
      load: async () => emergency,
      save: async (state) => {
        emergency = state;
      },
    },
    checks: { isCheckTab: () => false, noteReading: () => undefined },
    checkLog: {
      load: async () => checkLog,
      save: async (log) => {
        checkLog = log;
      },
    },
    answers: {
      load: async () => answers,
      save: async (next) => {
        answers = next;
      },
    },
    clock: () => performance.now(),
    ...given,
    saved,
  };
}
