import { computed, signal } from '@preact/signals';
import type { AccountView, Transport } from '../src/shared/contract';

/** The popup's state and actions; the transport is injected so the model runs in tests without a browser. */
export function createPopupModel(transport: Transport) {
  const accounts = signal<AccountView[]>([]);
  const badgeCount = signal(0);
  const isLoading = signal(true);
  const error = signal<string | undefined>(undefined);
  const isEmpty = computed(() => !isLoading.value && !error.value && accounts.value.length === 0);

  async function load(): Promise<void> {
    try {
      const overview = await transport('getOverview', {});
      accounts.value = overview.accounts;
      badgeCount.value = overview.badgeCount;
      error.value = undefined;
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    } finally {
      isLoading.value = false;
    }
  }

  async function setWarningState(id: string, state: 'acknowledged' | 'dismissed'): Promise<void> {
    try {
      await transport('setWarningState', { id, state });
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    }
    await load();
  }

  async function logOutAll(accountId: string): Promise<void> {
    try {
      await transport('openDevicesPage', { accountId });
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    }
  }

  return { accounts, badgeCount, isLoading, error, isEmpty, load, setWarningState, logOutAll };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
