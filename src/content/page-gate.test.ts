import { expect, test } from 'vitest';
import { builtInSites, isBuiltInHost, siteForUrl } from '../core/sites';
import { isReadablePage } from './page-gate';

const PATHS = [
  '/',
  '/en/my/security',
  '/zh-CN/my/security/device-management',
  '/my/security/',
  '/my/securityx',
  '/en/my/wallet',
  '/en/my/settings/api-management',
  '/my/settings/api-management/',
  '/my/settings/api-managementx',
  '/en/my/settings/profile',
  '/account/api',
  '/zh-hant/account/api/',
  '/account/apix',
  '/account/security',
  '/zh-hant/account/security/devices',
  '/account/securityx',
  '/u/security',
  '/u/security/sessions',
  '/u/securityx',
  '/u/settings',
  '/settings/sessions',
  '/settings/security',
  '/settings/sessionsx',
  '/settings/profile',
  '/-/user_settings/active_sessions',
  '/-/user_settings/profile',
  '/__proto__',
  '/constructor',
];
const hosts = [
  ...new Set(builtInSites.flatMap((s) => s.matches.map((m) => new URL(m.replace('*', '')).hostname))),
  'sso.example.test',
  'constructor',
  'binance.com',
];
const urls = [
  ...hosts.flatMap((h) => PATHS.map((p) => `https://${h}${p}`)),
  ...builtInSites.flatMap((s) => Object.values(s.links)),
];

test.each(urls)('the content script reads %s exactly when the site registry would', (url) => {
  expect(isReadablePage(url)).toBe(!isBuiltInHost(url) || siteForUrl(url) !== undefined);
});

test('a URL that does not parse is not read', () => {
  expect(isReadablePage('not a url')).toBe(false);
});
