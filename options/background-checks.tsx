import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { languageTag, t } from '../src/ui/i18n';
import type { ActivityModel } from './model';
import { S } from './strings';

type Schedule = NonNullable<AccountView['check']>['schedule'];
const SCHEDULES: Schedule[] = ['off', 'daily', 'weekly'];

/** Background checks per account: off (the default), daily or weekly, with what they do in plain words. */
export function BackgroundChecksPanel({ activity }: { activity: ActivityModel }) {
  const accounts = activity.accounts.value;
  const lang = languageTag();
  return (
    <section id="checks" class="panel" aria-labelledby="checks-heading" data-testid="background-checks">
      <h2 id="checks-heading">{S.checks.heading}</h2>
      <p class="muted">{t('check_explain')}</p>
      {accounts.length === 0 && <p class="muted small">{S.checks.none}</p>}
      {accounts.map((view) => {
        const id = `options-check-${view.account.id.replace(/[^a-z0-9]/gi, '-')}`;
        const check = view.check;
        const when = check?.lastAttemptAt !== undefined ? formatTime(check.lastAttemptAt, Date.now(), lang) : '';
        const status = check?.isPaused
          ? t('check_paused')
          : check?.lastResult === 'signed-out'
            ? t('check_signedOut', when)
            : check?.lastResult === 'failed'
              ? t('check_failed', when)
              : view.account.lastCheckedAt !== undefined
                ? t('checkedByItself', formatTime(view.account.lastCheckedAt, Date.now(), lang))
                : undefined;
        return (
          <div key={view.account.id} class="bg-check" data-testid="background-check-row">
            <label class="bg-check__row" for={id}>
              <span>
                {view.siteName} <bdi>{view.account.hint}</bdi>
              </span>
              <select
                id={id}
                aria-label={`${t('check_label')}: ${view.siteName} ${view.account.hint}`}
                value={check?.schedule ?? 'off'}
                onChange={(e) => void activity.setBackgroundCheck(view.account.id, e.currentTarget.value as Schedule)}
              >
                {SCHEDULES.map((s) => (
                  <option key={s} value={s}>
                    {t(`check_${s}`)}
                  </option>
                ))}
              </select>
            </label>
            {status && (
              <p class="muted small bg-check__explain">
                {status}
                {check?.isPaused && check.schedule !== 'off' && (
                  <>
                    {' '}
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      onClick={() => void activity.setBackgroundCheck(view.account.id, check.schedule)}
                    >
                      {t('check_resume')}
                    </button>
                  </>
                )}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
