import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deviceFamily, type ParsedDevice, parseDevice } from './device';

type Row = [text: string, expected: ParsedDevice];

describe('parseDevice: strings sites print', () => {
  test.each<Row>([
    [
      'Chrome 126 on macOS 14.5',
      { browser: 'Chrome', browserMajor: 126, os: 'macOS', osVersion: '14.5', deviceType: 'desktop' },
    ],
    ['iPhone 15 Pro · iOS 17.4', { os: 'iOS', osVersion: '17.4', model: 'iPhone 15 Pro', deviceType: 'phone' }],
    ['Windows PC - Chrome Browser', { browser: 'Chrome', os: 'Windows', deviceType: 'desktop' }],
    ['Binance APP 2.x.x', { browser: 'Binance App', browserMajor: 2, deviceType: 'app' }],
    ['Firefox / Linux', { browser: 'Firefox', os: 'Linux', deviceType: 'desktop' }],
    ['Safari on iPhone', { browser: 'Safari', os: 'iOS', model: 'iPhone', deviceType: 'phone' }],
    [
      'Edge 125 (Windows 11)',
      { browser: 'Edge', browserMajor: 125, os: 'Windows', osVersion: '11', deviceType: 'desktop' },
    ],
    ['Android 14 · Samsung Galaxy S24', { os: 'Android', osVersion: '14', model: 'Galaxy S24', deviceType: 'phone' }],
    [
      'Chrome 124 on macOS Sonoma',
      { browser: 'Chrome', browserMajor: 124, os: 'macOS', osVersion: '14', deviceType: 'desktop' },
    ],
    ['iPad Air (iOS 17)', { os: 'iPadOS', osVersion: '17', model: 'iPad Air', deviceType: 'tablet' }],
    ['KuCoin App', { browser: 'KuCoin App', deviceType: 'app' }],
    ['API', { deviceType: 'api' }],
    ['Opera', { browser: 'Opera', deviceType: 'unknown' }],
    ['Brave', { browser: 'Brave', deviceType: 'unknown' }],
    // Samsung Internet exists only on Android.
    ['Samsung Internet', { browser: 'Samsung Internet', os: 'Android', deviceType: 'phone' }],
    ['Mac', { os: 'macOS', deviceType: 'desktop' }],
    ['Windows', { os: 'Windows', deviceType: 'desktop' }],
    ['未知设备', { deviceType: 'unknown' }],
    ['Unknown device', { deviceType: 'unknown' }],
    ['Неизвестное устройство', { deviceType: 'unknown' }],
    ['', { deviceType: 'unknown' }],
  ])('%j', (text, expected) => {
    expect(parseDevice(text)).toEqual(expected);
  });
});

