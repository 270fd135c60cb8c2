import { useSignal } from '@preact/signals';
import { DataPanel } from './data';
import type { OptionsModel } from './model';
import { SitesPanel } from './sites';

export function Options({ model }: { model: OptionsModel }) {
  const name = useSignal('');
  const pattern = useSignal('');
  const devices = model.settings.value?.trustedDevices ?? [];
  return (
    <main class="options-main">
      <h1>Session Watchdog settings</h1>
      <section class="panel" aria-labelledby="trusted-heading">
        <h2 id="trusted-heading">Trusted devices</h2>
        <p class="muted">
          Sessions on a device that matches none of these are flagged. A pattern is matched against the device text the
          site shows (for example <code>Chrome on macOS</code> or <code>iPhone*</code>); <code>*</code> matches
          anything.
        </p>
        {devices.length === 0 ? (
          <p class="muted" data-testid="no-trusted">
            No trusted devices yet: every session will be flagged until you add yours.
          </p>
        ) : (
          <ul class="list" aria-label="Trusted devices">
            {devices.map((d) => (
              <li key={d.id} class="list__item" data-testid="trusted-device">
                <div>
                  <strong>{d.name}</strong>
                  <div class="muted small">{d.pattern}</div>
                </div>
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  onClick={() => void model.removeTrustedDevice(d.id)}
                  aria-label={`Remove ${d.name}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form
          class="form-row"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await model.addTrustedDevice({ name: name.value, pattern: pattern.value })) {
              name.value = '';
              pattern.value = '';
            }
          }}
        >
          <label>
            Name
            <input
              name="name"
              value={name.value}
              onInput={(e) => (name.value = e.currentTarget.value)}
              placeholder="My MacBook"
            />
          </label>
          <label>
            Device pattern
            <input
              name="pattern"
              value={pattern.value}
              onInput={(e) => (pattern.value = e.currentTarget.value)}
              placeholder="Chrome * macOS"
            />
          </label>
          <button type="submit" class="btn">
            Add trusted device
          </button>
        </form>
        {model.error.value && (
          <p role="alert" class="error">
            {model.error.value}
          </p>
        )}
      </section>
      <SitesPanel model={model} />
      <DataPanel model={model} />
    </main>
  );
}
