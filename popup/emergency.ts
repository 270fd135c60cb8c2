import { type SiteLinks, siteById } from '../src/core/sites';
import type { AccountView } from '../src/shared/contract';
import type { EmergencyStep } from '../src/shared/emergency-steps';

/** The registry's links for the account's site; a custom site knows only its device page. */
export function linksFor(view: AccountView): SiteLinks {
  return siteById(view.account.siteId)?.links ?? { devices: view.devicesUrl };
}

/** Where each checklist step is done on the site; undefined when the registry has no page for it. */
export function stepLink(links: SiteLinks, step: EmergencyStep): string | undefined {
  switch (step) {
    case 'logout':
      return links.devices || undefined;
    case 'password':
      return links.password;
    case 'twoFactor':
      return links.twoFactor;
    case 'apiKeys':
      return links.apiKeys;
    case 'history':
      return links.withdrawWhitelist ?? links.loginHistory;
    case 'support':
      return links.support;
  }
}
