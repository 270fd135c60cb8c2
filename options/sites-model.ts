import { signal } from '@preact/signals';
import { type CustomSite, customSiteId, isBuiltInHost, originOf } from '../src/core/sites';
import type { Transport } from '../src/shared/contract';
import { CustomSiteSchema, type Settings } from '../src/shared/settings';
import { errorText } from '../src/ui/i18n';
import type { OptionsModel } from './model';
import { S } from './strings';

/** Checks what the user typed; the result's origin is the one host permission to ask for. */
export function parseCustomSite(
  input: { name: string; pattern: string; logoutUrl: string },
  existing: CustomSite[],
  now: number,
): { site: CustomSite; origin: string } | { error: string } {
  const pattern = input.pattern.trim();
  const origin = originOf(pattern);
  if (!origin) return { error: S.sites.errPattern };
  const host = new URL(origin.replace('/*', '/')).hostname;
  if (isBuiltInHost(`https://${host}/`)) return { error: S.sites.errBuiltIn(host) };
  const id = customSiteId(host);
  if (existing.some((s) => s.id === id)) return { error: S.sites.errExists(host) };
  const parsed = CustomSiteSchema.safeParse({
    id,
    name: input.name.trim() || host,
    pattern,
    ...(input.logoutUrl.trim() ? { logoutUrl: input.logoutUrl.trim() } : {}),
    createdAt: now,
  });
  if (!parsed.success)
    return { error: parsed.error.issues[0] ? S.errIssue(parsed.error.issues[0]) : S.sites.errCannotSave };
  if (parsed.data.logoutUrl && new URL(parsed.data.logoutUrl).hostname !== host) return { error: S.sites.errSameHost };
  return { site: parsed.data, origin };
}

/** Host permissions, asked for and given back (src/platform/permissions.ts in the page). */
export interface SitePermissions {
  /** Must be called in the click's own task: the browser ties the prompt to the user's gesture. */
  request: (origins: string[]) => Promise<boolean>;
  remove: (origins: string[]) => Promise<unknown>;
}

/**
 * The Sites section's actions: built-in sites on or off, custom sites added (with their host permission) or
 * removed. Each settings change goes through the options model (validated, saved by the worker), then the worker
 * registers the custom sites' content scripts (syncCustomSites).
 */
export function createSitesModel(
  settings: Pick<OptionsModel, 'settings' | 'update'>,
  transport: Transport,
  permissions: SitePermissions,
  now: () => number = Date.now,
) {
  const error = signal<string | undefined>(undefined);

  async function save(change: (s: Settings) => Settings): Promise<void> {
    const outcome = await settings.update(change);
    if (outcome) throw new Error(outcome);
    await transport('syncCustomSites', {});
  }

  async function shown(action: Promise<void>): Promise<boolean> {
    try {
      await action;
      error.value = undefined;
      return true;
    } catch (err) {
      error.value = errorText(err);
      return false;
    }
  }

  /**
   * Adds a custom site once its host is granted; answers whether it was added (the form is cleared then). The
   * permission is asked before anything is awaited.
   */
  function add(input: { name: string; pattern: string; logoutUrl: string }): Promise<boolean> {
    const got = parseCustomSite(input, settings.settings.value?.customSites ?? [], now());
    if ('error' in got) {
      error.value = got.error;
      return Promise.resolve(false);
    }
    const granted = permissions.request([got.origin]);
    return shown(
      (async () => {
        if (!(await granted)) throw new Error(S.sites.errNotGranted(got.origin));
        await save((s) => ({ ...s, customSites: [...s.customSites, got.site] }));
      })(),
    );
  }

  /** Removes a custom site, then gives its host permission back. */
  function remove(site: CustomSite): Promise<boolean> {
    return shown(
      (async () => {
        await save((s) => ({ ...s, customSites: s.customSites.filter((c) => c.id !== site.id) }));
        const origin = originOf(site.pattern);
        if (origin) await permissions.remove([origin]);
      })(),
    );
  }

  /** Reads a built-in site, or stops reading it. */
  function setBuiltInEnabled(siteId: string, isEnabled: boolean): Promise<boolean> {
    return shown(
      save((s) => ({
        ...s,
        disabledSites: isEnabled ? s.disabledSites.filter((d) => d !== siteId) : [...s.disabledSites, siteId],
      })),
    );
  }

  return { error, add, remove, setBuiltInEnabled };
}

export type SitesModel = ReturnType<typeof createSitesModel>;
