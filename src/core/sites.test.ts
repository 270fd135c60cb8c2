import { expect, test } from 'vitest';
import { siteForUrl } from './sites';

test.each([
  ['https://www.binance.com/en/my/security/device-management', 'binance'],
  ['https://www.binance.com/zh-CN/my/security/account-activity', 'binance'],
  ['https://app.binance.com/en/my/security', 'binance'],
  ['https://www.binance.com/my/security/device-management', 'binance'],
  ['https://www.binance.com/en/markets', undefined],
  ['https://binance.com.evil.example/en/my/security/device-management', undefined],
  ['http://www.binance.com/en/my/security/device-management', undefined],
  ['not a url', undefined],
])('%s → %s', (url, id) => {
  expect(siteForUrl(url)?.id).toBe(id);
});
