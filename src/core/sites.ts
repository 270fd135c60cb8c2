/**
 * The site registry: one entry per supported site. Pure data plus URL matching.
 * `documented` says whether a public help page documents where the session list is (see README).
 */
export interface SiteLinks {
  /** The page holding the device list and its log-out-all button. */
  devices: string;
  loginHistory?: string;
  password?: string;
  twoFactor?: string;
  apiKeys?: string;
  withdrawWhitelist?: string;
  support?: string;
}

export interface SiteDefinition {
  id: string;
  name: string;
  /** A letter badge or an inline `data:image/svg+xml` string; never a remote image. */
  icon: string;
  /** Match patterns (extension syntax) for the content script. */
  matches: string[];
  /** Path regexes (tested against pathname) of the pages worth reading. */
  securityPaths: RegExp[];
  links: SiteLinks;
  documented: boolean;
  isCustom?: boolean;
}

/** A site the user added: a match pattern such as `https://exchange.example/profile/security*`. */
export interface CustomSite {
  id: string;
  name: string;
  pattern: string;
  /** Where the log-out-all button is, when not on the pattern's own page. */
  logoutUrl?: string;
  createdAt: number;
}

/** An optional locale segment: /en, /zh-CN, /zh-hant, /pt-BR. */
const LOCALE = '(?:/[a-z]{2}(?:-[A-Za-z]{2,4})?)?';

export const builtInSites: SiteDefinition[] = [
  {
    id: 'binance',
    name: 'Binance',
    icon: 'B',
    matches: ['https://www.binance.com/*', 'https://app.binance.com/*'],
    // Security pages (devices, account activity, the withdrawal-address whitelist) and API Management.
    securityPaths: [
      new RegExp(`^${LOCALE}/my/security(?:/.*)?$`),
      new RegExp(`^${LOCALE}/my/settings/api-management(?:/.*)?$`),
    ],
    links: {
      devices: 'https://www.binance.com/en/my/security/device-management',
      loginHistory: 'https://www.binance.com/en/my/security/account-activity',
      password: 'https://www.binance.com/en/my/security/change-password',
      twoFactor: 'https://www.binance.com/en/my/security',
      apiKeys: 'https://www.binance.com/en/my/settings/api-management',
      withdrawWhitelist: 'https://www.binance.com/en/my/security/address-management',
      support: 'https://www.binance.com/en/support',
    },
    documented: true,
  },
  {
    id: 'kucoin',
    name: 'KuCoin',
    icon: 'K',
    matches: ['https://www.kucoin.com/*'],
    // Security pages (devices, login history, withdrawal addresses) and API Management.
    securityPaths: [new RegExp(`^${LOCALE}/account/security(?:/.*)?$`), new RegExp(`^${LOCALE}/account/api(?:/.*)?$`)],
    links: {
      devices: 'https://www.kucoin.com/account/security',
      loginHistory: 'https://www.kucoin.com/account/security/login-history',
      password: 'https://www.kucoin.com/account/security/password',
      twoFactor: 'https://www.kucoin.com/account/security/g2fa',
      apiKeys: 'https://www.kucoin.com/account/api',
      withdrawWhitelist: 'https://www.kucoin.com/account/security/withdraw-address',
      support: 'https://www.kucoin.com/support',
    },
    documented: false,
  },
  {
    id: 'kraken',
    name: 'Kraken',
    icon: 'K',
    matches: ['https://www.kraken.com/*'],
    securityPaths: [/^\/u\/security(?:\/.*)?$/],
    links: {
      devices: 'https://www.kraken.com/u/security',
      password: 'https://www.kraken.com/u/security/password',
      twoFactor: 'https://www.kraken.com/u/security/2fa',
      apiKeys: 'https://www.kraken.com/u/security/api',
      support: 'https://support.kraken.com/hc/en-us/articles/360048970251',
    },
    documented: true,
  },
  {
    id: 'github',
    name: 'GitHub',
    icon: 'G',
    matches: ['https://github.com/settings/*'],
    securityPaths: [/^\/settings\/(?:sessions|security)(?:\/.*)?$/],
    links: {
      devices: 'https://github.com/settings/sessions',
      password: 'https://github.com/settings/security',
      twoFactor: 'https://github.com/settings/security',
      apiKeys: 'https://github.com/settings/tokens',
      support:
        'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/viewing-and-managing-your-sessions',
    },
    documented: true,
  },
  {
    id: 'gitlab',
    name: 'GitLab',
    icon: 'G',
    matches: ['https://gitlab.com/-/user_settings/*'],
    securityPaths: [/^\/-\/user_settings\/active_sessions(?:\/.*)?$/],
    links: {
      devices: 'https://gitlab.com/-/user_settings/active_sessions',
      password: 'https://gitlab.com/-/user_settings/password/edit',
      twoFactor: 'https://gitlab.com/-/profile/account',
      apiKeys: 'https://gitlab.com/-/user_settings/personal_access_tokens',
      support: 'https://docs.gitlab.com/user/profile/active_sessions/',
    },
    documented: true,
  },
];

