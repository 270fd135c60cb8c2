import { useSignal } from '@preact/signals';
import { customSiteId } from '../src/core/sites';
import { sendMessage } from '../src/platform/messaging';
import { addSiteOptionsUrl, openTab } from '../src/platform/tabs';
import type { ResponseOf } from '../src/shared/contract';
import { errorText, t } from '../src/ui/i18n';
import type { PopupModel } from './model';

const POLL_MS = 400;
const POLL_LIMIT = 20;

/** Reads the current tab once, for pages no site covers, and offers to watch that site from then on. */
export function ScanThisPage({ model }: { model: PopupModel }) {
  const state = useSignal<'idle' | 'reading' | 'read' | 'nothing'>('idle');
  const result = useSignal<ResponseOf<'scanActiveTab'> | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);

  async function scan(): Promise<void> {
    error.value = undefined;
    try {
      const r = await sendMessage('scanActiveTab', {});
      result.value = r;
      if (!r.isInjected) return;
      state.value = 'reading';
      const siteId = r.url ? customSiteId(new URL(r.url).hostname) : undefined;
      // The scan reaches the worker from the page; the overview shows it once stored.
      for (let i = 0; i < POLL_LIMIT; i++) {
        await model.load();
        if (model.accounts.value.some((a) => a.account.siteId === siteId)) {
          state.value = 'read';
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      state.value = 'nothing';
    } catch (err) {
      error.value = errorText(err);
    }
  }

  const r = result.value;
  return (
    <section class="scan-this-page" aria-label={t('scanThisPage')}>
      <button type="button" class="btn btn--small" onClick={() => void scan()} disabled={state.value === 'reading'}>
        {t('scanThisPage')}
      </button>
      <p class="muted small" data-testid="scan-this-page-status" aria-live="polite">
        {r?.isRegistered && t('scanAlreadyWatched', r.siteName ?? '')}
        {state.value === 'reading' && t('scanReading')}
        {state.value === 'read' && t('scanRead')}
        {state.value === 'nothing' && t('scanNothing')}
      </p>
      {r && !r.isRegistered && r.suggestedPattern && (
        <button
          type="button"
          class="btn btn--ghost btn--small"
          onClick={() => void openTab(addSiteOptionsUrl(r.suggestedPattern))}
        >
          {t('watchThisSite')}
        </button>
      )}
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
    </section>
  );
}
