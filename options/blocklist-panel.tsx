import { useSignal } from '@preact/signals';
import { focusAfterRemoval } from './focus-after';
import type { OptionsModel } from './model';
import { S } from './strings';

export function BlocklistPanel({ model }: { model: OptionsModel }) {
  const entry = useSignal('');
  const error = useSignal<string | undefined>(undefined);
  const list = model.settings.value?.blocklist ?? [];
  return (
    <section class="panel" id="blocklist" aria-labelledby="blocklist-heading">
      <h2 id="blocklist-heading">{S.blocklist.heading}</h2>
      <p class="muted">{S.blocklist.intro}</p>
      {list.length === 0 ? (
        <p class="muted" data-testid="no-blocked">
          {S.blocklist.none}
        </p>
      ) : (
        <ul class="list" aria-label={S.blocklist.listLabel}>
          {list.map((x) => (
            <li key={x} class="list__item" data-testid="blocked">
              <code>{x}</code>
              <button
                type="button"
                class="btn btn--ghost btn--small"
                aria-label={S.blocklist.removeAria(x)}
                onClick={async (e) => {
                  const refocus = focusAfterRemoval(e.currentTarget, 'blocklist-entry');
                  error.value = await model.removeBlocklistEntry(x);
                  refocus();
                }}
              >
                {S.blocklist.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="form-row"
        aria-label={S.blocklist.heading}
        onSubmit={async (e) => {
          e.preventDefault();
          const submitted = entry.value;
          const outcome = await model.addBlocklistEntry(submitted);
          error.value = outcome;
          // What the user typed while it was saved stays.
          if (!outcome && entry.value === submitted) entry.value = '';
        }}
      >
        <label>
          {S.blocklist.input}
          <input
            id="blocklist-entry"
            name="blocklist-entry"
            // Addresses, patterns and codes read left to right in every language.
            dir="ltr"
            value={entry.value}
            placeholder={S.blocklist.placeholder}
            onInput={(e) => (entry.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn">
          {S.blocklist.add}
        </button>
      </form>
      {error.value && (
        <p role="alert" class="error" data-testid="blocklist-error">
          {error.value}
        </p>
      )}
    </section>
  );
}
