/**
 * Map and timeline of one account: a chunk of its own, loaded when the section comes into view (the world outline
 * alone is about 20 KB gzipped). Both pictures are SVG elements with a table beneath that says the same.
 */
import { useSignal, useSignalEffect } from '@preact/signals';
import land from 'world-atlas/land-110m.json';
import { landPath, project, WORLD } from '../src/core/world-outline';
import type { ResponseOf } from '../src/shared/contract';
import { formatAbsolute } from '../src/shared/format';
import { errorText, languageTag, ltr } from '../src/ui/i18n';
import type { ActivityModel } from './activity-model';
import { type ActivityRow, activityRows, mapPoints, placesToLook, type Trust, travelLines } from './map-model';
import { REPORT_LOGINS } from './overview-model';
import { S } from './strings';

const LAND = landPath(land);
const TRUSTS: Trust[] = ['trusted', 'untrusted', 'hosting'];

/** A shape per status, so the map does not speak by colour alone. */
function Marker({ trust, x, y }: { trust: Trust; x: number; y: number }) {
  if (trust === 'hosting') return <rect x={x - 4} y={y - 4} width={8} height={8} class={`map__pt map__pt--${trust}`} />;
  if (trust === 'untrusted') {
    return <polygon points={`${x},${y - 5} ${x + 5},${y + 4} ${x - 5},${y + 4}`} class={`map__pt map__pt--${trust}`} />;
  }
  return <circle cx={x} cy={y} r={4} class={`map__pt map__pt--${trust}`} />;
}

function Legend() {
  return (
    <ul class="map__legend" aria-hidden="true">
      {TRUSTS.map((t) => (
        <li key={t}>
          <svg width="12" height="12" viewBox="-6 -6 12 12" aria-hidden="true">
            <Marker trust={t} x={0} y={0} />
          </svg>{' '}
          {S.map.trust(t)}
        </li>
      ))}
      <li>
        <svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true">
          <line x1="0" y1="6" x2="18" y2="6" class="map__travel" />
        </svg>{' '}
        {S.map.travel}
      </li>
    </ul>
  );
}

interface Loaded {
  accountId: string;
  rows: ActivityRow[];
  places: ResponseOf<'lookupPlaces'>['places'];
}

