import { useSignal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import type { Schedule } from '../src/core/rules/rule';
import { formatAbsolute } from '../src/shared/format';
import { languageTag, ltr } from '../src/ui/i18n';
import { AccountScopeFieldset } from './account-scope';
import type { ActivityModel, OptionsModel } from './model';
import {
  describeWindow,
  emptyGrid,
  gridFromWindows,
  type HourGrid,
  loginsOutside,
  timeZones,
  windowsFromGrid,
} from './schedule-grid';
import { S } from './strings';
import { WeekGrid } from './week-grid';

const SHOWN_OUTSIDE = 5;

interface Draft {
  id?: string;
  name: string;
  timeZone: string;
  grid: HourGrid;
  isAllAccounts: boolean;
  accountIds: string[];
}

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function newDraft(): Draft {
  return { name: '', timeZone: localZone(), grid: emptyGrid(), isAllAccounts: true, accountIds: [] };
}

function draftOf(s: Schedule): Draft {
  return {
    id: s.id,
    name: s.name,
    timeZone: s.timeZone,
    grid: gridFromWindows(s.windows),
    isAllAccounts: !s.accountIds?.length,
    accountIds: s.accountIds ?? [],
  };
}

/** Mon–Fri from `from` to `to` o'clock. */
function weekdayGrid(from: number, to: number): HourGrid {
  return emptyGrid().map((hours, day) => hours.map((_, h) => day >= 1 && day <= 5 && h >= from && h < to));
}

export function SchedulesPanel({ model, activity }: { model: OptionsModel; activity: ActivityModel }) {
  const draft = useSignal<Draft | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const schedules = model.settings.value?.schedules ?? [];
  const accounts = activity.accounts.value;
  const logins = activity.recentLogins.value;
  const zones = useMemo(() => timeZones(), []);
  const d = draft.value;
  const set = (patch: Partial<Draft>) => {
    if (draft.value) draft.value = { ...draft.value, ...patch };
  };
  const windows = d ? windowsFromGrid(d.grid) : [];

  return (
    <section class="panel" id="schedules" aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">{S.schedules.heading}</h2>
      <p class="muted">{S.schedules.intro}</p>
      {schedules.length === 0 ? (
        <p class="muted" data-testid="no-schedules">
          {S.schedules.none}
        </p>
      ) : (
        <ul class="list" aria-label={S.schedules.listLabel}>
          {schedules.map((s) => {
            const { outside, judged } = loginsOutside(s, logins);
            return (
              <li key={s.id} class="list__item list__item--stack" data-testid="schedule">
                <div class="list__row">
                  <div>
                    <strong>{s.name}</strong>
                    <div class="muted small">
                      {s.timeZone} · {S.groups(s.windows.map(describeWindow))}
                    </div>
                  </div>
                  <div class="actions">
                    <button
                      type="button"
                      class="btn btn--ghost btn--small"
                      aria-label={S.schedules.editAria(s.name)}
                      onClick={() => {
                        draft.value = draftOf(s);
                        error.value = undefined;
                      }}
                    >
                      {S.schedules.edit}
                    </button>
                    <button
                      type="button"
                      class="btn btn--ghost btn--small"
                      aria-label={S.schedules.deleteAria(s.name)}
                      onClick={async () => {
                        error.value = await model.removeSchedule(s.id);
                        if (draft.value?.id === s.id) draft.value = undefined;
                      }}
                    >
                      {S.schedules.delete}
                    </button>
                  </div>
                </div>
                <p class="small preview" data-testid="schedule-preview">
                  {S.schedules.outside(outside.length, judged)}
                </p>
                {outside.length > 0 && (
                  <ul class="matches small">
                    {outside.slice(0, SHOWN_OUTSIDE).map((l) => (
                      <li key={l.key}>
                        {formatAbsolute(l.time, languageTag(), s.timeZone)} · {l.device || '—'}
                        {l.ip ? ` · ${ltr(l.ip)}` : ''}
                      </li>
                    ))}
                    {outside.length > SHOWN_OUTSIDE && <li>{S.schedules.more(outside.length - SHOWN_OUTSIDE)}</li>}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!d ? (
        <button
          type="button"
          class="btn"
          onClick={() => {
            draft.value = newDraft();
            error.value = undefined;
          }}
        >
          {S.schedules.add}
        </button>
      ) : (
        <form
          class="editor"
          aria-label={d.id ? S.schedules.formEdit(d.name) : S.schedules.formAdd}
          onSubmit={async (e) => {
            e.preventDefault();
            const outcome = await model.saveSchedule({
              ...(d.id ? { id: d.id } : {}),
              name: d.name,
              timeZone: d.timeZone,
              windows,
              ...(d.isAllAccounts ? {} : { accountIds: d.accountIds }),
            });
            error.value = outcome;
            if (!outcome) draft.value = undefined;
          }}
        >
          <div class="form-row">
            <label>
              {S.schedules.label}
              <input
                name="schedule-label"
                value={d.name}
                placeholder={S.schedules.labelPlaceholder}
                onInput={(e) => set({ name: e.currentTarget.value })}
              />
            </label>
            <label>
              {S.schedules.timeZone}
              <select name="time-zone" value={d.timeZone} onChange={(e) => set({ timeZone: e.currentTarget.value })}>
                {(zones.includes(d.timeZone) ? zones : [d.timeZone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <h3 id="week-grid-label">{S.schedules.grid}</h3>
          <p class="muted small" id="week-grid-help">
            {S.schedules.gridHelp}
          </p>
          <WeekGrid
            grid={d.grid}
            onChange={(grid) => set({ grid })}
            labelId="week-grid-label"
            describedBy="week-grid-help"
          />
          <div class="actions">
            <button type="button" class="btn btn--ghost btn--small" onClick={() => set({ grid: weekdayGrid(9, 18) })}>
              {describeWindow({ days: [1, 2, 3, 4, 5], startMinute: 9 * 60, endMinute: 18 * 60 })}
            </button>
            <button
              type="button"
              class="btn btn--ghost btn--small"
              onClick={() => set({ grid: emptyGrid().map((h) => h.map(() => true)) })}
            >
              {S.schedules.everyDay}
            </button>
            <button type="button" class="btn btn--ghost btn--small" onClick={() => set({ grid: emptyGrid() })}>
              {S.schedules.clear}
            </button>
          </div>
          <p class="small" data-testid="schedule-windows" aria-live="polite">
            {windows.length ? S.groups(windows.map(describeWindow)) : S.schedules.windowsNone}
          </p>
          <AccountScopeFieldset name="schedule-accounts" scope={d} accounts={accounts} onChange={set} />
          <div class="actions">
            <button type="submit" class="btn">
              {S.schedules.save}
            </button>
            <button type="button" class="btn btn--ghost" onClick={() => (draft.value = undefined)}>
              {S.schedules.cancel}
            </button>
          </div>
        </form>
      )}
      {error.value && (
        <p role="alert" class="error" data-testid="schedule-error">
          {error.value}
        </p>
      )}
    </section>
  );
}
