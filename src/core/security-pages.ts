/** An optional locale segment: /en, /zh-CN, /zh-hant, /pt-BR. */
export const LOCALE = '(?:/[a-z]{2}(?:-[A-Za-z]{2,4})?)?';

/**
 * The pages worth reading on each built-in site, by site id: the match patterns its content script runs on (the
 * manifest's content_scripts and host_permissions name the same), and its security pages' paths
 * (regular-expression sources matched from the start of the pathname; a path covers the pages under it).
 * The one list: the site registry (sites.ts) and the content script's gate (src/content/page-gate.ts) both read it,
 * and it stays this small so the content script can carry it. To read another page of a site (its API keys, its
 * withdrawal whitelist), add its path to that site's `paths`.
 */
export const SECURITY_PAGES = {
  binance: {
    matches: ['https://www.binance.com/*', 'https://app.binance.com/*'],
    // Security pages (devices, account activity, the withdrawal-address whitelist) and API Management.
    paths: [`${LOCALE}/my/security`, `${LOCALE}/my/settings/api-management`],
  },
  // Security pages (devices, login history, withdrawal addresses) and API Management.
  kucoin: { matches: ['https://www.kucoin.com/*'], paths: [`${LOCALE}/account/security`, `${LOCALE}/account/api`] },
  kraken: { matches: ['https://www.kraken.com/*'], paths: ['/u/security'] },
  github: { matches: ['https://github.com/settings/*'], paths: ['/settings/(?:sessions|security)'] },
  gitlab: { matches: ['https://gitlab.com/-/user_settings/*'], paths: ['/-/user_settings/active_sessions'] },
} as const satisfies Record<string, { matches: readonly string[]; paths: readonly string[] }>;

export type BuiltInSiteId = keyof typeof SECURITY_PAGES;

/** A site's security pages as one regular expression over the pathname: a listed path or any page under it. */
export function securityPathsOf(id: BuiltInSiteId): RegExp {
  return new RegExp(`^(?:${SECURITY_PAGES[id].paths.join('|')})(?:/.*)?$`);
}

/** What the site registry takes from this list for a built-in site. */
export function pagesOf(id: BuiltInSiteId): { matches: string[]; securityPaths: RegExp[] } {
  return { matches: [...SECURITY_PAGES[id].matches], securityPaths: [securityPathsOf(id)] };
}

/** The host of a match pattern ("https://github.com/settings/*" → "github.com"). */
export function hostOf(pattern: string): string {
  return pattern.split('/')[2] ?? '';
}
