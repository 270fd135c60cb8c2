import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { builtInSites } from '../src/core/sites';
import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { formatNumber, languageTag, reasonText, t, tn } from '../src/ui/i18n';
import { BackgroundCheck, ScanTimes } from './background-check';
import { Evidence } from './evidence';
import { EAGER_CARDS, isPastFirstPaint } from './first-paint';
import { countedIncidents, health, highSignalSessions, type Incident, incidentsOf } from './incidents';
import { canTrustAll, currentSessions, openHighIncidents, overdueDays, type PopupModel } from './model';
import { ScanThisPage } from './scan-this-page';
import { iconOf } from './site-icon';

type Warning = AccountView['warnings'][number];
type Session = AccountView['sessions'][number];

function SiteIcon({ view }: { view: AccountView }) {
  const icon = iconOf(view);
  if ('src' in icon) return <img class="site-icon" src={icon.src} alt="" width={28} height={28} />;
  return (
    <span class={`site-icon site-icon--${view.account.siteId.replace(/[^a-z0-9]/gi, '')}`} aria-hidden="true">
      {icon.letter}
    </span>
  );
}

/** One intruder: its reasons as bullets with their evidence, one set of actions for all of them. */
function IncidentItem({ incident, view, model }: { incident: Incident; view: AccountView; model: PopupModel }) {
  const isBusy = model.busy.value.has(incident.id);
  const lead = reasonText(incident.lead);
  const ev = incident.lead.evidence;
  const title = [ev.device, ev.ip].filter((x): x is string => typeof x === 'string' && x !== '').join(' · ');
  const titleId = `incident-${incident.id.replace(/[^a-z0-9]/gi, '-')}`;
  const ref = useRef<HTMLLIElement>(null);
  const asked = model.focusWarning.value;
  const isAsked = asked !== undefined && incident.warnings.some((w) => w.id === asked);
  useEffect(() => {
    if (!isAsked || !ref.current) return;
    ref.current.scrollIntoView({ block: 'start' });
    ref.current.querySelector('button')?.focus();
    model.focusWarning.value = undefined;
  }, [isAsked, model]);
  return (
    <li
      ref={ref}
      class={`warning incident warning--${incident.severity}`}
      data-testid="incident"
      aria-labelledby={titleId}
    >
      <div class="warning__top">
        <span class={`sev sev--${incident.severity}`}>{t(`severity_${incident.severity}`)}</span>
        <span class="warning__reason" id={titleId}>
          {title ? <bdi>{title}</bdi> : <span dir={lead.isLocalised ? undefined : 'auto'}>{lead.text}</span>}
        </span>
      </div>
      <ul class="reasons" aria-label={t('incidentWhy')}>
        {incident.reasons.map((r, i) => {
          const text = reasonText(r);
          return (
            <li key={`${r.rule}-${i}`} class={`reason reason--${r.severity}`} data-testid="warning">
              <span dir={text.isLocalised ? undefined : 'auto'}>{text.text}</span>
              <Evidence w={r as Warning} />
            </li>
          );
        })}
      </ul>
      <div class="actions">
        {incident.sessionKeys.length > 0 && (
          <button
            type="button"
            class="btn btn--small btn--danger-soft"
            data-testid="sign-out-session"
            onClick={() => void model.signOutSession(incident)}
          >
            {t('signOutThis')}
          </button>
        )}
        <button
          type="button"
          class="btn btn--small btn--danger-soft"
          onClick={() => void model.logOutAll(view.account.id)}
        >
          {t('logOutAll')}
        </button>
        <button
          type="button"
          class="btn btn--small"
          disabled={isBusy}
          onClick={() => void model.answer(incident, 'mine')}
        >
          {t('thisWasMe')}
        </button>
        <button
          type="button"
          class="btn btn--small btn--ghost"
          disabled={isBusy}
          onClick={() => void model.answer(incident, 'dismissed')}
        >
          {t('dismiss')}
        </button>
      </div>
    </li>
  );
}

