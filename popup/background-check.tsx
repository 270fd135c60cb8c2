import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { languageTag, t } from '../src/ui/i18n';
import type { PopupModel } from './model';

type Schedule = NonNullable<AccountView['check']>['schedule'];
const SCHEDULES: Schedule[] = ['off', 'daily', 'weekly'];

/** The per-account opt-in (off by default), what it does in plain words, and what the last check could not do. */
export function BackgroundCheck({ view, model }: { view: AccountView; model: PopupModel }) {
  const check = view.check;
  const schedule = check?.schedule ?? 'off';
  const id = `check-${view.account.id.replace(/[^a-z0-9]/gi, '-')}`;
  const when = check?.lastAttemptAt !== undefined ? formatTime(check.lastAttemptAt, model.now(), languageTag()) : '';
  const status = check?.isPaused
    ? t('check_paused')
    : check?.lastResult === 'signed-out'
      ? t('check_signedOut', when)
      : check?.lastResult === 'failed'
        ? t('check_failed', when)
        : undefined;
  return (
    <div class="bg-check" data-testid="background-check">
      <label class="bg-check__row small" for={id}>
        <span>{t('check_label')}</span>
        <select
          id={id}
          value={schedule}
          aria-describedby={`${id}-explain`}
          disabled={model.busy.value.has(`check:${view.account.id}`)}
          onChange={(e) => void model.setBackgroundCheck(view.account.id, e.currentTarget.value as Schedule)}
        >
          {SCHEDULES.map((s) => (
            <option key={s} value={s}>
              {t(`check_${s}`)}
            </option>
          ))}
        </select>
      </label>
      <p id={`${id}-explain`} class="muted small bg-check__explain" hidden={schedule !== 'off'}>
        {t('check_explain')}
      </p>
      {status && (
        <p
          class={`small bg-check__status ${check?.isPaused ? 'bg-check__status--paused' : ''}`}
          data-testid="check-status"
        >
          {status}
          {check?.isPaused && schedule !== 'off' && (
            <>
              {' '}
              <button
                type="button"
                class="btn btn--small btn--ghost"
                data-testid="resume-checks"
                onClick={() => void model.setBackgroundCheck(view.account.id, schedule)}
              >
                {t('check_resume')}
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
