import { useSignal } from '@preact/signals';
import type { DeviceType, TrustedDevice } from '../src/core/types';
import { ltr } from '../src/ui/i18n';
import { AccountScopeFieldset } from './account-scope';
import { devicesSeen, hasRange, networksSeen, withRange } from './device-choices';
import { focusAfterRemoval } from './focus-after';
import type { ActivityModel, OptionsModel } from './model';
import { S } from './strings';
import {
  type DeviceDraft,
  describeDevice,
  deviceFromDraft,
  draftOf,
  emptyDraft,
  networksOfDraft,
  type SessionMatch,
  sessionsMatching,
  sessionTotal,
} from './trusted-devices';

const DEVICE_TYPES: DeviceType[] = ['desktop', 'phone', 'tablet', 'app', 'api', 'unknown'];
const SHOWN_MATCHES = 5;

function MatchList({ matches }: { matches: SessionMatch[] }) {
  if (!matches.length) return null;
  const shown = matches.slice(0, SHOWN_MATCHES);
  return (
    <ul class="matches small">
      {shown.map((m) => (
        <li key={`${m.accountId}|${m.session.key}`}>
          {m.siteName}: {m.session.device || '—'}
          {m.session.ip ? ` · ${ltr(m.session.ip)}` : ''}
          {m.session.location ? ` · ${m.session.location}` : ''}
          {m.session.goneAt !== undefined ? ` (${S.trusted.ended})` : ''}
        </li>
      ))}
      {matches.length > shown.length && <li>{S.schedules.more(matches.length - shown.length)}</li>}
    </ul>
  );
}

