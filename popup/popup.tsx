import type { AccountView } from '../src/shared/contract';
import { formatAbsolute, formatTime } from '../src/shared/format';
import type { PopupModel } from './model';
import { ScanThisPage } from './scan-this-page';

function AccountCard({ view, model }: { view: AccountView; model: PopupModel }) {
  const live = view.sessions.filter((s) => s.goneAt === undefined);
  const gone = view.sessions.filter((s) => s.goneAt !== undefined);
  return (
    <section
      class={`card ${view.openWarningCount ? 'card--alert' : ''}`}
      aria-label={`${view.siteName} ${view.account.hint}`}
    >
      <header class="card__head">
        <div>
          <h2 class="card__title">{view.siteName}</h2>
          <div class="muted">
            {view.account.hint === 'default' ? 'account' : view.account.hint} · scanned{' '}
            {formatTime(view.account.lastScanAt)}
          </div>
        </div>
        <span class={`pill ${view.openWarningCount ? 'pill--bad' : 'pill--ok'}`} data-testid="account-warning-count">
          {view.openWarningCount
            ? `${view.openWarningCount} warning${view.openWarningCount === 1 ? '' : 's'}`
            : 'All good'}
        </span>
      </header>
      {view.warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {view.warnings.map((w) => (
            <li key={w.id} class={`warning warning--${w.severity}`} data-testid="warning">
              <div class="warning__reason">{w.reason}</div>
              <div class="muted small">
                {[
                  w.evidence.ip,
                  w.evidence.location,
                  typeof w.evidence.time === 'number' ? formatAbsolute(w.evidence.time) : undefined,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
              <div class="actions">
                <button
                  type="button"
                  class="btn btn--small"
                  onClick={() => void model.setWarningState(w.id, 'acknowledged')}
                >
                  This was me
                </button>
                <button
                  type="button"
                  class="btn btn--small btn--ghost"
                  onClick={() => void model.setWarningState(w.id, 'dismissed')}
                >
                  Dismiss
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <table class="sessions" aria-label="Sessions">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">IP · place</th>
            <th scope="col">Last active</th>
          </tr>
        </thead>
        <tbody>
          {live.map((s) => (
            <tr key={s.key} data-testid="session">
              <td>
                {s.device || 'Unknown device'}
                {s.isCurrent && <span class="tag tag--current">this device</span>}
                {!s.isCurrent && s.status === 'online' && <span class="tag tag--online">online</span>}
              </td>
              <td>
                <div class={s.ip?.includes(':') ? 'ip ip--v6' : 'ip'}>{s.ip ?? '—'}</div>
                <div class="muted small">{s.location ?? ''}</div>
              </td>
              <td class="when">{formatTime(s.lastActive)}</td>
            </tr>
          ))}
          {gone.map((s) => (
            <tr key={s.key} class="gone" data-testid="session-gone">
              <td>
                {s.device || 'Unknown device'} <span class="tag">logged out</span>
              </td>
              <td>
                <div class={s.ip?.includes(':') ? 'ip ip--v6' : 'ip'}>{s.ip ?? '—'}</div>
                <div class="muted small">{s.location ?? ''}</div>
              </td>
              <td class="when">{formatTime(s.goneAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="btn btn--danger" onClick={() => void model.logOutAll(view.account.id)}>
        Log out of all devices
      </button>
    </section>
  );
}

export function Popup({ model, openOptions }: { model: PopupModel; openOptions: () => void }) {
  return (
    <main class="popup-main">
      <header class="topbar">
        <h1>Session Watchdog</h1>
        <button type="button" class="btn btn--ghost btn--small" onClick={openOptions}>
          Settings
        </button>
      </header>
      {model.error.value && (
        <p role="alert" class="error">
          {model.error.value}
        </p>
      )}
      {model.isLoading.value && <p class="muted">Loading…</p>}
      {model.isEmpty.value && (
        <div class="empty" data-testid="empty">
          <h2>Nothing watched yet</h2>
          <p>
            Open your exchange's security page — for Binance, <strong>Account → Security → Device Management</strong> —
            and Session Watchdog will read its sessions and login history.
          </p>
          <p>Then mark your own devices as trusted in Settings.</p>
        </div>
      )}
      {model.accounts.value.map((view) => (
        <AccountCard key={view.account.id} view={view} model={model} />
      ))}
      <ScanThisPage model={model} />
    </main>
  );
}
