import { useSignal, useSignalEffect } from '@preact/signals';
import { formatTime } from '../src/shared/format';
import { formatNumber, languageTag, ltr } from '../src/ui/i18n';
import { type DayCount, groupSessionsByDevice, loginsPerDay } from './history';
import type { ActivityModel } from './model';
import { S } from './strings';

const RANGES = [30, 90];

/** "2026-04-14" (a calendar day, no zone) as the UI locale writes a date. */
function formatDay(day: string | undefined): string {
  if (!day) return '';
  const [y, mo, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(languageTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1),
  );
}
const CHART_H = 96;

/** Stacked bars, successful below failed; drawn as SVG elements (no markup strings, no chart library). */
export function LoginChart({ counts }: { counts: DayCount[] }) {
  const peak = Math.max(0, ...counts.map((c) => c.success + c.failed));
  const max = Math.max(1, peak);
  const barW = 8;
  const width = counts.length * barW;
  const ok = counts.reduce((n, c) => n + c.success, 0);
  const failed = counts.reduce((n, c) => n + c.failed, 0);
  const y = (v: number) => (v / max) * CHART_H;
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${width} ${CHART_H + 2}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={S.history.chartLabel(ok, failed, counts.length)}
        data-testid="login-chart"
      >
        <line x1="0" x2={width} y1={CHART_H + 1} y2={CHART_H + 1} class="chart__axis" />
        {counts.map((c, i) => {
          const hOk = y(c.success);
          const hFail = y(c.failed);
          return (
            <g key={c.day}>
              <title>{S.history.barTitle(formatDay(c.day), c.success, c.failed)}</title>
              <rect
                x={i * barW + 1}
                width={barW - 2}
                y={CHART_H - hOk + 1}
                height={hOk}
                class="chart__ok"
                data-day={c.day}
                data-kind="success"
              />
              <rect
                x={i * barW + 1}
                width={barW - 2}
                y={CHART_H - hOk - hFail + 1}
                height={hFail}
                class="chart__failed"
                data-day={c.day}
                data-kind="failed"
              />
            </g>
          );
        })}
      </svg>
      <figcaption class="chart__caption small">
        <span>{formatDay(counts[0]?.day)}</span>
        <span class="chart__legend">
          <span class="swatch swatch--ok" aria-hidden="true" /> {S.history.success} {formatNumber(ok)}{' '}
          <span class="swatch swatch--failed" aria-hidden="true" /> {S.history.failed} {formatNumber(failed)} ·{' '}
          {S.history.peak(peak)}
        </span>
        <span>{formatDay(counts[counts.length - 1]?.day)}</span>
      </figcaption>
    </figure>
  );
}

export function HistoryPanel({ activity, now = Date.now }: { activity: ActivityModel; now?: () => number }) {
  const accounts = activity.accounts.value;
  const chosen = useSignal<string | undefined>(undefined);
  const days = useSignal(30);
  const accountId = chosen.value ?? accounts[0]?.account.id;
  useSignalEffect(() => {
    const id = chosen.value ?? activity.accounts.value[0]?.account.id;
    if (id) void activity.loadHistory(id, days.value);
  });
  const view = accounts.find((a) => a.account.id === accountId);
  const h = activity.history.value;
  const isCurrent = h && h.accountId === accountId && h.days === days.value;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const counts = isCurrent ? loginsPerDay(h.logins, { now: now(), days: days.value, timeZone: zone }) : undefined;
  const groups = view ? groupSessionsByDevice(view.sessions) : [];

  return (
    <section class="panel" id="history" aria-labelledby="history-heading">
      <h2 id="history-heading">{S.history.heading}</h2>
      <p class="muted">{S.history.intro}</p>
      {!accounts.length ? (
        <p class="muted" data-testid="no-history">
          {S.history.none}
        </p>
      ) : (
        <>
          <div class="form-row">
            <label>
              {S.history.account}
              <select name="history-account" value={accountId} onChange={(e) => (chosen.value = e.currentTarget.value)}>
                {accounts.map((a) => (
                  <option key={a.account.id} value={a.account.id}>
                    {a.siteName} {a.account.hint}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {S.history.range}
              <select
                name="history-range"
                value={String(days.value)}
                onChange={(e) => (days.value = Number(e.currentTarget.value))}
              >
                {RANGES.map((n) => (
                  <option key={n} value={String(n)}>
                    {S.history.days(n)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {counts && <LoginChart counts={counts} />}
          {isCurrent && h.logins.some((l) => l.isFromBackgroundCheck) && (
            <p class="muted small" data-testid="found-by-checks">
              {S.history.byChecks(h.logins.filter((l) => l.isFromBackgroundCheck).length)}
            </p>
          )}
          {isCurrent && h.hasMore && <p class="muted small">{S.history.truncated}</p>}
          <h3>{S.history.devices}</h3>
          {!groups.length ? (
            <p class="muted">{S.history.noSessions}</p>
          ) : (
            <ul class="list" aria-label={S.history.devices}>
              {groups.map((g) => (
                <li key={g.key} class="list__item list__item--stack" data-testid="device-group">
                  <div class="list__row">
                    <strong>{g.label}</strong>
                    <span class="muted small">{S.history.sessionCount(g.sessions.length, g.liveCount)}</span>
                  </div>
                  <ul class="matches small">
                    {g.sessions.map((s) => (
                      <li key={s.key}>
                        {s.ip ? ltr(s.ip) : S.history.unknownIp}
                        {s.location ? ` · ${s.location}` : ''} ·{' '}
                        {S.history.lastActive(formatTime(s.lastActive ?? s.lastObservedAt, Date.now(), languageTag()))}
                        {s.goneAt !== undefined ? ` (${S.history.ended})` : ''}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
