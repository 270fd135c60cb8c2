import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { allSites, builtInSites, customSiteDefinition, isNamedHostPattern, originOf, siteForUrl } from './sites';

test.each([
  ['https://www.binance.com/en/my/security/device-management', 'binance'],
  ['https://www.binance.com/zh-CN/my/security/account-activity', 'binance'],
  ['https://app.binance.com/en/my/security', 'binance'],
  ['https://www.binance.com/my/security/device-management', 'binance'],
  ['https://www.binance.com/en/my/security/address-management', 'binance'],
  ['https://www.binance.com/en/my/settings/api-management', 'binance'],
  ['https://www.binance.com/zh-CN/my/settings/api-management', 'binance'],
  ['https://www.binance.com/en/my/settings/profile', undefined],
  ['https://www.binance.com/en/my/settings/api-managementx', undefined],
  ['https://www.binance.com/en/markets', undefined],
  ['https://binance.com.evil.example/en/my/security/device-management', undefined],
  ['https://www.binance.com.evil.example/en/my/security/device-management', undefined],
  ['https://evilwww.binance.com/en/my/security', undefined],
  ['http://www.binance.com/en/my/security/device-management', undefined],
  ['https://www.kucoin.com/account/security', 'kucoin'],
  ['https://www.kucoin.com/zh-hant/account/security', 'kucoin'],
  ['https://www.kucoin.com/pt-BR/account/security/login-history', 'kucoin'],
  ['https://www.kucoin.com/account/securityx', undefined],
  ['https://www.kucoin.com/account/api', 'kucoin'],
  ['https://www.kucoin.com/zh-hant/account/api', 'kucoin'],
  ['https://www.kucoin.com/account/apix', undefined],
  ['https://www.kucoin.com/trade/BTC-USDT', undefined],
  ['https://www.kucoin.com.ph1sh.example/account/security', undefined],
  ['https://kucoin.com/account/security', undefined],
  ['https://www.kraken.com/u/security', 'kraken'],
  ['https://github.com/settings/sessions', 'github'],
  ['https://github.com/settings/profile', undefined],
  ['https://github.com.evil.example/settings/sessions', undefined],
  ['https://gitlab.com/-/user_settings/active_sessions', 'gitlab'],
  ['not a url', undefined],
])('%s → %s', (url, id) => {
  expect(siteForUrl(url)?.id).toBe(id);
});

const custom = {
  id: 'custom:exchange.example',
  name: 'Example Exchange',
  pattern: 'https://exchange.example/profile/security*',
  createdAt: 0,
};

test.each([
  ['https://exchange.example/profile/security', 'custom:exchange.example'],
  ['https://exchange.example/profile/security/devices', 'custom:exchange.example'],
  ['https://exchange.example/profile', undefined],
  ['https://exchange.example.evil.test/profile/security', undefined],
  ['http://exchange.example/profile/security', undefined],
])('custom site: %s → %s', (url, id) => {
  expect(siteForUrl(url, allSites([custom]))?.id).toBe(id);
});

test('a custom site links to its own page unless a log-out URL is given', () => {
  expect(customSiteDefinition(custom).links.devices).toBe('https://exchange.example/profile/security');
  expect(customSiteDefinition({ ...custom, logoutUrl: 'https://exchange.example/x' }).links.devices).toBe(
    'https://exchange.example/x',
  );
  expect(originOf(custom.pattern)).toBe('https://exchange.example/*');
});

test.each([
  ['https://exchange.example/profile/*', true],
  ['<all_urls>', false],
  ['https://*/*', false],
  ['https://*.example/*', false],
  ['http://exchange.example/*', false],
  ['exchange.example', false],
])('named host pattern %s → %s', (p, ok) => {
  expect(isNamedHostPattern(p)).toBe(ok);
});

/** Whether a manifest match pattern matches a URL (`*` in the path matches anything, slashes included). */
function manifestMatches(pattern: string, url: string): boolean {
  const [, host, path] = /^https:\/\/([^/]+)(\/.*)$/.exec(pattern)!;
  const u = new URL(url);
  const re = new RegExp(`^${path!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return u.hostname === host && re.test(u.pathname);
}

test('the content script runs only on the account areas holding the security pages, and on every page a site reads', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifest.json'), 'utf8')) as {
    content_scripts: { matches: string[] }[];
  };
  const scriptMatches = manifest.content_scripts.flatMap((c) => c.matches);
  // Every built-in page it must read (with locale prefixes), and the account page a single-page app starts from.
  for (const url of [
    ...builtInSites.flatMap((s) => [s.links.devices, s.links.loginHistory ?? s.links.devices]),
    'https://www.binance.com/my/security/device-management',
    'https://www.binance.com/zh-CN/my/security',
    'https://www.binance.com/en/my/dashboard',
    'https://app.binance.com/en/my/security/account-activity',
    'https://www.kucoin.com/zh-hant/account/security/login-history',
    'https://github.com/settings/sessions',
  ])
    expect(
      scriptMatches.some((m) => manifestMatches(m, url)),
      url,
    ).toBe(true);
  for (const url of [
    'https://www.binance.com/en/markets',
    'https://www.binance.com/en/square/post/1',
    'https://www.kucoin.com/trade/BTC-USDT',
    'https://www.kraken.com/prices',
    'https://github.com/some/repo',
  ]) {
    expect(
      scriptMatches.some((m) => manifestMatches(m, url)),
      url,
    ).toBe(false);
  }
});

test('every built-in site has links, a local icon, and named-host matches covered by the manifest', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../manifest.json'), 'utf8')) as {
    content_scripts: { matches: string[] }[];
    host_permissions: string[];
  };
  const scriptMatches = manifest.content_scripts.flatMap((c) => c.matches);
  for (const site of builtInSites) {
    expect(site.links.devices).toMatch(/^https:\/\//);
    expect(site.icon).toMatch(/^(?:[A-Z]|data:image\/svg\+xml,)/);
    for (const m of site.matches) {
      expect(isNamedHostPattern(m), m).toBe(true);
      // The content script runs on the site's account area only (the test above); the host is asked for whole.
      expect(
        scriptMatches.some((c) => c.startsWith(m.replace(/\*$/, ''))),
        m,
      ).toBe(true);
      expect(manifest.host_permissions, m).toContain(m);
    }
  }
  expect(scriptMatches).not.toContain('<all_urls>');
});
