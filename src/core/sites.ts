/**
 * The site registry: one entry per supported site. Pure data plus URL matching.
 * `documented` says whether a public help page documents the paths (see README).
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
  /** Match patterns (extension syntax) for the content script. */
  matches: string[];
  /** Path regexes (tested against pathname) of the pages worth reading. */
  securityPaths: RegExp[];
  links: SiteLinks;
  documented: boolean;
}

const LOCALE = '(?:/[a-z]{2}(?:-[A-Za-z]{2,4})?)?';

export const builtInSites: SiteDefinition[] = [
  {
    id: 'binance',
    name: 'Binance',
    matches: ['https://www.binance.com/*', 'https://app.binance.com/*'],
    securityPaths: [new RegExp(`^${LOCALE}/my/security(?:/.*)?$`)],
    links: {
      devices: 'https://www.binance.com/en/my/security/device-management',
      loginHistory: 'https://www.binance.com/en/my/security/account-activity',
      password: 'https://www.binance.com/en/my/security/change-password',
      twoFactor: 'https://www.binance.com/en/my/security',
      apiKeys: 'https://www.binance.com/en/my/settings/api-management',
      withdrawWhitelist: 'https://www.binance.com/en/my/security/withdraw-whitelist',
      support: 'https://www.binance.com/en/support',
    },
    documented: true,
  },
];

function hostMatches(pattern: string, url: URL): boolean {
  const m = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const [, scheme, host = '', path = '/*'] = m;
  if (scheme !== '*' && `${scheme}:` !== url.protocol) return false;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
  } else if (host !== url.hostname) return false;
  const pathRe = new RegExp(`^${path.split('*').map(escapeRe).join('.*')}$`);
  return pathRe.test(url.pathname + url.search);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    (s) => s.matches.some((p) => hostMatches(p, url)) && s.securityPaths.some((re) => re.test(url.pathname)),
  );
}

export function siteById(id: string, sites: SiteDefinition[] = builtInSites): SiteDefinition | undefined {
  return sites.find((s) => s.id === id);
}
