import { signal, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { formatNumber, languageTag, reasonText, t, tn } from '../src/ui/i18n';
import { backdoorsOf, isOnlyBackdoors } from './backdoors';
import { Confirm } from './confirm';
import { Evidence } from './evidence';
import { EAGER_CARDS, FIRST_PAINT_INCIDENTS, isPastFirstPaint } from './first-paint';
import { countedIncidents, health, type Incident, incidentsOf, isYoursQuestion } from './incidents';
import type * as Later from './later';
import { canTrustAll, currentSessions, openHighIncidents, overdueDays, type PopupModel } from './model';
import { ScanTimes } from './scan-times';
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

/**
 * Reasons an incident shows before "Show N more": one intruder behind a flood of sessions can have up to 50 (the
 * stored cap), which would bury the card's actions. Only a list longer by two or more is folded.
 */
export const REASONS_SHOWN = 5;

/** One intruder: its reasons as bullets with their evidence, one set of actions for all of them. */
function IncidentItem({ incident, view, model }: { incident: Incident; view: AccountView; model: PopupModel }) {
  const isBusy = model.busy.value.has(incident.id);
  const allReasons = useSignal(false);
  const hidden =
    allReasons.value || incident.reasons.length <= REASONS_SHOWN + 1 ? 0 : incident.reasons.length - REASONS_SHOWN;
  const reasons = hidden ? incident.reasons.slice(0, REASONS_SHOWN) : incident.reasons;
  const lead = reasonText(incident.lead);
  const ev = incident.lead.evidence;
  // A key or address no sign-in is tied to is named by its label and masked form.
  const named =
    ev.device || ev.ip ? [ev.device, ev.ip] : [ev.apiKey ?? ev.address, ev.apiKeyMasked ?? ev.addressMasked];
  const title = named.filter((x): x is string => typeof x === 'string' && x !== '').join(' · ');
  const backdoors = backdoorsOf(incident);
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
        {reasons.map((r, i) => {
          const text = reasonText(r);
          return (
            <li key={`${r.rule}-${i}`} class={`reason reason--${r.severity}`} data-testid="warning">
              <span dir={text.isLocalised ? undefined : 'auto'}>{text.text}</span>
              <Evidence w={r as Warning} />
            </li>
          );
        })}
      </ul>
      {hidden > 0 && (
        <button
          type="button"
          class="btn btn--small btn--ghost reasons__more"
          data-testid="more-reasons"
          aria-expanded="false"
          onClick={() => {
            allReasons.value = true;
          }}
        >
          {tn('incidentMoreReasons', hidden)}
        </button>
      )}
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
        {backdoors.apiKeyId !== undefined && (
          <button
            type="button"
            class="btn btn--small btn--danger-soft"
            data-testid="delete-api-key"
            onClick={() => void model.openBackdoorPage(view.account.id, { apiKeyId: backdoors.apiKeyId })}
          >
            {t('deleteThisKey')}
          </button>
        )}
        {backdoors.addressId !== undefined && (
          <button
            type="button"
            class="btn btn--small btn--danger-soft"
            data-testid="remove-address"
            onClick={() => void model.openBackdoorPage(view.account.id, { addressId: backdoors.addressId })}
          >
            {t('removeThisAddress')}
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
          {isOnlyBackdoors(incident) ? t('iAddedIt') : t('thisWasMe')}
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
 * One account: its incidents worst first ("Needs your attention"), on a first scan the checklist asking which
 * sessions are the user's (where the "is it yours?" notes are answered), its sessions (the intruders' rows marked,
 * then "Your devices"), then low-priority notes apart. A card below the fold first draws its name (the site, the
 * account, how many incidents it has) and the rest right after the first paint (see first-paint.ts).
 */
function AccountCard({ view, model, index }: { view: AccountView; model: PopupModel; index: number }) {
  const lang = languageTag();
  const now = model.now();
  const hint = view.account.hint === 'default' ? t('account') : view.account.hint;
  const live = currentSessions(view);
  const incidents = model.incidents.value.get(view.account.id) ?? incidentsOf(view);
  const counted = countedIncidents(incidents);
  const headingId = `card-${view.account.id.replace(/[^a-z0-9]/gi, '-')}`;
  const isFull = index < EAGER_CARDS || isPastFirstPaint.value;
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
          {isFull && (
            <div class="muted small card__meta">
              <ScanTimes view={view} now={now} />
              <span>
                {view.account.lastReviewedAt
                  ? t('reviewed', formatTime(view.account.lastReviewedAt, now, lang))
                  : t('neverReviewed')}
              </span>
              <span data-testid="session-count">{t('sessionsCount', live.length)}</span>
            </div>
          )}
        </div>
        <span class={`pill ${counted.length ? 'pill--bad' : 'pill--ok'}`} data-testid="account-warning-count">
          {counted.length ? tn('openWarnings', counted.length) : t('allGood')}
        </span>
      </header>
      {isFull && <CardBody view={view} model={model} headingId={headingId} incidents={incidents} />}
    </section>
  );
}

/** What a card shows under its heading; a card below the fold draws it right after the first paint, and every card its session table. */
function CardBody({
  view,
  model,
  headingId,
  incidents,
}: {
  view: AccountView;
  model: PopupModel;
  headingId: string;
  incidents: ReturnType<typeof incidentsOf>;
}) {
  const overdue = overdueDays(view, model.now());
  const counted = countedIncidents(incidents);
  const isAskingWhich = canTrustAll(view);
  // The "is it yours?" notes are the checklist's rows while it is shown.
  const low = incidents.filter((i) => i.severity === 'low' && !(isAskingWhich && isYoursQuestion(i)));
  return (
    <>
      {view.isLearning && (
        <p class="muted small" data-testid="learning">
          {t('learning')}
        </p>
      )}
      {later.value && <later.value.BackgroundCheck view={view} model={model} />}
      {overdue !== undefined && (
        <div class="nudge" data-testid="review-nudge">
          <span>{tn('notReviewedFor', overdue)}</span>
          <ReviewButton view={view} model={model} />
        </div>
      )}
      {counted.length > 0 && (
        <section class="section" aria-labelledby={`${headingId}-attention`}>
          <h3 class="section__title" id={`${headingId}-attention`}>
            {t('sectionAttention')}
          </h3>
          <ul class="warnings">
            {(isPastFirstPaint.value ? counted : counted.slice(0, FIRST_PAINT_INCIDENTS)).map((i) => (
              <IncidentItem key={i.id} incident={i} view={view} model={model} />
            ))}
          </ul>
        </section>
      )}
      {isAskingWhich && later.value && <later.value.FirstScanChoice view={view} model={model} />}
      {isPastFirstPaint.value && <SessionsTable view={view} incidents={counted} />}
      {low.length > 0 && (isPastFirstPaint.value || counted.length === 0) && (
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
    </>
  );
}

/** One line of health above the cards: how many accounts need attention, or when all were last checked. */
function HealthLine({ model }: { model: PopupModel }) {
  const h = health(model.accounts.value);
  if (!h) return null;
  const text =
    h.kind === 'attention'
      ? h.total === 1
        ? t('healthAttentionOnly')
        : tn('healthAttention', h.needing, formatNumber(h.total))
      : tn('healthAllGood', h.total, formatTime(h.lastChecked, model.now(), languageTag()));
  return (
    <p class={`health health--${h.kind}`} data-testid="health">
      {text}
    </p>
  );
}

/**
 * What the first paint can do without: the background-check control and the "Dismissed and trusted" list, a chunk
 * of their own loaded right after the first paint with data (the first script stays within its budget).
 */
const later = signal<typeof Later | undefined>(undefined);
function loadLater(): void {
  if (!later.value) void import('./later').then((m) => (later.value = m));
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

export function Popup({
  model,
  openOptions,
  openAddSite,
}: {
  model: PopupModel;
  openOptions: () => void;
  /** Opens the options page's add-site form on a pattern ("Watch this site"). */
  openAddSite: (pattern: string) => void;
}) {
  const open = model.emergencyFor.value;
  const openView = open ? model.accounts.value.find((a) => a.account.id === open) : undefined;
  // After the first paint with data: loaded while the overview is on its way, its code competed with the worker's
  // answer for the processor.
  const isPast = isPastFirstPaint.value;
  useEffect(() => {
    if (isPast) loadLater();
  }, [isPast]);
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
      {later.value ? (
        <later.value.NoticeLine model={model} />
      ) : (
        // The live region is there from the first paint; what it says (after an action) comes with the later part.
        <div class="notice notice--empty" data-testid="notice-line">
          <p role="status" data-testid="notice" />
        </div>
      )}
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
      {model.isEmpty.value && later.value && <later.value.Empty openOptions={openOptions} />}
      {model.sorted.value.map((view, index) => (
        <AccountCard key={view.account.id} view={view} model={model} index={index} />
      ))}
      {later.value && <later.value.ScanThisPage model={model} openAddSite={openAddSite} />}
      {later.value && !model.isLoading.value && !model.isEmpty.value && <later.value.AnswersList model={model} />}
      {openView && <LazyEmergencyDialog view={openView} model={model} />}
    </main>
  );
}
