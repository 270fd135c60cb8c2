import { builtInSites } from '../src/core/sites';
import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { languageTag, reasonText, t } from '../src/ui/i18n';
import { BackgroundCheck, ScanTimes } from './background-check';
import { iconOf } from './emergency';
import { EmergencyDialog } from './emergency-dialog';
import { Evidence } from './evidence';
import { EAGER_CARDS, isPastFirstPaint } from './first-paint';
import { canTrustAll, currentSessions, overdueDays, type PopupModel } from './model';
import { ScanThisPage } from './scan-this-page';

type Warning = AccountView['warnings'][number];

function SiteIcon({ view }: { view: AccountView }) {
  const icon = iconOf(view);
  if ('src' in icon) return <img class="site-icon" src={icon.src} alt="" width={28} height={28} />;
  return (
    <span class={`site-icon site-icon--${view.account.siteId.replace(/[^a-z0-9]/gi, '')}`} aria-hidden="true">
      {icon.letter}
    </span>
  );
}

function WarningItem({ w, view, model }: { w: Warning; view: AccountView; model: PopupModel }) {
  const isBusy = model.busy.value.has(w.id);
  const reason = reasonText(w);
  return (
    <li class={`warning warning--${w.severity}`} data-testid="warning">
      <div class="warning__top">
        <span class={`sev sev--${w.severity}`}>{t(`severity_${w.severity}`)}</span>
        <span class="warning__reason" dir={reason.isLocalised ? undefined : 'auto'}>
          {reason.text}
        </span>
      </div>
      <Evidence w={w} />
      <div class="actions">
        <button
          type="button"
          class="btn btn--small btn--danger-soft"
          onClick={() => void model.logOutAll(view.account.id)}
        >
          {t('logOutAll')}
        </button>
        <button type="button" class="btn btn--small" disabled={isBusy} onClick={() => void model.thisWasMe(w.id)}>
          {t('thisWasMe')}
        </button>
        <button
          type="button"
          class="btn btn--small btn--ghost"
          disabled={isBusy}
          onClick={() => void model.setWarningState(w.id, 'dismissed')}
        >
          {t('dismiss')}
        </button>
      </div>
    </li>
  );
}

