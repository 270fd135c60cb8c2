/** An optional locale segment: /en, /zh-CN, /zh-hant, /pt-BR. */
export const LOCALE = '(?:/[a-z]{2}(?:-[A-Za-z]{2,4})?)?';

/**
 * The pages worth reading on each built-in site, by site id: the hosts it is served from, and its security pages'
 * paths (regular-expression sources matched from the start of the pathname; a path covers the pages under it).
 * The one list: the site registry (sites.ts) and the content script's gate (src/content/page-gate.ts) both read it,
 * and it stays this small so the content script can carry it. To read another page of a site (its API keys, its
 * withdrawal whitelist), add its path to that site's `paths`.
 */
export const SECURITY_PAGES = {
  binance: { hosts: ['www.binance.com', 'app.binance.com'], paths: [`${LOCALE}/my/security`] },
  kucoin: { hosts: ['www.kucoin.com'], paths: [`${LOCALE}/account/security`] },
  kraken: { hosts: ['www.kraken.com'], paths: ['/u/security'] },
  github: { hosts: ['github.com'], paths: ['/settings/(?:sessions|security)'] },
  gitlab: { hosts: ['gitlab.com'], paths: ['/-/user_settings/active_sessions'] },
} as const satisfies Record<string, { hosts: readonly string[]; paths: readonly string[] }>;

export type BuiltInSiteId = keyof typeof SECURITY_PAGES;

/** A site's security pages as one regular expression over the pathname: a listed path or any page under it. */
export function securityPathsOf(id: BuiltInSiteId): RegExp {
  return new RegExp(`^(?:${SECURITY_PAGES[id].paths.join('|')})(?:/.*)?$`);
}