describe('parseDevice: more spellings', () => {
  test.each<Row>([
    ['Chrome 120 on Chrome OS', { browser: 'Chrome', browserMajor: 120, os: 'ChromeOS', deviceType: 'desktop' }],
    ['Chromebook', { os: 'ChromeOS', deviceType: 'desktop' }],
    ['Win10 Chrome', { browser: 'Chrome', os: 'Windows', osVersion: '10', deviceType: 'desktop' }],
    [
      'Windows 8.1 / IE 11',
      { browser: 'Internet Explorer', browserMajor: 11, os: 'Windows', osVersion: '8.1', deviceType: 'desktop' },
    ],
    ['Windows XP', { os: 'Windows', osVersion: 'XP', deviceType: 'desktop' }],
    // NT 10.0 is both Windows 10 and 11.
    ['Windows NT 10.0', { os: 'Windows', deviceType: 'desktop' }],
    ['Windows NT 6.1 Firefox', { browser: 'Firefox', os: 'Windows', osVersion: '7', deviceType: 'desktop' }],
    ['Mac OS X 10_15_7 Safari', { browser: 'Safari', os: 'macOS', deviceType: 'desktop' }],
    [
      'macOS 13.6.7 · Firefox 127',
      { browser: 'Firefox', browserMajor: 127, os: 'macOS', osVersion: '13.6.7', deviceType: 'desktop' },
    ],
    ['MacBook Pro', { os: 'macOS', model: 'MacBook Pro', deviceType: 'desktop' }],
    ['Edge (Chromium) on Mac mini', { browser: 'Edge', os: 'macOS', model: 'Mac mini', deviceType: 'desktop' }],
    ['Pixel 8 Pro', { os: 'Android', model: 'Pixel 8 Pro', deviceType: 'phone' }],
    ['Google Pixel Tablet', { os: 'Android', model: 'Pixel Tablet', deviceType: 'tablet' }],
    ['Galaxy Tab S9 · Android 14', { os: 'Android', osVersion: '14', model: 'Galaxy Tab S9', deviceType: 'tablet' }],
    ['samsung galaxy s24 ultra', { os: 'Android', model: 'Galaxy S24 Ultra', deviceType: 'phone' }],
    ['SM-S921B', { os: 'Android', model: 'SM-S921B', deviceType: 'phone' }],
    ['Redmi Note 12 Pro', { os: 'Android', model: 'Redmi Note 12 Pro', deviceType: 'phone' }],
    ['OnePlus 12', { os: 'Android', model: 'OnePlus 12', deviceType: 'phone' }],
    ['Huawei Mate 60 Pro', { os: 'Android', model: 'Huawei Mate 60 Pro', deviceType: 'phone' }],
    ['Samsung Galaxy S7 edge', { os: 'Android', model: 'Galaxy S7 Edge', deviceType: 'phone' }],
    [
      'Chrome on Motorola Edge 40',
      { browser: 'Chrome', os: 'Android', model: 'Motorola Edge 40', deviceType: 'phone' },
    ],
    ['iPhone12', { os: 'iOS', model: 'iPhone 12', deviceType: 'phone' }],
    ['Apple iPhone SE', { os: 'iOS', model: 'iPhone SE', deviceType: 'phone' }],
    ['iPhone 16e', { os: 'iOS', model: 'iPhone 16e', deviceType: 'phone' }],
    [
      'iPhone 15 Pro Max (iOS 17.5.1)',
      { os: 'iOS', osVersion: '17.5.1', model: 'iPhone 15 Pro Max', deviceType: 'phone' },
    ],
    ['iPad Pro 12.9 (iPadOS 17.5)', { os: 'iPadOS', osVersion: '17.5', model: 'iPad Pro 12.9', deviceType: 'tablet' }],
    [
      'Chrome Mobile 126 / Android 14',
      { browser: 'Chrome', browserMajor: 126, os: 'Android', osVersion: '14', deviceType: 'phone' },
    ],
    ['Chrome/126.0.6478.127', { browser: 'Chrome', browserMajor: 126, deviceType: 'unknown' }],
    ['Opera GX 110', { browser: 'Opera', browserMajor: 110, deviceType: 'unknown' }],
    [
      'Yandex Browser 24 (Windows 10)',
      { browser: 'Yandex', browserMajor: 24, os: 'Windows', osVersion: '10', deviceType: 'desktop' },
    ],
    ['Firefox 127 Ubuntu', { browser: 'Firefox', browserMajor: 127, os: 'Linux', deviceType: 'desktop' }],
    ['Desktop', { deviceType: 'desktop' }],
    ['Mobile', { deviceType: 'phone' }],
    // Apps: the exchange's own name, with the version the app reports.
    [
      'Binance iOS 2.85.1 (iOS 17.4)',
      { browser: 'Binance App', browserMajor: 2, os: 'iOS', osVersion: '17.4', deviceType: 'app' },
    ],
    ['OKX Android 6.3.1', { browser: 'OKX App', browserMajor: 6, os: 'Android', deviceType: 'app' }],
    ['Kraken Pro App v3.1', { browser: 'Kraken App', browserMajor: 3, deviceType: 'app' }],
    ['Gate.io App', { browser: 'Gate App', deviceType: 'app' }],
    ['币安APP', { browser: 'Binance App', deviceType: 'app' }],
    ['iOS App', { os: 'iOS', deviceType: 'app' }],
    ['Bybit · iPhone 13', { browser: 'Bybit App', os: 'iOS', model: 'iPhone 13', deviceType: 'app' }],
    ['Binance API', { deviceType: 'api' }],
    ['API Key (HMAC)', { deviceType: 'api' }],
    // Names inside other words are not matches.
    ['Rapid Macedonia', { deviceType: 'unknown' }],
    ['Gemini', { deviceType: 'unknown' }],
    // Localized.
    ['谷歌浏览器 Windows 电脑', { browser: 'Chrome', os: 'Windows', deviceType: 'desktop' }],
    ['苹果手机', { os: 'iOS', deviceType: 'phone' }],
    ['安卓手机', { os: 'Android', deviceType: 'phone' }],
    ['使用Chrome浏览器', { browser: 'Chrome', deviceType: 'unknown' }],
  ])('%j', (text, expected) => {
    expect(parseDevice(text)).toEqual(expected);
  });
});

