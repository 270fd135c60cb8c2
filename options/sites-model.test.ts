import { expect, test } from 'vitest';
import type { Transport } from '../src/shared/contract';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { createOptionsModel } from './model';
import { createSitesModel } from './sites-model';
import { S } from './strings';

async function setup(isGranted = true) {
  let stored: Settings = defaultSettings();
  const options = createOptionsModel({
    load: async () => stored,
    save: async (s) => {
      stored = s;
    },
  });
  await options.load();
  const sent: string[] = [];
  const asked: string[][] = [];
  const removed: string[][] = [];
  const transport = (async (type: string) => {
    sent.push(type);
    return {};
  }) as Transport;
  const sites = createSitesModel(
    options,
    transport,
    {
      request: (origins) => {
        asked.push(origins);
        return Promise.resolve(isGranted);
      },
      remove: async (origins) => void removed.push(origins),
    },
    () => 7,
  );
  return { sites, sent, asked, removed, stored: () => stored };
}

const input = { name: ' Exchange ', pattern: 'https://exchange.example/account/security*', logoutUrl: '' };

test('a custom site is added once its host is granted, and the worker registers its script', async () => {
  const { sites, sent, asked, stored } = await setup();
  expect(await sites.add(input)).toBe(true);
  expect(asked).toEqual([['https://exchange.example/*']]);
  expect(stored().customSites).toEqual([
    { id: 'custom:exchange.example', name: 'Exchange', pattern: input.pattern, createdAt: 7 },
  ]);
  expect(sent).toEqual(['syncCustomSites']);
  expect(sites.error.value).toBeUndefined();
  // The same host again is refused before any prompt.
  expect(await sites.add(input)).toBe(false);
  expect(asked).toHaveLength(1);
  expect(sites.error.value).toBe(S.sites.errExists('exchange.example'));
});

test('nothing is saved when the permission is refused, or the pattern names a built-in site or no host', async () => {
  const refused = await setup(false);
  expect(await refused.sites.add(input)).toBe(false);
  expect(refused.sites.error.value).toBe(S.sites.errNotGranted('https://exchange.example/*'));
  expect(refused.stored().customSites).toEqual([]);
  expect(refused.sent).toEqual([]);
  const { sites, asked } = await setup();
  expect(await sites.add({ ...input, pattern: 'https://www.binance.com/*' })).toBe(false);
  expect(sites.error.value).toBe(S.sites.errBuiltIn('www.binance.com'));
  expect(await sites.add({ ...input, pattern: '<all_urls>' })).toBe(false);
  expect(sites.error.value).toBe(S.sites.errPattern);
  expect(asked).toEqual([]);
});

test('removing a custom site gives its host back; a built-in site is switched off and on', async () => {
  const { sites, removed, stored } = await setup();
  await sites.add(input);
  const [site] = stored().customSites;
  expect(await sites.remove(site!)).toBe(true);
  expect(stored().customSites).toEqual([]);
  expect(removed).toEqual([['https://exchange.example/*']]);
  expect(await sites.setBuiltInEnabled('kraken', false)).toBe(true);
  expect(stored().disabledSites).toEqual(['kraken']);
  expect(await sites.setBuiltInEnabled('kraken', true)).toBe(true);
  expect(stored().disabledSites).toEqual([]);
});
