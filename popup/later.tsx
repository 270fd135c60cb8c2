// Loaded after the popup's first paint (popup.tsx, loadLater): controls below the fold or used rarely, with their
// English strings (the first script's catalog leaves them out).
import laterEnglish from 'virtual:popup-later-messages';

import { builtInSites } from '../src/core/sites';
import type { AccountView } from '../src/shared/contract';
import { formatTime } from '../src/shared/format';
import { addEnglish, languageTag, t, tn } from '../src/ui/i18n';
import { Confirm } from './confirm';
import { highSignalSessions } from './incidents';
import { currentSessions, type PopupModel } from './model';

export { BackgroundCheck } from './background-check';
export { NoticeLine } from './notice-line';
export { ScanThisPage } from './scan-this-page';

addEnglish(laterEnglish);

/** "Dismissed and trusted": the answers given from the popup, each one can be taken back. */
export function AnswersList({ model }: { model: PopupModel }) {
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

/** "Which of these sessions are yours?" on a first scan: one checkbox per live session, then a confirmation. */
export function FirstScanChoice({ view, model }: { view: AccountView; model: PopupModel }) {
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

/** No account yet: what to open, with a link to every supported site. */
export function Empty({ openOptions }: { openOptions: () => void }) {
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