const PATTERN = /^(https|\*):\/\/(\*|(?:\*\.)?[a-z0-9.-]+)(\/.*)$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function globRe(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map(escapeRe).join('.*')}$`);
}

/** A valid https match pattern with a named host (no `*` host, no `<all_urls>`). */
export function isNamedHostPattern(pattern: string): boolean {
  const m = PATTERN.exec(pattern);
  return !!m && m[1] === 'https' && m[2] !== undefined && !m[2].includes('*') && m[2].includes('.');
}

function patternMatches(pattern: string, url: URL): boolean {
  const m = PATTERN.exec(pattern);
  if (!m) return false;
  const [, scheme, host = '', path = '/*'] = m;
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  if (url.protocol !== 'https:') return false;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
  } else if (host !== url.hostname) return false;
  return globRe(path).test(url.pathname + url.search);
}

/** The origin pattern a custom site needs permission for: `https://host/*`. */
export function originOf(pattern: string): string | undefined {
  const m = PATTERN.exec(pattern);
  return m && isNamedHostPattern(pattern) ? `https://${m[2]}/*` : undefined;
}

/** A custom site as a registry entry; its security pages are exactly what its pattern matches. */
export function customSiteDefinition(site: CustomSite): SiteDefinition {
  const path = PATTERN.exec(site.pattern)?.[3] ?? '/*';
  const page = `https://${PATTERN.exec(site.pattern)?.[2] ?? ''}${path.replace(/\*.*$/, '')}`;
  return {
    id: site.id,
    name: site.name,
    icon: (site.name.trim()[0] ?? '?').toUpperCase(),
    matches: [site.pattern],
    securityPaths: [globRe(path.replace(/\?.*$/, ''))],
    links: { devices: site.logoutUrl ?? page },
    documented: false,
    isCustom: true,
  };
}

/** Built-ins plus the user's custom sites. */
export function allSites(custom: CustomSite[] = []): SiteDefinition[] {
  return [...builtInSites, ...custom.map(customSiteDefinition)];
}

/** The custom site id for a host: one custom site per host keeps its history under one account. */
export function customSiteId(hostname: string): string {
  return `custom:${hostname.toLowerCase()}`;
}

/** The site a URL belongs to, when it is one of its security pages. */
export function siteForUrl(rawUrl: string, sites: SiteDefinition[] = builtInSites): SiteDefinition | undefined {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return undefined;
  }
  return sites.find(
    (s) => s.matches.some((p) => patternMatches(p, url)) && s.securityPaths.some((re) => re.test(url.pathname)),
  );
}

/** Whether the URL is on a built-in site's host at all (security page or not). */
export function isBuiltInHost(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  return builtInSites.some((s) => s.matches.some((p) => PATTERN.exec(p)?.[2] === url.hostname));
}

export function siteById(id: string, sites: SiteDefinition[] = builtInSites): SiteDefinition | undefined {
  return sites.find((s) => s.id === id);
}
