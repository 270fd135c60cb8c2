import { siteById } from '../src/core/sites';
import type { AccountView } from '../src/shared/contract';

/** A letter badge, or the registry's inline SVG; never a remote image. */
export function iconOf(view: AccountView): { letter: string } | { src: string } {
  const icon = siteById(view.account.siteId)?.icon;
  if (icon?.startsWith('data:image/svg+xml')) return { src: icon };
  return { letter: (icon || view.siteName.trim()[0] || '?').slice(0, 2).toUpperCase() };
}