describe('parseDevice: dirty page text', () => {
  test.each<Row>([
    [
      '<span class="b">Chrome</span>&nbsp;126 &middot; Windows',
      { browser: 'Chrome', browserMajor: 126, os: 'Windows', deviceType: 'desktop' },
    ],
    [
      'Ｃｈｒｏｍｅ　１２６ ／ Ｗｉｎｄｏｗｓ',
      { browser: 'Chrome', browserMajor: 126, os: 'Windows', deviceType: 'desktop' },
    ],
    // Invisible characters must not hide a word or split it.
    ['Chr\u200bome 126 on mac\u200dOS', { browser: 'Chrome', browserMajor: 126, os: 'macOS', deviceType: 'desktop' }],
    ['\u202eFirefox\u202c on \u2066Linux\u2069', { browser: 'Firefox', os: 'Linux', deviceType: 'desktop' }],
    ['  \n\tSafari\n on\n iPhone  ', { browser: 'Safari', os: 'iOS', model: 'iPhone', deviceType: 'phone' }],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', { deviceType: 'unknown' }],
    ['&#67;hrome', { browser: 'Chrome', deviceType: 'unknown' }],
  ])('%j', (text, expected) => {
    expect(parseDevice(text)).toEqual(expected);
  });
});

const UA = {
  macChrome:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  winEdge:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.67',
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ipadSafari:
    'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  samsung:
    'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  cros: 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  yandex:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 YaBrowser/24.4.0.0 Safari/537.36',
  opera:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0',
  pixel:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
  reducedAndroid:
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  androidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  binanceApp: 'Binance/2.85.1 (iPhone; iOS 17.4.1; Scale/3.00)',
  binanceWebView:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Binance/2.85.1',
  dalvik: 'Dalvik/2.1.0 (Linux; U; Android 14; SM-S921B Build/UP1A.231005.007)',
  oldAndroid:
    'Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30',
  okhttp: 'okhttp/4.9.2',
  python: 'python-requests/2.31.0',
  googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  curl: 'curl/8.4.0',
};

describe('parseDevice: raw user agents through bowser', () => {
  test.each<[keyof typeof UA, ParsedDevice]>([
    ['macChrome', { browser: 'Chrome', browserMajor: 126, os: 'macOS', deviceType: 'desktop' }],
    ['winEdge', { browser: 'Edge', browserMajor: 125, os: 'Windows', deviceType: 'desktop' }],
    [
      'iphoneSafari',
      { browser: 'Safari', browserMajor: 17, os: 'iOS', osVersion: '17.4', model: 'iPhone', deviceType: 'phone' },
    ],
    [
      'ipadSafari',
      { browser: 'Safari', browserMajor: 17, os: 'iPadOS', osVersion: '17.4', model: 'iPad', deviceType: 'tablet' },
    ],
    [
      'samsung',
      {
        browser: 'Samsung Internet',
        browserMajor: 25,
        os: 'Android',
        osVersion: '14',
        model: 'SM-S921B',
        deviceType: 'phone',
      },
    ],
    ['linuxFirefox', { browser: 'Firefox', browserMajor: 127, os: 'Linux', deviceType: 'desktop' }],
    ['cros', { browser: 'Chrome', browserMajor: 124, os: 'ChromeOS', deviceType: 'desktop' }],
    ['yandex', { browser: 'Yandex', browserMajor: 24, os: 'Windows', deviceType: 'desktop' }],
    ['opera', { browser: 'Opera', browserMajor: 110, os: 'Windows', deviceType: 'desktop' }],
    [
      'pixel',
      {
        browser: 'Chrome',
        browserMajor: 126,
        os: 'Android',
        osVersion: '14',
        model: 'Pixel 8 Pro',
        deviceType: 'phone',
      },
    ],
    // Chrome's reduced UA: "Android 10; K" is the same for every phone.
    ['reducedAndroid', { browser: 'Chrome', browserMajor: 126, os: 'Android', deviceType: 'phone' }],
    [
      'androidTablet',
      { browser: 'Chrome', browserMajor: 126, os: 'Android', osVersion: '13', model: 'SM-X710', deviceType: 'tablet' },
    ],
    [
      'binanceApp',
      { browser: 'Binance App', browserMajor: 2, os: 'iOS', osVersion: '17.4.1', model: 'iPhone', deviceType: 'app' },
    ],
    [
      'binanceWebView',
      { browser: 'Binance App', browserMajor: 2, os: 'iOS', osVersion: '17.4', model: 'iPhone', deviceType: 'app' },
    ],
    ['dalvik', { os: 'Android', osVersion: '14', model: 'SM-S921B', deviceType: 'app' }],
    // The locale sits where newer UAs put the model.
    [
      'oldAndroid',
      { browser: 'Android Browser', browserMajor: 4, os: 'Android', osVersion: '4.0.3', deviceType: 'phone' },
    ],
    ['okhttp', { deviceType: 'app' }],
    ['python', { deviceType: 'api' }],
    // A crawler signed in is a script.
    ['googlebot', { browser: 'Googlebot', browserMajor: 2, deviceType: 'api' }],
    ['curl', { deviceType: 'api' }],
  ])('%s', (key, expected) => {
    expect(parseDevice(UA[key])).toEqual(expected);
    // The same UA passed separately gives the same answer when the page text adds nothing.
    expect(parseDevice('', UA[key])).toEqual(expected);
  });

  test('page text and UA together: the UA decides versions, the text names the model', () => {
    expect(parseDevice('iPhone 15 Pro', UA.iphoneSafari)).toEqual({
      browser: 'Safari',
      browserMajor: 17,
      os: 'iOS',
      osVersion: '17.4',
      model: 'iPhone 15 Pro',
      deviceType: 'phone',
    });
    expect(parseDevice('Galaxy S24', UA.samsung).model).toBe('Galaxy S24');
    expect(parseDevice('Binance App', UA.iphoneSafari)).toMatchObject({ browser: 'Binance App', deviceType: 'app' });
    expect(parseDevice('Chrome 126 on macOS 14.5', UA.macChrome)).toMatchObject({
      osVersion: '14.5',
      browserMajor: 126,
    });
    expect(parseDevice('Chrome on Mac', '   ')).toEqual({ browser: 'Chrome', os: 'macOS', deviceType: 'desktop' });
  });
});