export function TrustedDevicesPanel({ model, activity }: { model: OptionsModel; activity: ActivityModel }) {
  const draft = useSignal<DeviceDraft>(emptyDraft());
  const editingId = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const devices = model.settings.value?.trustedDevices ?? [];
  const accounts = activity.accounts.value;
  const total = sessionTotal(accounts);
  const accountName = (id: string) => {
    const a = accounts.find((x) => x.account.id === id);
    return a ? `${a.siteName} ${a.account.hint}` : id;
  };
  const set = (patch: Partial<DeviceDraft>) => {
    draft.value = { ...draft.value, ...patch };
  };
  const editing = editingId.value ? devices.find((d) => d.id === editingId.value) : undefined;
  const preview = deviceFromDraft(draft.value, 'draft', 0, accounts);
  const seen = networksOfDraft(draft.value, accounts);
  const draftMatches = 'device' in preview ? sessionsMatching(preview.device, accounts) : undefined;
  const d = draft.value;
  const seenDevices = devicesSeen(accounts);
  const seenNetworks = networksSeen(accounts);

  function startEdit(device: TrustedDevice) {
    editingId.value = device.id;
    draft.value = draftOf(device);
    error.value = undefined;
    // The form is below the list: bring it into view and put the cursor in it.
    queueMicrotask(() => document.getElementById('trusted-name')?.focus());
  }
  function reset() {
    editingId.value = undefined;
    draft.value = emptyDraft();
    error.value = undefined;
  }

  return (
    <section class="panel" id="trusted" aria-labelledby="trusted-heading">
      <h2 id="trusted-heading">{S.trusted.heading}</h2>
      <p class="muted">{S.trusted.intro}</p>
      {devices.length === 0 ? (
        <p class="muted" data-testid="no-trusted">
          {S.trusted.none}
        </p>
      ) : (
        <ul class="list" aria-label={S.trusted.listLabel}>
          {devices.map((device) => {
            const matches = sessionsMatching(device, accounts);
            return (
              <li key={device.id} class="list__item list__item--stack" data-testid="trusted-device">
                <div class="list__row">
                  <div>
                    <strong>{device.name}</strong>
                    <div class="muted small">{describeDevice(device, accountName)}</div>
                  </div>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn--ghost btn--small"
                      aria-label={S.trusted.editAria(device.name)}
                      onClick={() => startEdit(device)}
                    >
                      {S.trusted.edit}
                    </button>
                    <button
                      type="button"
                      class="btn btn--ghost btn--small"
                      aria-label={S.trusted.deleteAria(device.name)}
                      onClick={async (e) => {
                        const refocus = focusAfterRemoval(e.currentTarget, 'trusted-name');
                        error.value = await model.removeTrustedDevice(device.id);
                        if (editingId.value === device.id) reset();
                        refocus();
                      }}
                    >
                      {S.trusted.delete}
                    </button>
                  </div>
                </div>
                <p class="small preview" data-testid="trusted-preview">
                  {S.trusted.preview(matches.length, total)}
                  {device.countries?.length ? ` ${S.trusted.countriesNote}` : ''}
                </p>
                <MatchList matches={matches} />
              </li>
            );
          })}
        </ul>
      )}
      <h3 id="trusted-form-heading">{editing ? S.trusted.formEdit(editing.name) : S.trusted.formAdd}</h3>
      <form
        class="editor"
        aria-labelledby="trusted-form-heading"
        onSubmit={async (e) => {
          e.preventDefault();
          const outcome = await model.saveTrustedDevice(draft.value, editingId.value, accounts);
          error.value = outcome;
          if (!outcome) {
            reset();
            // Saved: the empty form is ready for the next device.
            document.getElementById('trusted-name')?.focus();
          }
        }}
      >
        <fieldset class="choice">
          <legend>{S.trusted.whichDevice}</legend>
          {seenDevices.length > 0 && (
            <label class="form-row__wide">
              {S.trusted.pickSeen}
              <select
                name="device-seen"
                value=""
                onChange={(e) => {
                  const picked = seenDevices.find((x) => x.key === e.currentTarget.value);
                  if (picked) set({ ...picked.fill, pattern: '' });
                }}
              >
                <option value="">{S.trusted.pickNone}</option>
                {seenDevices.map((x) => (
                  <option key={x.key} value={x.key}>
                    {S.trusted.seenSessions(x.label, x.sessions)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div class="form-row">
            <label>
              {S.trusted.name}
              <input
                id="trusted-name"
                name="name"
                value={d.name}
                onInput={(e) => set({ name: e.currentTarget.value })}
                placeholder={S.trusted.namePlaceholder}
              />
            </label>
            <label>
              {S.trusted.pattern}
              <input
                name="pattern"
                // Addresses, patterns and codes read left to right in every language.
                dir="ltr"
                value={d.pattern}
                onInput={(e) => set({ pattern: e.currentTarget.value })}
                placeholder={S.trusted.patternPlaceholder}
              />
            </label>
          </div>
          <div class="form-row">
            <label>
              {S.trusted.browser}
              <input
                name="browser"
                dir="ltr"
                value={d.browser}
                onInput={(e) => set({ browser: e.currentTarget.value })}
                placeholder={S.trusted.browserPlaceholder}
              />
            </label>
            <label>
              {S.trusted.os}
              <input
                name="os"
                dir="ltr"
                value={d.os}
                onInput={(e) => set({ os: e.currentTarget.value })}
                placeholder={S.trusted.osPlaceholder}
              />
            </label>
            <label>
              {S.trusted.model}
              <input
                name="model"
                dir="ltr"
                value={d.model}
                onInput={(e) => set({ model: e.currentTarget.value })}
                placeholder={S.trusted.modelPlaceholder}
              />
            </label>
            <label>
              {S.trusted.deviceType}
              <select
                name="device-type"
                value={d.deviceType}
                onChange={(e) => set({ deviceType: e.currentTarget.value as DeviceType | '' })}
              >
                <option value="">{S.trusted.anyType}</option>
                {DEVICE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {S.trusted.deviceTypeName(t)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>
        <fieldset class="choice">
          <legend>{S.trusted.fromWhere}</legend>
          <label class="inline">
            <input type="radio" name="network" checked={d.isAnyNetwork} onChange={() => set({ isAnyNetwork: true })} />{' '}
            {S.trusted.anyNetwork}
          </label>
          {d.isAnyNetwork && <p class="muted">{S.trusted.anyNetworkNote}</p>}
          <label class="inline">
            <input
              type="radio"
              name="network"
              checked={!d.isAnyNetwork}
              onChange={() => set({ isAnyNetwork: false })}
            />{' '}
            {S.trusted.someNetworks}
          </label>
          <p class="small muted" aria-live="polite" data-testid="network-consequence">
            {d.isAnyNetwork ? S.trusted.anyConsequence : S.trusted.someConsequence}
          </p>
          {!d.isAnyNetwork && seenNetworks.length > 0 && (
            <fieldset class="choice">
              <legend>{S.trusted.networksSeen}</legend>
              {seenNetworks.map((n) => (
                <label class="inline" key={n.cidr}>
                  <input
                    type="checkbox"
                    name="network-seen"
                    value={n.cidr}
                    checked={hasRange(d, n.cidr)}
                    onChange={(e) => set(withRange(d, n.cidr, e.currentTarget.checked))}
                  />{' '}
                  {S.trusted.networkSeen(ltr(n.cidr), n.places.join(' · ') || '—', n.sessions)}
                </label>
              ))}
            </fieldset>
          )}
          {!d.isAnyNetwork && (
            <label>
              {S.trusted.ipRanges}
              <textarea
                name="ip-ranges"
                dir="ltr"
                rows={3}
                value={d.ipRanges}
                onInput={(e) => set({ ipRanges: e.currentTarget.value })}
                placeholder={seen.length ? seen.join('\n') : '203.0.113.0/24'}
              />
              {seen.length > 0 && <span class="muted">{S.trusted.seenNetworks(ltr(seen.join(', ')))}</span>}
            </label>
          )}
          <div class="form-row">
            <label>
              {S.trusted.countries}
              <input
                name="countries"
                dir="ltr"
                value={d.countries}
                onInput={(e) => set({ countries: e.currentTarget.value })}
                placeholder={S.trusted.countriesPlaceholder}
              />
            </label>
          </div>
        </fieldset>
        <AccountScopeFieldset name="device-accounts" scope={d} accounts={accounts} onChange={set} />
        {draftMatches && (
          <p class="small preview" data-testid="draft-preview" aria-live="polite">
            {S.trusted.draftPreview(draftMatches.length, total)}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="btn">
            {editing ? S.trusted.save : S.trusted.add}
          </button>
          {editing && (
            <button type="button" class="btn btn--ghost" onClick={reset}>
              {S.trusted.cancel}
            </button>
          )}
        </div>
        {error.value && (
          <p role="alert" class="error" data-testid="trusted-error">
            {error.value}
          </p>
        )}
      </form>
    </section>
  );
}
