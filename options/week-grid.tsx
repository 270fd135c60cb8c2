import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { formatNumber } from '../src/ui/i18n';
import { type HourGrid, hhmm, toggleHour } from './schedule-grid';
import { S } from './strings';

// Monday first, as people plan a week; the grid's rows are still indexed 0 = Sunday.
const ROW_DAYS = [1, 2, 3, 4, 5, 6, 0];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * A 7 × 24 grid of hours. One tab stop (roving tabindex); arrows move, Space/Enter toggles, Home/End jump.
 * Dragging with the mouse paints the value of the first cell pressed onto every cell it passes.
 */
export function WeekGrid({
  grid,
  onChange,
  labelId,
  describedBy,
}: {
  grid: HourGrid;
  onChange: (g: HourGrid) => void;
  labelId: string;
  describedBy?: string;
}) {
  const focus = useSignal<[number, number]>([0, 9]);
  const paint = useRef<boolean | undefined>(undefined);
  const latest = useRef(grid);
  latest.current = grid;
  const table = useRef<HTMLTableElement>(null);

  const set = (day: number, hour: number, on: boolean) => {
    if (latest.current[day]?.[hour] === on) return;
    latest.current = toggleHour(latest.current, day, hour, on);
    onChange(latest.current);
  };
  const moveTo = (row: number, hour: number) => {
    const r = Math.max(0, Math.min(6, row));
    const h = Math.max(0, Math.min(23, hour));
    focus.value = [r, h];
    table.current?.querySelector<HTMLElement>(`[data-cell="${r}-${h}"]`)?.focus();
  };

  function onKeyDown(e: KeyboardEvent, row: number, hour: number) {
    const day = ROW_DAYS[row] as number;
    const keys: Record<string, () => void> = {
      ArrowRight: () => moveTo(row, hour + (document.dir === 'rtl' ? -1 : 1)),
      ArrowLeft: () => moveTo(row, hour - (document.dir === 'rtl' ? -1 : 1)),
      ArrowUp: () => moveTo(row - 1, hour),
      ArrowDown: () => moveTo(row + 1, hour),
      Home: () => moveTo(row, 0),
      End: () => moveTo(row, 23),
      ' ': () => set(day, hour, !grid[day]?.[hour]),
      Enter: () => set(day, hour, !grid[day]?.[hour]),
    };
    const action = keys[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  }

  return (
    <table
      class="week-grid"
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table with role=grid is the WAI-ARIA APG data-grid pattern
      role="grid"
      aria-labelledby={labelId}
      aria-describedby={describedBy}
      ref={table}
      onPointerUp={() => {
        paint.current = undefined;
      }}
      onPointerLeave={() => {
        paint.current = undefined;
      }}
    >
      <thead>
        <tr>
          <td />
          {HOURS.map((h) => (
            <th key={h} scope="col" class="week-grid__hour" aria-label={hhmm(h * 60)}>
              {h % 3 === 0 ? formatNumber(h, { minimumIntegerDigits: 2 }) : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROW_DAYS.map((day, row) => (
          <tr key={day}>
            <th scope="row" class="week-grid__day" aria-label={S.day(day)}>
              {S.dayShort(day)}
            </th>
            {HOURS.map((hour) => {
              const on = grid[day]?.[hour] === true;
              const isFocus = focus.value[0] === row && focus.value[1] === hour;
              return (
                <td
                  key={hour}
                  // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: cells of the APG data grid above
                  role="gridcell"
                  data-cell={`${row}-${hour}`}
                  data-testid={`cell-${day}-${hour}`}
                  class={on ? 'week-grid__cell is-on' : 'week-grid__cell'}
                  tabIndex={isFocus ? 0 : -1}
                  aria-selected={on}
                  aria-label={S.schedules.cellLabel(S.day(day), hhmm(hour * 60), hhmm(((hour + 1) % 24) * 60))}
                  onKeyDown={(e) => onKeyDown(e, row, hour)}
                  onPointerDown={(e) => {
                    e.preventDefault();
                    paint.current = !on;
                    focus.value = [row, hour];
                    (e.currentTarget as HTMLElement).focus();
                    set(day, hour, !on);
                  }}
                  onPointerEnter={() => {
                    if (paint.current !== undefined) set(day, hour, paint.current);
                  }}
                />
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