describe('deviceFamily', () => {
  test('the documented shape', () => {
    expect(deviceFamily(parseDevice('Chrome 126 on macOS 14.5'))).toBe('chrome|macos|desktop|');
  });

  test.each([
    ['Chrome 126 on macOS 14.5', 'Chrome 127 on macOS 14.6'],
    ['Edge 125 (Windows 10)', 'Edge 126 (Windows 11)'],
    ['iPhone 15 Pro · iOS 17.4', 'iPhone 15 Pro · iOS 18.0'],
    ['Binance APP 2.84.0', 'Binance APP 2.85.1'],
    [UA.macChrome, UA.macChrome.replace('126.0.0.0', '127.0.0.0')],
  ])('updates keep the family: %j ~ %j', (a, b) => {
    expect(deviceFamily(parseDevice(a))).toBe(deviceFamily(parseDevice(b)));
  });

  test.each([
    ['Chrome 126 on macOS', 'Firefox 126 on macOS'],
    ['Chrome on Windows', 'Chrome on macOS'],
    ['iPhone 15 Pro', 'iPhone 14'],
    ['Safari on iPhone', 'Safari on iPad'],
    ['Binance App', 'OKX App'],
  ])('different devices differ: %j vs %j', (a, b) => {
    expect(deviceFamily(parseDevice(a))).not.toBe(deviceFamily(parseDevice(b)));
  });
});

// Property runs are many; a busy machine must not turn them into timeouts.
describe('properties', { timeout: 30_000 }, () => {
  const words = fc.constantFrom(
    'Chrome',
    'chrome',
    '126',
    'on',
    'macOS',
    'iPhone',
    'iPad',
    'OS',
    'Android',
    'Galaxy',
    'Tab',
    'S24',
    'App',
    'Binance',
    'API',
    'Windows',
    'NT',
    '10.0',
    'Mozilla/5.0',
    '(',
    ')',
    ';',
    '/',
    '·',
    '<b>',
    '&amp;',
    '\u202e',
    '谷歌浏览器',
    '手机',
    '',
  );
  const soup = fc.array(words, { maxLength: 30 }).map((w) => w.join(' '));
  const anything = fc.string({ unit: 'binary', maxLength: 300 });

  test('never throws, always names a device type, and is deterministic', () => {
    const types = ['desktop', 'phone', 'tablet', 'app', 'api', 'unknown'];
    fc.assert(
      fc.property(fc.oneof(soup, anything), fc.option(fc.oneof(soup, anything), { nil: undefined }), (text, ua) => {
        const d = parseDevice(text, ua);
        expect(types).toContain(d.deviceType);
        if (d.browserMajor !== undefined) expect(Number.isInteger(d.browserMajor)).toBe(true);
        expect(parseDevice(text, ua)).toEqual(d);
        expect(deviceFamily(d).split('|')).toHaveLength(4);
      }),
      { numRuns: 1500 },
    );
  });

  // Catastrophic backtracking takes seconds or worse; the bound leaves room for a busy machine.
  test('bounded time on 100 KB inputs', () => {
    const inputs = [
      'Chrome '.repeat(15_000),
      'a'.repeat(100_000),
      `Mozilla/5.0 (${'a;'.repeat(50_000)})`,
      '<'.repeat(100_000),
      '&'.repeat(100_000),
      `${'iPhone '.repeat(14_000)}`,
      `${'\u202e'.repeat(100_000)}Chrome`,
      'Binance '.repeat(12_500),
      '1.'.repeat(50_000),
    ];
    for (const s of inputs) {
      const t0 = performance.now();
      parseDevice(s);
      parseDevice(s, s);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
});
