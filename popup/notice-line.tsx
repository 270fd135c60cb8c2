import { useEffect, useRef } from 'preact/hooks';
import { reasonText, t, tn } from '../src/ui/i18n';
import type { PopupModel } from './model';

// Loaded with the popup's later part (popup/later.tsx): a notice follows an action, never the first paint.

const TRUST_NOTICE = {
  dismissed: 'dismissedNotice',
  created: 'trustedCreated',
  widened: 'trustedWidened',
  covered: 'trustedCovered',
  acknowledged: 'acknowledged',
} as const;

function noticeText(n: PopupModel['notice']['value']): string {
  if (n?.kind === 'answered') {
    const done = t(TRUST_NOTICE[n.change], n.change === 'dismissed' ? n.label : n.name);
    // On a masked or missing address it says what was trusted instead (no range, the country or any network).
    const what = n.trustNotice ? reasonText({ reason: n.trustNotice.text, message: n.trustNotice.message }).text : '';
    return what ? `${done} ${what}` : done;
  }
  if (n?.kind === 'undone') return t('undoneNotice', n.label);
  if (n?.kind === 'allMine') return tn('allMineDone', n.created, n.widened);
  return '';
}

/**
 * What the last action did, with Undo for a few seconds. The answered incident's buttons are gone, so focus would
 * fall to the body: it goes to Undo, or after an Undo to the first incident's first action.
 */
export function NoticeLine({ model }: { model: PopupModel }) {
  const n = model.notice.value;
  const text = noticeText(n);
  const answerId = n?.kind === 'answered' ? n.answerId : undefined;
  const undoRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!lost) return;
    if (undoRef.current) undoRef.current.focus();
    else document.querySelector<HTMLButtonElement>('[data-testid="incident"] button, .topbar button')?.focus();
  }, [n]);
  return (
    <div class={text ? 'notice' : 'notice notice--empty'} data-testid="notice-line">
      <p role="status" data-testid="notice">
        {text}
      </p>
      {answerId && (
        <button
          ref={undoRef}
          type="button"
          class="btn btn--small"
          data-testid="undo"
          onFocus={() => model.holdUndo(true)}
          onBlur={() => model.holdUndo(false)}
          onMouseEnter={() => model.holdUndo(true)}
          onMouseLeave={() => model.holdUndo(false)}
          onClick={() => void model.undo(answerId)}
        >
          {t('undo')}
        </button>
      )}
    </div>
  );
}
