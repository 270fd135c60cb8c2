import laterEnglish from 'virtual:popup-later-messages';
import { useEffect, useRef } from 'preact/hooks';
import type { AccountView } from '../src/shared/contract';
import { EMERGENCY_STEPS } from '../src/shared/emergency-steps';
import { formatAbsolute } from '../src/shared/format';
import { addEnglish, languageTag, t } from '../src/ui/i18n';
import { trapTab } from '../src/ui/trap-tab';
import { linksFor, stepLink } from './emergency';
import type { PopupModel } from './model';

// The dialog's English words come with the popup's later part (scripts/popup-messages.ts), which this chunk may
// be opened before.
addEnglish(laterEnglish);

/** "I think my account is compromised": the checklist for one account, as a modal dialog (Escape closes it). */
export function EmergencyDialog({ view, model }: { view: AccountView; model: PopupModel }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const id = view.account.id;
  const checklist = model.emergency.value[id];
  const done = new Set(checklist?.done ?? []);
  const links = linksFor(view);
  const hint = view.account.hint === 'default' ? t('account') : view.account.hint;
  return (
    <dialog
      ref={ref}
      class="emergency"
      aria-labelledby="emergency-title"
      data-testid="emergency"
      onClose={() => model.closeEmergency()}
      onKeyDown={(e) => trapTab(e, ref.current)}
    >
      <h2 id="emergency-title">{t('emergencyTitle', `${view.siteName} · ${hint}`)}</h2>
      {checklist && (
        <p class="muted small" data-testid="emergency-started">
          {t('emergencyStarted', formatAbsolute(checklist.startedAt, languageTag()))} ·{' '}
          {t('emergencyProgress', done.size, EMERGENCY_STEPS.length)}
        </p>
      )}
      <p class="small">{t('emergencyIntro')}</p>
      <ol class="steps">
        {EMERGENCY_STEPS.map((step) => {
          const url = stepLink(links, step);
          const inputId = `step-${step}`;
          return (
            <li key={step} class={done.has(step) ? 'step step--done' : 'step'} data-testid="emergency-step">
              <input
                id={inputId}
                type="checkbox"
                checked={done.has(step)}
                onChange={(e) => void model.toggleStep(id, step, (e.currentTarget as HTMLInputElement).checked)}
              />
              <label for={inputId}>{t(`step_${step}`)}</label>
              {step === 'logout' ? (
                <button type="button" class="link-button" onClick={() => void model.logOutAll(id)}>
                  {t('openPage')}
                </button>
              ) : url ? (
                <a class="step__link" href={url} target="_blank" rel="noreferrer">
                  {t('openPage')}
                </a>
              ) : (
                <span class="muted small">{t('noLink')}</span>
              )}
              {step === 'apiKeys' && <Backdoors view={view} model={model} kind="apiKeys" />}
              {step === 'history' && <Backdoors view={view} model={model} kind="whitelist" />}
            </li>
          );
        })}
      </ol>
      <div class="actions actions--end">
        <button type="button" class="btn btn--ghost btn--small" onClick={() => void model.endEmergency(id)}>
          {t('emergencyReset')}
        </button>
        <button type="button" class="btn btn--small" onClick={() => model.closeEmergency()}>
          {t('close')}
        </button>
      </div>
    </dialog>
  );
}

/**
 * The keys (or withdrawal addresses) the account's pages show, the ones not confirmed first: each with a button to
 * the site's page, where the guide outlines that one's own delete control.
 */
function Backdoors({ view, model, kind }: { view: AccountView; model: PopupModel; kind: 'apiKeys' | 'whitelist' }) {
  const items = kind === 'apiKeys' ? (view.backdoors?.apiKeys ?? []) : (view.backdoors?.whitelist ?? []);
  if (!items.length) return null;
  return (
    <ul class="backdoors small" data-testid={`emergency-${kind}`}>
      {items.map((x) => {
        const detail = 'permissions' in x ? x.permissions.join(', ') : (x.network ?? '');
        return (
          <li key={x.id} data-testid="emergency-backdoor" data-confirmed={x.isConfirmed || undefined}>
            <bdi>{[x.label, x.masked].filter(Boolean).join(' · ') || '—'}</bdi>
            {detail && <span class="muted"> · {detail}</span>}
            {!x.isConfirmed && <span class="sev sev--high">{t('notConfirmed')}</span>}
            <button
              type="button"
              class="link-button"
              onClick={() =>
                void model.openBackdoorPage(
                  view.account.id,
                  kind === 'apiKeys' ? { apiKeyId: x.id } : { addressId: x.id },
                )
              }
            >
              {kind === 'apiKeys' ? t('deleteThisKey') : t('removeThisAddress')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
