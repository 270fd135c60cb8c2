import type { Signal } from '@preact/signals';
import { useSignal } from '@preact/signals';
import type { Settings } from '../src/shared/settings';
import { CADENCES, changeReminders, setMuted } from './reminders-model';
import { S } from './strings';

export interface RemindersPanelProps {
  settings: Signal<Settings | undefined>;
  save: (next: Settings) => Promise<unknown>;
  /** Accounts seen so far, for per-account muting. */
  accounts: { id: string; label: string }[];
}

/** Review reminders: a notification when an account is due for a check; a click opens its device page. */
export function RemindersPanel({ settings, save, accounts }: RemindersPanelProps) {
  const error = useSignal<string | undefined>(undefined);
  const s = settings.value;
  if (!s) return null;
  const r = s.reminders;
  return (
    <section class="panel" aria-labelledby="reminders-heading" data-testid="reminders">
      <h2 id="reminders-heading">{S.remindersHeading}</h2>
      <p class="muted">{S.reminders.intro}</p>
      <label class="check">
        <input
          type="checkbox"
          checked={r.enabled}
          onChange={(e) => {
            const result = changeReminders(s, { enabled: e.currentTarget.checked });
            if (result.ok) void save(result.settings);
          }}
        />
        {S.reminders.enabled}
      </label>
      <div class="form-grid">
        {CADENCES.map((c) => (
          <label key={c.field}>
            {S.reminders.cadence(c.name, c.fallback).label}
            <span class="inline">
              <input
                type="number"
                min={0}
                max={366}
                step={1}
                inputMode="numeric"
                disabled={!r.enabled}
                value={r[c.field]}
                aria-describedby={`${c.field}-hint`}
                onChange={(e) => {
                  const result = changeReminders(s, { [c.field]: Number(e.currentTarget.value) });
                  if (!result.ok) {
                    error.value = result.error;
                    return;
                  }
                  error.value = undefined;
                  void save(result.settings);
                }}
              />{' '}
              {S.reminders.days}
            </span>
            <span id={`${c.field}-hint`} class="muted small">
              {S.reminders.cadence(c.name, c.fallback).hint}
            </span>
          </label>
        ))}
      </div>
      {accounts.length > 0 && (
        <fieldset class="fieldset" disabled={!r.enabled}>
          <legend>{S.reminders.about}</legend>
          {accounts.map((a) => (
            <label key={a.id} class="check">
              <input
                type="checkbox"
                checked={!r.mutedAccountIds.includes(a.id)}
                onChange={(e) => void save(setMuted(s, a.id, !e.currentTarget.checked))}
              />
              {a.label}
            </label>
          ))}
        </fieldset>
      )}
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
    </section>
  );
}
