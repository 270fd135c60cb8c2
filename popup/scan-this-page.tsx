import { t } from '../src/ui/i18n';
import type { PopupModel } from './model';

/** Reads the current tab once, for pages no site covers, and offers to watch that site from then on. */
export function ScanThisPage({ model, openAddSite }: { model: PopupModel; openAddSite: (pattern: string) => void }) {
  const { state, result, error, scan } = model.scanThisPage;
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
        <button type="button" class="btn btn--ghost btn--small" onClick={() => openAddSite(r.suggestedPattern)}>
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
