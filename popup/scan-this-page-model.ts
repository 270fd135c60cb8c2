import { effect, type ReadonlySignal, signal } from '@preact/signals';
import { customSiteId } from '../src/core/sites';
import type { AccountView, ResponseOf, Transport } from '../src/shared/contract';
import { errorText } from '../src/ui/i18n';

/** How long "Scan this page" waits for the page's scan to show in the overview before saying it found nothing. */
export const SCAN_WAIT_MS = 8000;

/** Calls `then` after `ms`; answers what cancels it. */
export type After = (ms: number, then: () => void) => () => void;

const afterTimeout: After = (ms, then) => {
  const id = setTimeout(then, ms);
  return () => clearTimeout(id);
};

/**
 * "Scan this page": asks the worker to read the current tab once, then follows `accounts` (which the popup reloads
 * whenever the stored data changes, see main.tsx) until the page's account shows, or `SCAN_WAIT_MS` passes.
 */
export function createScanThisPageModel(
  transport: Transport,
  accounts: ReadonlySignal<AccountView[]>,
  after = afterTimeout,
) {
  const state = signal<'idle' | 'reading' | 'read' | 'nothing'>('idle');
  const result = signal<ResponseOf<'scanActiveTab'> | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  let stopWaiting: (() => void) | undefined;

  function settle(next: 'read' | 'nothing'): void {
    stopWaiting?.();
    stopWaiting = undefined;
    state.value = next;
  }

  async function scan(): Promise<void> {
    error.value = undefined;
    stopWaiting?.();
    stopWaiting = undefined;
    try {
      const r = await transport('scanActiveTab', {});
      result.value = r;
      if (!r.isInjected) return;
      const siteId = r.url ? customSiteId(new URL(r.url).hostname) : undefined;
      const isShown = () => accounts.value.some((a) => a.account.siteId === siteId);
      if (isShown()) {
        state.value = 'read';
        return;
      }
      state.value = 'reading';
      // The page's scan reaches the worker from the page (recordPage); the overview shows it once stored.
      const stop = () => {
        cancel();
        unwatch();
      };
      const settleThis = (next: 'read' | 'nothing') => {
        if (stopWaiting === stop) settle(next);
      };
      const cancel = after(SCAN_WAIT_MS, () => settleThis('nothing'));
      let isFirstRun = true;
      const unwatch = effect(() => {
        const shown = isShown();
        // Settled after this run: an effect is not disposed from inside itself.
        if (!isFirstRun && shown) queueMicrotask(() => settleThis('read'));
        isFirstRun = false;
      });
      stopWaiting = stop;
    } catch (err) {
      error.value = errorText(err);
    }
  }

  return { state, result, error, scan };
}

export type ScanThisPageModel = ReturnType<typeof createScanThisPageModel>;