function SessionsTable({ view }: { view: AccountView }) {
  const lang = languageTag();
  const live = currentSessions(view);
  const gone = view.sessions.filter((s) => s.goneAt !== undefined);
  return (
    <table class="sessions" aria-label={t('sessions')}>
      <thead>
        <tr>
          <th scope="col">{t('colDevice')}</th>
          <th scope="col">{t('colIpPlace')}</th>
          <th scope="col">{t('colLastActive')}</th>
        </tr>
      </thead>
      <tbody>
        {live.map((s) => (
          <tr key={s.key} data-testid="session">
            <td>
              <bdi>{s.device || t('unknownDevice')}</bdi>
              {s.isCurrent && <span class="tag tag--current">{t('thisDevice')}</span>}
              {!s.isCurrent && s.status === 'online' && <span class="tag tag--online">{t('online')}</span>}
            </td>
            <PlaceCell session={s} />
            <td class="when">{formatTime(s.lastActive, Date.now(), lang)}</td>
          </tr>
        ))}
        {gone.map((s) => (
          <tr key={s.key} class="gone" data-testid="session-gone">
            <td>
              <bdi>{s.device || t('unknownDevice')}</bdi> <span class="tag">{t('loggedOut')}</span>
            </td>
            <PlaceCell session={s} />
            <td class="when">{formatTime(s.goneAt, Date.now(), lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** IP (IPv6 wraps at colons) and place: page text, isolated for bidi. */
function PlaceCell({ session: s }: { session: AccountView['sessions'][number] }) {
  return (
    <td>
      <bdi class={s.ip?.includes(':') ? 'ip ip--v6' : 'ip'}>{s.ip ?? '—'}</bdi>
      <div class="muted small">
        <bdi>{s.location ?? ''}</bdi>
      </div>
    </td>
  );
}

/** Reads the emergency state alone, so its answer re-renders these buttons rather than every card. */
function EmergencyButton({ view, model }: { view: AccountView; model: PopupModel }) {
  const inEmergency = model.emergency.value[view.account.id] !== undefined;
  return (
    <button
      type="button"
      class="btn btn--ghost btn--small btn--emergency"
      onClick={() => void model.openEmergency(view.account.id)}
    >
      {inEmergency ? t('emergencyContinue') : t('emergencyOpen')}
    </button>
  );
}

/** A card below the fold draws its session table after the first paint (see first-paint.ts). */
function AccountCard({ view, model, index }: { view: AccountView; model: PopupModel; index: number }) {
  const lang = languageTag();
  const now = model.now();
  const hint = view.account.hint === 'default' ? t('account') : view.account.hint;
  const overdue = overdueDays(view, now);
  const live = currentSessions(view);
  // Low ones (a stale session) fold away so the urgent ones stand out; open when nothing else is there.
  const urgent = view.warnings.filter((w) => w.severity !== 'low');
  const low = view.warnings.filter((w) => w.severity === 'low');
  const headingId = `card-${view.account.id.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <section
      class={`card ${view.openWarningCount ? 'card--alert' : ''}`}
      aria-labelledby={headingId}
      data-testid="account-card"
    >
      <header class="card__head">
        <SiteIcon view={view} />
        <div class="card__id">
          <h2 class="card__title" id={headingId}>
            {view.siteName} <bdi class="card__hint">{hint}</bdi>
          </h2>
          <div class="muted small card__meta">
            <ScanTimes view={view} now={now} />
            <span>
              {view.account.lastReviewedAt
                ? t('reviewed', formatTime(view.account.lastReviewedAt, now, lang))
                : t('neverReviewed')}
            </span>
            <span data-testid="session-count">{t('sessionsCount', live.length)}</span>
          </div>
        </div>
        <span class={`pill ${view.openWarningCount ? 'pill--bad' : 'pill--ok'}`} data-testid="account-warning-count">
          {view.openWarningCount ? t('openWarnings', view.openWarningCount) : t('allGood')}
        </span>
      </header>
      {view.isLearning && (
        <p class="muted small" data-testid="learning">
          {t('learning')}
        </p>
      )}
      <BackgroundCheck view={view} model={model} />
      {overdue !== undefined && (
        <p class="nudge" data-testid="review-nudge">
          <span>{t('notReviewedFor', overdue)}</span>
          <button
            type="button"
            class="btn btn--small btn--ghost"
            onClick={() => void model.markReviewed(view.account.id)}
          >
            {t('markReviewed')}
          </button>
        </p>
      )}
      {canTrustAll(view) && (
        <div class="all-mine">
          <p class="small">{t('allMineHint')}</p>
          <button
            type="button"
            class="btn btn--small"
            disabled={model.busy.value.has(`all:${view.account.id}`)}
            onClick={() => void model.trustAll(view.account.id)}
          >
            {t('allMine')}
          </button>
        </div>
      )}
      {urgent.length > 0 && (
        <ul class="warnings" aria-label={t('warnings')}>
          {urgent.map((w) => (
            <WarningItem key={w.id} w={w} view={view} model={model} />
          ))}
        </ul>
      )}
      {low.length > 0 && (
        <details class="low-warnings" open={urgent.length === 0}>
          <summary>{t('lowWarnings', low.length)}</summary>
          <ul class="warnings" aria-label={t('lowWarnings', low.length)}>
            {low.map((w) => (
              <WarningItem key={w.id} w={w} view={view} model={model} />
            ))}
          </ul>
        </details>
      )}
      {(index < EAGER_CARDS || isPastFirstPaint.value) && <SessionsTable view={view} />}
      <div class="card__foot">
        <button
          type="button"
          class="btn btn--danger"
          data-testid="log-out-all"
          onClick={() => void model.logOutAll(view.account.id)}
        >
          {t('logOutAll')}
        </button>
        <EmergencyButton view={view} model={model} />
        {overdue === undefined && (
          <button
            type="button"
            class="btn btn--ghost btn--small"
            onClick={() => void model.markReviewed(view.account.id)}
          >
            {t('markReviewed')}
          </button>
        )}
      </div>
    </section>
  );
}

function Empty({ openOptions }: { openOptions: () => void }) {
  return (
    <div class="empty" data-testid="empty">
      <h2>{t('emptyTitle')}</h2>
      <p>{t('emptyIntro')}</p>
      <ul class="site-list">
        {builtInSites.map((site) => (
          <li key={site.id}>
            <a href={site.links.devices} target="_blank" rel="noreferrer">
              {site.name}
            </a>
          </li>
        ))}
      </ul>
      <p class="small muted">{t('emptyBinanceHint')}</p>
      <p>{t('emptyOwnSite')}</p>
      <button type="button" class="btn btn--small" onClick={openOptions}>
        {t('emptyAddSite')}
      </button>
      <p class="small">{t('emptyThen')}</p>
    </div>
  );
}

function NoticeLine({ model }: { model: PopupModel }) {
  const n = model.notice.value;
  let text = '';
  if (n?.kind === 'trusted') {
    text =
      n.change === 'created'
        ? t('trustedCreated', n.name)
        : n.change === 'widened'
          ? t('trustedWidened', n.name)
          : n.change === 'covered'
            ? t('trustedCovered', n.name)
            : t('acknowledged');
  } else if (n?.kind === 'allMine') {
    text = t('allMineDone', n.created, n.widened);
  }
  return (
    <p class={text ? 'notice' : 'notice notice--empty'} role="status" data-testid="notice">
      {text}
    </p>
  );
}

export function Popup({ model, openOptions }: { model: PopupModel; openOptions: () => void }) {
  const open = model.emergencyFor.value;
  const openView = open ? model.accounts.value.find((a) => a.account.id === open) : undefined;
  return (
    <main class="popup-main">
      <header class="topbar">
        <h1>{t('popupTitle')}</h1>
        <button type="button" class="btn btn--ghost btn--small" onClick={openOptions}>
          {t('settings')}
        </button>
      </header>
      {model.error.value && (
        <p role="alert" class="error">
          {model.error.value}
        </p>
      )}
      {model.storageProblem.value && (
        <p role="alert" class="error" data-testid="storage-problem">
          {model.storageProblem.value}
        </p>
      )}
      <NoticeLine model={model} />
      {model.checklistOverdue.value.length > 0 && (
        <details class="checklist-due" data-testid="checklist-overdue">
          <summary>{t('checklistOverdue', model.checklistOverdue.value.length)}</summary>
          <ul>
            {model.checklistOverdue.value.map((o) => (
              <li key={`${o.account}|${o.item}`}>
                <bdi>{o.account}</bdi>: {o.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {model.isLoading.value && <p class="muted">{t('loading')}</p>}
      {model.isEmpty.value && <Empty openOptions={openOptions} />}
      {model.sorted.value.map((view, index) => (
        <AccountCard key={view.account.id} view={view} model={model} index={index} />
      ))}
      <ScanThisPage model={model} />
      {openView && <EmergencyDialog view={openView} model={model} />}
    </main>
  );
}
