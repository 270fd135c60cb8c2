import { useSignal } from '@preact/signals';
import { formatTime } from '../src/shared/format';
import { directionOf, errorText, languageTag, reasonText } from '../src/ui/i18n';
import type { ActivityModel } from './activity-model';
import { downloadText } from './download-text';
import { type AccountHealth, overviewOf, saveReport } from './overview-model';
import { S } from './strings';

/** How many open warnings an account lists before "and N more". */
const SHOWN = 5;

function AccountRow({ health, activity }: { health: AccountHealth; activity: ActivityModel }) {
  const { view, open, lowCount } = health;
  const status = useSignal<{ text: string; isError: boolean } | undefined>(undefined);
  const label = `${view.siteName} ${view.account.hint}`;
  const headingId = `overview-${view.account.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  async function onSave() {
    status.value = undefined;
    try {
      const tag = languageTag();
      const file = await saveReport(
        {
          transport: activity.transport,
          download: downloadText,
          now: Date.now,
          language: tag,
          isRtl: directionOf(tag) === 'rtl',
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          labels: S.report.labels(),
          words: S.report.words(),
        },
        view,
        activity.emergency.value[view.account.id],
      );
      status.value = { text: S.report.saved(file), isError: false };
    } catch (err) {
      status.value = { text: S.report.failed(errorText(err)), isError: true };
    }
  }
  return (
    <li class={`overview__account${open.length ? ' overview__account--alert' : ''}`} data-testid="overview-account">
      <h3 id={headingId}>{label}</h3>
      <p class="muted small">
        {S.overview.lastScan(formatTime(view.account.lastScanAt, Date.now(), languageTag()))}
        {' · '}
        {open.length ? S.overview.open(open.length) : S.overview.clear}
        {lowCount > 0 && ` ${S.overview.low(lowCount)}`}
      </p>
      {open.length > 0 && (
        <ul class="overview__warnings" aria-labelledby={headingId}>
          {open.slice(0, SHOWN).map((w) => (
            <li key={w.id} data-testid="overview-warning">
              <span class={`sev sev--${w.severity}`}>
                {S.overview.severity(w.severity === 'high' ? 'high' : 'medium')}
              </span>{' '}
              {reasonText(w).text}
            </li>
          ))}
          {open.length > SHOWN && <li class="muted">{S.overview.more(open.length - SHOWN)}</li>}
        </ul>
      )}
      <div class="overview__actions">
        <button
          type="button"
          class="btn"
          data-testid="save-report"
          aria-label={S.report.saveAria(label)}
          onClick={() => void onSave()}
        >
          {S.report.save}
        </button>
        <button
          type="button"
          class="btn btn--ghost"
          data-testid="overview-map-link"
          onClick={() => {
            activity.mapAccountId.value = view.account.id;
            // The map's section takes focus, so keyboard and screen-reader users land where they asked to go.
            const heading = document.getElementById('map-heading');
            heading?.scrollIntoView();
            heading?.focus();
          }}
        >
          {S.overview.showMap}
        </button>
      </div>
      {status.value && (
        <p role={status.value.isError ? 'alert' : 'status'} class={status.value.isError ? 'error' : 'muted small'}>
          {status.value.text}
        </p>
      )}
    </li>
  );
}

/** Open warnings across every account, worst first, each with "Save a report" for the site's support desk. */
export function OverviewPanel({ activity }: { activity: ActivityModel }) {
  const overview = overviewOf(activity.accounts.value);
  const total = overview.accounts.length;
  return (
    <section class="panel" id="overview" aria-labelledby="overview-heading">
      <h2 id="overview-heading">{S.overview.heading}</h2>
      {activity.isLoaded.value && (
        <p class="overview__health" data-testid="overview-health">
          {total === 0
            ? S.overview.none
            : overview.needingAttention
              ? S.overview.attention(overview.needingAttention, total)
              : S.overview.allGood(total, formatTime(overview.lastCheckedAt, Date.now(), languageTag()))}
        </p>
      )}
      {total > 0 && (
        <ul class="overview__accounts">
          {overview.accounts.map((h) => (
            <AccountRow key={h.view.account.id} health={h} activity={activity} />
          ))}
        </ul>
      )}
    </section>
  );
}
