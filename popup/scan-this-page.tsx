import { t } from '../src/ui/i18n';
import type { PopupModel } from './model';
import { createScanThisPageModel, type ScanThisPageModel } from './scan-this-page-model';

// Made with this chunk, after the first paint (the popup's first script has a size budget), once per popup model.
const models = new WeakMap<PopupModel, ScanThisPageModel>();
function scanModelOf(model: PopupModel): ScanThisPageModel {
  let scan = models.get(model);
  if (!scan) {
    scan = createScanThisPageModel(model.transport, model.accounts);
    models.set(model, scan);
  }
  return scan;
}

/** Reads the current tab once, for pages no site covers, and offers to watch that site from then on. */
export function ScanThisPage({ model, openAddSite }: { model: PopupModel; openAddSite: (pattern: string) => void }) {
  const { state, result, error, scan } = scanModelOf(model);
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
