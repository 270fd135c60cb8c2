import { useSignal } from '@preact/signals';
import { allSites, builtInSites, type SiteDefinition } from '../src/core/sites';
import type { OptionsModel } from './model';
import type { SitesModel } from './sites-model';
import { S } from './strings';

/** The popup's "Watch this site" opens options at `#add-site=<pattern>`. */
function prefilledPattern(): string {
  return new URLSearchParams(globalThis.location?.hash.slice(1) ?? '').get('add-site') ?? '';
}

export function SitesPanel({ model, sites }: { model: OptionsModel; sites: SitesModel }) {
  const name = useSignal('');
  const pattern = useSignal(prefilledPattern());
  const logoutUrl = useSignal('');
  const { error } = sites;
  const settings = model.settings.value;
  const disabled = settings?.disabledSites ?? [];
  const custom = settings?.customSites ?? [];

  function add(e: Event): void {
    e.preventDefault();
    void sites.add({ name: name.value, pattern: pattern.value, logoutUrl: logoutUrl.value }).then((isAdded) => {
      if (isAdded) name.value = pattern.value = logoutUrl.value = '';
    });
  }

  return (
    <section class="panel" id="sites" aria-labelledby="sites-heading">
      <h2 id="sites-heading">{S.sites.heading}</h2>
      <ul class="list" aria-label={S.sites.builtIn}>
        {builtInSites.map((site) => (
          <li key={site.id} class="list__item" data-testid="built-in-site">
            <label>
              <input
                type="checkbox"
                checked={!disabled.includes(site.id)}
                onChange={(e) => void sites.setBuiltInEnabled(site.id, e.currentTarget.checked)}
              />{' '}
              <span class="tag" aria-hidden="true">
                {site.icon.length === 1 ? site.icon : ''}
              </span>{' '}
              {site.name}
            </label>
            <span class="muted small">{site.documented ? S.sites.documented : S.sites.bestEffort}</span>
          </li>
        ))}
      </ul>
      <h3>{S.sites.yours}</h3>
      {custom.length === 0 ? (
        <p class="muted" data-testid="no-custom-sites">
          {S.sites.noneYet}
        </p>
      ) : (
        <ul class="list" aria-label={S.sites.yours}>
          {custom.map((site) => (
            <li key={site.id} class="list__item" data-testid="custom-site">
              <div>
                <strong>{site.name}</strong>
                <div class="muted small">{site.pattern}</div>
              </div>
              <button
                type="button"
                class="btn btn--ghost btn--small"
                aria-label={S.sites.removeAria(site.name)}
                onClick={() => void sites.remove(site)}
              >
                {S.sites.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="form-row" onSubmit={add} aria-label={S.sites.addForm}>
        <label>
          {S.sites.label}
          <input name="site-name" value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} />
        </label>
        <label class="form-row__wide">
          {S.sites.pattern}
          <input
            name="site-pattern"
            // Addresses, patterns and codes read left to right in every language.
            dir="ltr"
            value={pattern.value}
            onInput={(e) => (pattern.value = e.currentTarget.value)}
            placeholder="https://exchange.example/profile/security*"
          />
        </label>
        <label class="form-row__wide">
          {S.sites.logoutOptional}
          <input
            name="site-logout"
            dir="ltr"
            value={logoutUrl.value}
            onInput={(e) => (logoutUrl.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="btn">
          {S.sites.add}
        </button>
      </form>
      {error.value && (
        <p role="alert" class="error" data-testid="sites-error">
          {error.value}
        </p>
      )}
      <LogoutPages model={model} />
    </section>
  );
}

function LogoutPageRow({ model, site, current }: { model: OptionsModel; site: SiteDefinition; current: string }) {
  const text = useSignal<string | undefined>(undefined);
  const error = useSignal<string | undefined>(undefined);
  const id = `logout-${site.id.replace(/[^a-z0-9-]/gi, '-')}`;
  async function set(value: string) {
    const outcome = await model.setLogoutUrl(site.id, value);
    error.value = outcome;
    if (!outcome) text.value = undefined;
  }
  return (
    <li class="list__item list__item--stack" data-testid="logout-page">
      <form
        class="logout-row"
        onSubmit={(e) => {
          e.preventDefault();
          void set(text.value ?? current);
        }}
      >
        <label for={id}>{S.sites.logoutLabel(site.name)}</label>
        <input
          id={id}
          name={id}
          dir="ltr"
          type="url"
          value={text.value ?? current}
          placeholder={site.isCustom ? '' : site.links.devices}
          aria-invalid={error.value ? true : undefined}
          onInput={(e) => (text.value = e.currentTarget.value)}
        />
        <button type="submit" class="btn btn--small" aria-label={S.sites.logoutSaveAria(site.name)}>
          {S.sites.logoutSave}
        </button>
        <button
          type="button"
          class="btn btn--ghost btn--small"
          disabled={!current && text.value === undefined}
          aria-label={S.sites.logoutResetAria(site.name)}
          onClick={() => void set('')}
        >
          {S.sites.logoutReset}
        </button>
      </form>
      {error.value && (
        <p role="alert" class="error">
          {error.value}
        </p>
      )}
    </li>
  );
}

/** The page "Log out of all devices" opens, per site: the registry's unless the user set one on the site's host. */
function LogoutPages({ model }: { model: OptionsModel }) {
  const settings = model.settings.value;
  const sites = allSites(settings?.customSites ?? []);
  return (
    <>
      <h3>{S.sites.logoutHeading}</h3>
      <p class="muted small">{S.sites.logoutIntro}</p>
      <ul class="list" aria-label={S.sites.logoutHeading}>
        {sites.map((site) => {
          const current = site.isCustom
            ? (settings?.customSites.find((c) => c.id === site.id)?.logoutUrl ?? '')
            : (settings?.logoutUrls?.[site.id] ?? '');
          return <LogoutPageRow key={site.id} model={model} site={site} current={current} />;
        })}
      </ul>
    </>
  );
}