function WorldMap({ loaded, activity }: { loaded: Loaded; activity: ActivityModel }) {
  const view = activity.accounts.value.find((a) => a.account.id === loaded.accountId);
  if (!view) return null;
  const points = mapPoints(loaded.rows, loaded.places);
  const lines = travelLines(view, loaded.places);
  const count = (t: Trust) => points.filter((p) => p.trust === t).length;
  return (
    <div class="map" data-testid="sign-in-map">
      <svg
        class="map__svg"
        viewBox={`0 0 ${WORLD.width} ${WORLD.height}`}
        role="img"
        aria-label={S.map.mapLabel(points.length, count('untrusted'), count('hosting'), lines.length)}
      >
        <rect width={WORLD.width} height={WORLD.height} class="map__sea" />
        <path d={LAND} class="map__land" />
        {lines.map((l) => {
          const [x1, y1] = project(l.fromLon, l.fromLat);
          const [x2, y2] = project(l.toLon, l.toLat);
          return <line key={`${l.from}>${l.to}`} x1={x1} y1={y1} x2={x2} y2={y2} class="map__travel" />;
        })}
        {points.map((p) => {
          const [x, y] = project(p.lon, p.lat);
          return (
            <g key={`${p.lat},${p.lon}`} data-trust={p.trust}>
              <title>{`${p.place} — ${S.map.trust(p.trust)}`}</title>
              <Marker trust={p.trust} x={x} y={y} />
            </g>
          );
        })}
      </svg>
      <Legend />
      <p class="muted small">{S.map.attribution}</p>
      {!points.length && <p class="muted">{S.map.noPlaces}</p>}
      <details class="map__table">
        <summary>{S.map.tableSummary}</summary>
        <table data-testid="map-table">
          <caption class="sr-only">{S.map.tableSummary}</caption>
          <thead>
            <tr>
              <th scope="col">{S.map.place}</th>
              <th scope="col">{S.map.status}</th>
              <th scope="col">{S.map.sessions}</th>
              <th scope="col">{S.map.signIns}</th>
              <th scope="col">{S.map.addresses}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={`${p.lat},${p.lon}`} data-trust={p.trust}>
                <th scope="row">{p.place}</th>
                <td>{S.map.trust(p.trust)}</td>
                <td>{p.sessions}</td>
                <td>{p.signIns}</td>
                <td>{p.ips.map(ltr).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {lines.length > 0 && (
          <table data-testid="travel-table">
            <caption>{S.map.travel}</caption>
            <thead>
              <tr>
                <th scope="col">{S.map.from}</th>
                <th scope="col">{S.map.to}</th>
                <th scope="col">{S.map.time}</th>
                <th scope="col">{S.map.what}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.from}>${l.to}`}>
                  <td>{l.from}</td>
                  <td>{l.to}</td>
                  <td>{formatAbsolute(l.time, languageTag())}</td>
                  <td>{l.km !== undefined && l.hours !== undefined ? S.map.distance(l.km, l.hours) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </div>
  );
}

const TL_W = 720;
const LANE = 10;

function kindText(r: ActivityRow): string {
  return r.kind === 'session'
    ? S.map.kind('session')
    : r.outcome === 'failed'
      ? S.map.kind('failed')
      : S.map.kind('signIn');
}

/** Sessions as bars from sign-in to last activity, one lane each; sign-ins as ticks on the bottom lane. */
function Timeline({ rows }: { rows: ActivityRow[] }) {
  const timed = rows.filter((r) => r.time !== undefined);
  if (!timed.length) return null;
  const start = Math.min(...timed.map((r) => r.time ?? 0));
  const end = Math.max(...timed.map((r) => Math.max(r.time ?? 0, r.until ?? 0)), start + 1);
  const x = (t: number) => Math.round(((t - start) / (end - start)) * (TL_W - 8) * 10) / 10 + 4;
  const sessions = timed.filter((r) => r.kind === 'session').slice(0, 40);
  const signIns = timed.filter((r) => r.kind === 'sign-in');
  const height = (sessions.length + 1) * LANE + 16;
  const tag = languageTag();
  const untrusted = timed.filter((r) => r.trust !== 'trusted').length;
  return (
    <div class="timeline" data-testid="timeline">
      <h3>{S.map.timeline}</h3>
      <svg
        class="timeline__svg"
        viewBox={`0 0 ${TL_W} ${height}`}
        role="img"
        aria-label={S.map.timelineLabel(
          formatAbsolute(start, tag),
          formatAbsolute(end, tag),
          sessions.length,
          signIns.length,
          untrusted,
        )}
      >
        {sessions.map((r, i) => (
          <g key={r.key} data-trust={r.trust}>
            <title>{`${kindText(r)} · ${r.device} · ${S.map.trust(r.trust)}`}</title>
            <rect
              x={x(r.time ?? start)}
              y={i * LANE + 2}
              width={Math.max(3, x(r.until ?? r.time ?? start) - x(r.time ?? start))}
              height={LANE - 4}
              class={`map__pt--${r.trust}`}
            />
          </g>
        ))}
        {signIns.map((r) => (
          <g key={r.key} data-trust={r.trust}>
            <title>{`${kindText(r)} · ${r.device} · ${S.map.trust(r.trust)}`}</title>
            <rect
              x={x(r.time ?? start) - 1}
              y={sessions.length * LANE + 2}
              width={2}
              height={r.outcome === 'failed' ? LANE - 4 : LANE}
              class={`map__pt--${r.trust}`}
            />
          </g>
        ))}
        <line x1="0" x2={TL_W} y1={height - 12} y2={height - 12} class="chart__axis" />
      </svg>
      {/* Time runs with the reading direction, as in the history chart (options.css mirrors the picture in RTL). */}
      <p class="timeline__ends muted small">
        <span class="timeline__start">{formatAbsolute(start, tag)}</span>
        <span class="timeline__end">{formatAbsolute(end, tag)}</span>
      </p>
      <details class="map__table">
        <summary>{S.map.timelineSummary}</summary>
        <table data-testid="timeline-table">
          <caption class="sr-only">{S.map.timelineSummary}</caption>
          <thead>
            <tr>
              <th scope="col">{S.map.time}</th>
              <th scope="col">{S.map.what}</th>
              <th scope="col">{S.map.device}</th>
              <th scope="col">{S.map.address}</th>
              <th scope="col">{S.map.place}</th>
              <th scope="col">{S.map.status}</th>
            </tr>
          </thead>
          <tbody>
            {[...timed].reverse().map((r) => (
              <tr key={`${r.kind}:${r.key}`} data-trust={r.trust}>
                <td>{formatAbsolute(r.time, tag)}</td>
                <td>{kindText(r)}</td>
                <td>{r.device || '—'}</td>
                <td>{r.ip ? ltr(r.ip) : '—'}</td>
                <td>{r.location ?? '—'}</td>
                <td>{S.map.trust(r.trust)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

export function MapPanel({ activity }: { activity: ActivityModel }) {
  const loaded = useSignal<Loaded | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const accounts = activity.accounts.value;
  const chosen = activity.mapAccountId.value ?? accounts[0]?.account.id;
  useSignalEffect(() => {
    const id = activity.mapAccountId.value ?? activity.accounts.value[0]?.account.id;
    const view = activity.accounts.value.find((a) => a.account.id === id);
    if (!id || !view) return;
    let isStale = false;
    void (async () => {
      try {
        const { logins } = await activity.transport('getLogins', { accountId: id, limit: REPORT_LOGINS });
        const firstRows = activityRows(view, logins, []);
        const ips = [...new Set(firstRows.flatMap((r) => (r.ip ? [r.ip] : [])))].slice(0, 5000);
        const answer = await activity.transport('lookupPlaces', { locations: placesToLook(view, firstRows), ips });
        if (isStale) return;
        loaded.value = { accountId: id, rows: activityRows(view, logins, answer.networks), places: answer.places };
        error.value = undefined;
      } catch (err) {
        if (!isStale) error.value = errorText(err);
      }
    })();
    return () => {
      isStale = true;
    };
  });
  if (!accounts.length) return <p class="muted">{S.map.none}</p>;
  const shown = loaded.value?.accountId === chosen ? loaded.value : undefined;
  return (
    <div data-testid="map-panel">
      <label>
        {S.map.account}{' '}
        <select
          name="map-account"
          value={chosen}
          onChange={(e) => {
            activity.mapAccountId.value = e.currentTarget.value;
          }}
        >
          {accounts.map((a) => (
            <option key={a.account.id} value={a.account.id}>
              {`${a.siteName} ${a.account.hint}`}
            </option>
          ))}
        </select>
      </label>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
      {shown ? (
        <>
          <WorldMap loaded={shown} activity={activity} />
          <Timeline rows={shown.rows} />
        </>
      ) : (
        <p class="muted" aria-live="polite">
          {S.map.loading}
        </p>
      )}
    </div>
  );
}