/** "Which of these sessions are yours?" on a first scan: one checkbox per live session, then a confirmation. */
function FirstScanChoice({ view, model }: { view: AccountView; model: PopupModel }) {
  const live = currentSessions(view);
  const risky = highSignalSessions(view);
  const picked = model.picksOf(view);
  const asking = model.confirming.value?.accountId === view.account.id && model.confirming.value.what === 'trust';
  const id = view.account.id.replace(/[^a-z0-9]/gi, '-');
  return (
    <fieldset class="first-scan" data-testid="first-scan">
      <legend>{t('firstScanTitle')}</legend>
      <p class="small muted">{t('firstScanHint')}</p>
      <ul class="first-scan__list">
        {live.map((s) => {
          const inputId = `pick-${id}-${s.key.replace(/[^a-z0-9]/gi, '-')}`;
          return (
            <li key={s.key} class={risky.has(s.key) ? 'pick pick--risky' : 'pick'} data-testid="first-scan-session">
              <input
                id={inputId}
                type="checkbox"
                checked={picked.has(s.key)}
                onChange={(e) => model.togglePick(view, s.key, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label for={inputId}>
                <bdi>{s.device || t('unknownDevice')}</bdi> <bdi class="ip muted">{s.ip ?? ''}</bdi>
                {s.isCurrent && <span class="tag tag--current">{t('thisDevice')}</span>}
                {risky.has(s.key) && <span class="tag tag--risky">{t('tagRisky')}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      {asking ? (
        <Confirm
          text={tn('firstScanConfirm', picked.size)}
          yes={t('confirmYes')}
          testId="first-scan-confirm"
          onYes={() => void model.trustPicked(view, true)}
          model={model}
        />
      ) : (
        <button
          type="button"
          class="btn btn--small"
          data-testid="first-scan-trust"
          disabled={picked.size === 0}
          onClick={() => void model.trustPicked(view, false)}
        >
          {tn('firstScanTrust', picked.size)}
        </button>
      )}
    </fieldset>
  );
}

/** A question asked in place, before an action that cannot be taken back as easily (Enter on "Cancel" backs out). */
function Confirm(p: { text: string; yes: string; testId: string; onYes: () => void; model: PopupModel }) {
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

/** "Mark reviewed": asks first while high incidents are open (a review is not an answer to them). */
function ReviewButton({ view, model }: { view: AccountView; model: PopupModel }) {
  const asking = model.confirming.value?.accountId === view.account.id && model.confirming.value.what === 'review';
  if (asking)
    return (
      <Confirm
        text={tn('reviewWithHigh', openHighIncidents(view))}
        yes={t('markReviewedAnyway')}
        testId="review-confirm"
        onYes={() => void model.markReviewed(view.account.id, true)}
        model={model}
      />
    );
  return (
    <button type="button" class="btn btn--small btn--ghost" onClick={() => void model.markReviewed(view.account.id)}>
      {t('markReviewed')}
    </button>
  );
}

function SessionRow({ s, isFlagged }: { s: Session; isFlagged: boolean }) {
  const lang = languageTag();
  return (
    <tr class={isFlagged ? 'session--intruder' : undefined} data-testid="session" data-flagged={isFlagged || undefined}>
      <td>
        <bdi>{s.device || t('unknownDevice')}</bdi>
        {isFlagged && <span class="tag tag--intruder">{t('tagIntruder')}</span>}
        {s.isCurrent && <span class="tag tag--current">{t('thisDevice')}</span>}
        {!s.isCurrent && s.status === 'online' && <span class="tag tag--online">{t('online')}</span>}
      </td>
      <PlaceCell session={s} />
      <td class="when">{formatTime(s.lastActive, Date.now(), lang)}</td>
    </tr>
  );
}

/** Live sessions in two groups: the ones an incident is about (marked), then the user's own devices. */
function SessionsTable({ view, incidents }: { view: AccountView; incidents: Incident[] }) {
  const lang = languageTag();
  const live = currentSessions(view);
  const gone = view.sessions.filter((s) => s.goneAt !== undefined);
  const flaggedKeys = new Set(incidents.flatMap((i) => i.sessionKeys));
  const flagged = live.filter((s) => flaggedKeys.has(s.key));
  const quiet = live.filter((s) => !flaggedKeys.has(s.key));
  return (
    <table class="sessions" aria-label={t('sessions')}>
      <thead>
        <tr>
          <th scope="col">{t('colDevice')}</th>
          <th scope="col">{t('colIpPlace')}</th>
          <th scope="col">{t('colLastActive')}</th>
        </tr>
      </thead>
      {flagged.length > 0 && (
        <tbody>
          <tr class="group">
            <th scope="rowgroup" colSpan={3}>
              {t('sectionAttention')}
            </th>
          </tr>
          {flagged.map((s) => (
            <SessionRow key={s.key} s={s} isFlagged={true} />
          ))}
        </tbody>
      )}
      {quiet.length > 0 && (
        <tbody data-testid="your-devices">
          <tr class="group">
            <th scope="rowgroup" colSpan={3}>
              {t('sectionYourDevices')}
            </th>
          </tr>
          {quiet.map((s) => (
            <SessionRow key={s.key} s={s} isFlagged={false} />
          ))}
        </tbody>
      )}
      {gone.length > 0 && (
        <tbody>
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
      )}
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

/**
 * One account: its incidents worst first ("Needs your attention"), its sessions (the intruders' rows marked, then
 * "Your devices"), then low-priority notes apart. A card below the fold draws its session table after the first
 * paint (see first-paint.ts).
 */
function AccountCard({ view, model, index }: { view: AccountView; model: PopupModel; index: number }) {
  const lang = languageTag();
  const now = model.now();
  const hint = view.account.hint === 'default' ? t('account') : view.account.hint;
  const overdue = overdueDays(view, now);
  const live = currentSessions(view);
  const incidents = model.incidents.value.get(view.account.id) ?? incidentsOf(view);
  const counted = countedIncidents(incidents);
  const low = incidents.filter((i) => i.severity === 'low');
  const headingId = `card-${view.account.id.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <section
      class={`card ${counted.length ? 'card--alert' : ''}`}
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
        <span class={`pill ${counted.length ? 'pill--bad' : 'pill--ok'}`} data-testid="account-warning-count">
          {counted.length ? tn('openWarnings', counted.length) : t('allGood')}
        </span>
      </header>
      {view.isLearning && (
        <p class="muted small" data-testid="learning">
          {t('learning')}
        </p>
      )}
      <BackgroundCheck view={view} model={model} />
      {overdue !== undefined && (
        <div class="nudge" data-testid="review-nudge">
          <span>{tn('notReviewedFor', overdue)}</span>
          <ReviewButton view={view} model={model} />
        </div>
      )}
      {canTrustAll(view) && <FirstScanChoice view={view} model={model} />}
      {counted.length > 0 && (
        <section class="section" aria-labelledby={`${headingId}-attention`}>
          <h3 class="section__title" id={`${headingId}-attention`}>
            {t('sectionAttention')}
          </h3>
          <ul class="warnings">
            {counted.map((i) => (
              <IncidentItem key={i.id} incident={i} view={view} model={model} />
            ))}
          </ul>
        </section>
      )}
      {(index < EAGER_CARDS || isPastFirstPaint.value) && <SessionsTable view={view} incidents={counted} />}
      {low.length > 0 && (
        <details class="low-warnings" open={counted.length === 0} data-testid="low-notes">
          <summary>{tn('lowWarnings', low.length)}</summary>
          <ul class="warnings" aria-label={tn('lowWarnings', low.length)}>
            {low.map((i) => (
              <IncidentItem key={i.id} incident={i} view={view} model={model} />
            ))}
          </ul>
        </details>
      )}
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
        {overdue === undefined && <ReviewButton view={view} model={model} />}
      </div>
    </section>
  );
}

/** One line of health above the cards: how many accounts need attention, or when all were last checked. */
function HealthLine({ model }: { model: PopupModel }) {
  const h = health(model.accounts.value);
  if (!h) return null;
  const text =
    h.kind === 'attention'
      ? tn('healthAttention', h.needing, formatNumber(h.total))
      : tn('healthAllGood', h.total, formatTime(h.lastChecked, model.now(), languageTag()));
  return (
    <p class={`health health--${h.kind}`} data-testid="health">
      {text}
    </p>
  );
}

/** "Dismissed and trusted": the answers given from the popup, each one can be taken back. */
function AnswersList({ model }: { model: PopupModel }) {
  const answers = model.answers.value;
  const lang = languageTag();
  return (
    <details
      class="answers"
      data-testid="answers"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) void model.loadAnswers();
      }}
    >
      <summary>{t('answersTitle')}</summary>
      {answers.length === 0 ? (
        <p class="small muted">{t('answersEmpty')}</p>
      ) : (
        <ul class="answers__list">
          {answers.map((a) => (
            <li key={a.id} data-testid="answer">
              <span class="small">
                {a.kind === 'trusted' && a.trust
                  ? t('answerTrusted', a.label, a.trust.name)
                  : t('answerDismissed', a.label)}{' '}
                <span class="muted">{formatTime(a.at, model.now(), lang)}</span>
              </span>
              <button
                type="button"
                class="btn btn--small btn--ghost"
                disabled={model.busy.value.has(`undo:${a.id}`)}
                onClick={() => void model.undo(a.id)}
              >
                {a.kind === 'trusted' && a.trust ? t('answerRemoveTrust') : t('answerReopen')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
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

const TRUST_NOTICE = {
  dismissed: 'dismissedNotice',
  created: 'trustedCreated',
  widened: 'trustedWidened',
  covered: 'trustedCovered',
  acknowledged: 'acknowledged',
} as const;

function noticeText(n: PopupModel['notice']['value']): string {
  if (n?.kind === 'answered') return t(TRUST_NOTICE[n.change], n.change === 'dismissed' ? n.label : n.name);
  if (n?.kind === 'undone') return t('undoneNotice', n.label);
  if (n?.kind === 'allMine') return tn('allMineDone', n.created, n.widened);
  return '';
}

/**
 * What the last action did, with Undo for a few seconds. The answered incident's buttons are gone, so focus would
 * fall to the body: it goes to Undo, or after an Undo to the first incident's first action.
 */
function NoticeLine({ model }: { model: PopupModel }) {
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

/** The emergency checklist is opened rarely: its code is a chunk of its own, loaded when it is opened. */
function LazyEmergencyDialog({ view, model }: { view: AccountView; model: PopupModel }) {
  const loaded = useSignal<typeof import('./emergency-dialog') | undefined>(undefined);
  useEffect(() => {
    void import('./emergency-dialog').then((m) => {
      loaded.value = m;
    });
  }, [loaded]);
  const Dialog = loaded.value?.EmergencyDialog;
  return Dialog ? <Dialog view={view} model={model} /> : null;
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
      <HealthLine model={model} />
      <NoticeLine model={model} />
      {model.checklistOverdue.value.length > 0 && (
        <details class="checklist-due" data-testid="checklist-overdue">
          <summary>{tn('checklistOverdue', model.checklistOverdue.value.length)}</summary>
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
      {!model.isLoading.value && !model.isEmpty.value && <AnswersList model={model} />}
      {openView && <LazyEmergencyDialog view={openView} model={model} />}
    </main>
  );
}
