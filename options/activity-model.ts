import { signal } from '@preact/signals';
import type { StoredLogin } from '../src/core/types';
import type { AccountView, Transport } from '../src/shared/contract';
import type { EmergencyState } from '../src/shared/emergency';
import { errorText } from '../src/ui/i18n';

/** How many recent sign-ins the schedule preview judges. */
export const PREVIEW_LOGINS = 2000;
export const HISTORY_LIMIT = 5000;
const DAY_MS = 86_400_000;

/** What the worker has stored, for previews and the history view; the transport is injected. */
export function createActivityModel(transport: Transport, now: () => number = Date.now) {
  const accounts = signal<AccountView[]>([]);
  const recentLogins = signal<StoredLogin[]>([]);
  const history = signal<{ accountId: string; days: number; logins: StoredLogin[]; hasMore: boolean } | undefined>(
    undefined,
  );
  const error = signal<string | undefined>(undefined);
  /** The emergency checklists, for the report's record of what the user did. */
  const emergency = signal<EmergencyState>({});
  const isLoaded = signal(false);
  /** The account the map and timeline show; the first (worst) when unset. */
  const mapAccountId = signal<string | undefined>(undefined);

  const fail = (err: unknown) => {
    error.value = errorText(err);
  };

  async function load(): Promise<void> {
    try {
      const [overview, logins, checklists] = await Promise.all([
        transport('getOverview', {}),
        transport('getLogins', { limit: PREVIEW_LOGINS }),
        transport('getEmergency', {}).catch(() => ({ checklists: {} })),
      ]);
      accounts.value = overview.accounts;
      recentLogins.value = logins.logins;
      emergency.value = checklists.checklists;
      isLoaded.value = true;
      error.value = undefined;
    } catch (err) {
      fail(err);
    }
  }

  async function loadHistory(accountId: string, days: number): Promise<void> {
    try {
      const got = await transport('getLogins', { accountId, since: now() - (days + 1) * DAY_MS, limit: HISTORY_LIMIT });
      history.value = { accountId, days, logins: got.logins, hasMore: got.hasMore };
    } catch (err) {
      fail(err);
    }
  }

  /** "Check this account by itself" (the worker writes the setting and resumes a paused schedule). */
  async function setBackgroundCheck(accountId: string, schedule: 'off' | 'daily' | 'weekly'): Promise<void> {
    try {
      await transport('setBackgroundCheck', { accountId, schedule });
    } catch (err) {
      fail(err);
    }
    await load();
  }

  return {
    accounts,
    recentLogins,
    history,
    emergency,
    isLoaded,
    mapAccountId,
    error,
    load,
    loadHistory,
    setBackgroundCheck,
    transport,
  };
}

export type ActivityModel = ReturnType<typeof createActivityModel>;
