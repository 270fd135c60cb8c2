import { t } from '../src/ui/i18n';
import type { PopupModel } from './model';

/** A question asked in place, before an action that cannot be taken back as easily (Enter on "Cancel" backs out). */
export function Confirm(p: { text: string; yes: string; testId: string; onYes: () => void; model: PopupModel }) {
  return (
    <div class="confirm" data-testid={p.testId}>
      <p class="small">{p.text}</p>
      <div class="actions">
        <button type="button" class="btn btn--small" onClick={p.onYes}>
          {p.yes}
        </button>
        <button type="button" class="btn btn--small btn--ghost" onClick={() => p.model.cancelConfirm()}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
