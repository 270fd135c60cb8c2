import Bowser from 'bowser';
import type { DeviceType } from './types';

export interface ParsedDevice {
  browser?: string;
  browserMajor?: number;
  os?: string;
  osVersion?: string;
  deviceType: DeviceType;
  model?: string;
}

// A device cell is a few words; the caps keep every regex below on small input whatever the page holds.
const MAX_RAW = 4096;
const MAX_CLEAN = 400;
const MAX_UA = 1024;

// Zero-width and bidi controls can split "Chr\u200bome" or reorder the cell; dropping them rejoins the word.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', middot: '·' };

function decodeEntity(_m: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
  }
  return ENTITIES[body.toLowerCase()] ?? ' ';
}

/** Page text → one clean line: tags and entities from sloppy extraction, controls, full-width letters. */
function clean(text: string): string {
  return text
    .slice(0, MAX_RAW)
    .replace(/<[^<>]{0,300}>/g, ' ')
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, decodeEntity)
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_CLEAN);
}

// Latin words need boundaries ("Rapid" is no API, "Macedonia" no Mac), but sites glue CJK to them
// ("使用Chrome浏览器", "币安APP"), so only a Latin letter or digit counts as part of a word.
const B = '(?<![a-z0-9])';
const E = '(?![a-z])';

function re(source: string): RegExp {
  return new RegExp(source, 'iu');
}

/** Exchanges whose mobile apps appear in session lists, with the spelling the app itself uses. */
const EXCHANGES: [name: string, latin: string, other?: string][] = [
  ['Binance', 'binance', '币安|幣安'],
  ['KuCoin', 'kucoin'],
  ['OKX', 'okx|okex'],
  ['Bybit', 'bybit'],
  ['Coinbase', 'coinbase'],
  ['Kraken', 'kraken'],
  ['Gate', 'gate\\.io|gate'],
  ['HTX', 'htx|huobi', '火币|火幣'],
  ['Bitget', 'bitget'],
  ['MEXC', 'mexc'],
  ['Crypto.com', 'crypto\\.com'],
  ['Bitfinex', 'bitfinex'],
  ['Bitstamp', 'bitstamp'],
  ['Gemini', 'gemini'],
  ['Upbit', 'upbit', '업비트'],
  ['Bithumb', 'bithumb', '빗썸'],
  ['BingX', 'bingx'],
  ['BitMart', 'bitmart'],
  ['Phemex', 'phemex'],
  ['Deribit', 'deribit'],
  ['Bitvavo', 'bitvavo'],
  ['WhiteBIT', 'whitebit'],
  ['Poloniex', 'poloniex'],
  ['LBank', 'lbank'],
  ['Bitpanda', 'bitpanda'],
];
const EXCHANGE_RE = EXCHANGES.map(([name, latin, other]) => ({
  name,
  re: re(`${B}(?:${latin})${E}${other ? `|${other}` : ''}`),
  ua: re(`${B}(?:${latin})/\\d`),
}));

const APP_WORD = re(`${B}(?:app|application|mobile app)${E}|客户端|應用程式|应用程序|アプリ|앱|приложение`);
const APP_PLATFORM = re(
  `^[\\s·•|/:(\\-–—]*(?:pro|lite)?\\s*(?:app${E}|ios${E}|android${E}|iphone${E}|ipad${E}|mobile${E}|客户端|アプリ|앱)`,
);
const API_WORD = re(`${B}(?:api|open ?api|api ?key|rest ?api|websocket api)${E}|api密钥|api 密钥|API키`);
// HTTP libraries in a UA mean a script, not a person at a browser.
const SCRIPT_UA = re(
  `${B}(?:python-requests|python-urllib|aiohttp|httpx|curl|wget|go-http-client|axios|node-fetch|undici|java|apache-httpclient|postmanruntime|insomnia|ccxt|libcurl)/`,
);
const NATIVE_UA = re(`^(?:dalvik|okhttp|cfnetwork)/|${B}(?:dalvik|okhttp|cfnetwork)/`);

interface Named {
  name: string;
  re: RegExp;
}

/** Specific browsers first: "Edge (Chromium)" is Edge, "Chrome Mobile Safari" is Chrome. */
const BROWSERS: Named[] = [
  // "Galaxy S7 edge" and "Motorola Edge 40" are phones, not the browser.
  ['Edge', 'microsoft edge|(?<!\\d |moto |motorola )edge|edg|edga|edgios|微软edge|微軟edge'],
  ['Opera', 'opera(?: gx| mini| touch)?|opr|opios'],
  ['Samsung Internet', 'samsung ?internet(?: for android)?|samsungbrowser|samsung browser|三星浏览器'],
  ['Yandex', 'yandex(?: browser)?|yabrowser|яндекс(?: браузер)?'],
  ['Brave', 'brave(?: browser)?'],
  ['Vivaldi', 'vivaldi'],
  ['DuckDuckGo', 'duckduckgo|ddg'],
  ['Tor Browser', 'tor ?browser'],
  ['UC Browser', 'uc ?browser|ucweb|uc浏览器'],
  ['QQ Browser', 'qq ?browser|mqqbrowser|qq浏览器'],
  ['Huawei Browser', 'huawei ?browser|华为浏览器'],
  ['Internet Explorer', 'internet explorer|msie|ie(?= ?\\d)'],
  ['Firefox', 'mozilla firefox|firefox|fxios|火狐(?:浏览器)?'],
  ['Chromium', 'chromium'],
  ['Chrome', 'google chrome|chrome(?! ?os)|crios|谷歌浏览器|谷歌瀏覽器|google浏览器'],
  ['Safari', 'mobile safari|safari|苹果浏览器'],
].map(([name, p]) => ({ name: name as string, re: re(`${B}(?:${p})${E}`) }));

// Checked in order: the most specific platform wins ("iPad" over "iOS", "Android" over "Linux").
const OSES: Named[] = [
  ['ChromeOS', 'chrome ?os|cros|chromebook'],
  ['iPadOS', 'ipad ?os|ipad'],
  ['iOS', 'iphone ?os|ios|iphone|ipod|苹果手机|蘋果手機'],
  ['HarmonyOS', 'harmony ?os|鸿蒙'],
  ['Android', 'android|安卓|安卓手机'],
  ['Windows', 'windows|win(?= ?(?:10|11|7|8|xp|32|64|nt))'],
  [
    'macOS',
    'mac ?os(?: ?x)?|os ?x|macintosh|mac|macbook(?: ?(?:pro|air))?|imac|mac ?mini|mac ?studio|mac ?pro|苹果电脑|蘋果電腦',
  ],
  ['Linux', 'linux|ubuntu|debian|fedora|centos|arch linux|linux mint|manjaro|gnu/linux'],
].map(([name, p]) => ({ name: name as string, re: re(`${B}(?:${p})${E}`) }));

const OS_VERSION: [os: string[], re: RegExp][] = [
  [['iOS', 'iPadOS'], re(`${B}(?:ipad ?os|iphone ?os|ios)[ /v]*(\\d{1,2}(?:[._]\\d{1,2}){0,2})(?![\\d.])`)],
  [['Android'], re(`${B}android[ /v]*(\\d{1,2}(?:\\.\\d{1,2}){0,2})(?![\\d.])`)],
  [['HarmonyOS'], re(`${B}harmony ?os[ /v]*(\\d{1,2}(?:\\.\\d{1,2}){0,2})(?![\\d.])`)],
  [['macOS'], re(`${B}(?:mac ?os(?: ?x)?|os ?x)[ /v]*(\\d{2}(?:[._]\\d{1,2}){0,2})(?![\\d.])`)],
  [['Windows'], re(`${B}win(?:dows)?[ /]*(nt ?\\d{1,2}\\.\\d|10|11|7|8\\.1|8|xp|vista)(?![\\p{L}\\d])`)],
  [['ChromeOS'], re(`${B}(?:chrome ?os|cros)[ /v]*(\\d{2,3}(?:\\.\\d{1,4}){0,3})(?![\\d.])`)],
];

const MAC_NAMES: [string, string][] = [
  ['tahoe', '26'],
  ['sequoia', '15'],
  ['sonoma', '14'],
  ['ventura', '13'],
  ['monterey', '12'],
  ['big ?sur', '11'],
  ['catalina', '10.15'],
  ['mojave', '10.14'],
  ['high ?sierra', '10.13'],
  ['sierra', '10.12'],
  ['el ?capitan', '10.11'],
  ['yosemite', '10.10'],
];
const MAC_NAME_RE = MAC_NAMES.map(([n, v]) => ({ v, re: re(`${B}${n}${E}`) }));

// "NT 10.0" is both Windows 10 and 11 (browsers froze it), so it says nothing.
const WINDOWS_NT: Record<string, string | undefined> = { '6.1': '7', '6.2': '8', '6.3': '8.1', '10.0': undefined };

interface ModelRule {
  re: RegExp;
  os?: string;
  type: 'phone' | 'tablet' | 'desktop';
  format: (m: string) => string;
}

const WORD_CASE: Record<string, string> = {
  pro: 'Pro',
  max: 'Max',
  plus: 'Plus',
  mini: 'mini',
  air: 'Air',
  se: 'SE',
  xr: 'XR',
  xs: 'XS',
  x: 'X',
  ultra: 'Ultra',
  fe: 'FE',
  fold: 'Fold',
  flip: 'Flip',
  note: 'Note',
  tab: 'Tab',
  lite: 'Lite',
  xl: 'XL',
};

/** "galaxy  s24 ultra" → "Galaxy S24 Ultra": one spelling per model so families match across sites. */
function titleModel(brand: string, rest: string): string {
  const words = rest
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(
      (w) =>
        WORD_CASE[w.toLowerCase()] ??
        (/^\d+e$/i.test(w) ? w.toLowerCase() : /\d/.test(w) ? w.toUpperCase() : w[0]?.toUpperCase() + w.slice(1)),
    );
  return [brand, ...words].join(' ');
}

const MODEL_SUFFIX = '(?: ?(?:pro ?max|pro|max|plus|mini|ultra|fe|lite|xl|\\+|5g|e))*';
const MODELS: ModelRule[] = [
  {
    re: re(`${B}(?:apple )?iphone(?: ?(\\d{1,2}|xr|xs|x|se))?(${MODEL_SUFFIX})${E}`),
    os: 'iOS',
    type: 'phone',
    // "iPhone12" → "iPhone 12", but "16e" is one word.
    format: (m) => titleModel('iPhone', m.replace(/^(?:apple )?iphone/i, '').replace(/(\d)(?=[a-df-z])/i, '$1 ')),
  },
  {
    re: re(`${B}(?:apple )?ipad(?: ?(?:pro|air|mini))?(?: ?\\d{1,2}(?:\\.\\d)?)?${E}`),
    os: 'iPadOS',
    type: 'tablet',
    format: (m) => titleModel('iPad', m.replace(/^(?:apple )?ipad/i, '')),
  },
  {
    re: re(
      `${B}(?:samsung )?galaxy ?(tab ?)?(?:[a-z]{1,2} ?)?\\d{1,3}[a-z]?(?: ?(?:ultra|plus|fe|edge|\\+|5g|lite))*${E}`,
    ),
    os: 'Android',
    type: 'phone',
    format: (m) => titleModel('Galaxy', m.replace(/^(?:samsung )?galaxy ?/i, '').replace(/^tab(?=\S)/i, 'tab ')),
  },
  {
    re: re(`${B}(?:samsung )?galaxy ?(?:z ?)?(?:fold|flip) ?\\d{0,2}${E}`),
    os: 'Android',
    type: 'phone',
    format: (m) => titleModel('Galaxy', m.replace(/^(?:samsung )?galaxy ?/i, '')),
  },
  {
    re: re(`${B}(?:google )?pixel ?(?:\\d{1,2}a?|fold|tablet)(?: ?(?:pro(?: ?xl)?|xl|a|fold))*${E}`),
    os: 'Android',
    type: 'phone',
    format: (m) => titleModel('Pixel', m.replace(/^(?:google )?pixel ?/i, '')),
  },
  {
    re: re(
      `${B}(xiaomi|redmi|poco|oneplus|oppo|vivo|realme|honor|huawei|motorola|moto|nokia|xperia|nothing phone|zenfone|rog phone)(?: ?(?:pad|note|nord|find|reno|mate|matepad|nova|edge|magic|pura|p|x|k|f|g|a|y))? ?\\(?\\d{1,3}[a-z]?\\)?(?: ?(?:pro\\+?|ultra|lite|plus|max|t|s|5g|neo))*${E}`,
    ),
    os: 'Android',
    type: 'phone',
    format: (m) => {
      const [brand = '', ...rest] = m.split(/ (?=\S)|(?<=\p{L})(?=\d)/u);
      const b = brand.toLowerCase();
      const canonical =
        { oneplus: 'OnePlus', oppo: 'OPPO', poco: 'POCO', 'nothing phone': 'Nothing Phone', 'rog phone': 'ROG Phone' }[
          b
        ] ?? b.charAt(0).toUpperCase() + b.slice(1);
      return titleModel(canonical, rest.join(' '));
    },
  },
  {
    re: re(`${B}(?:huawei )?mate ?(?:pad|\\d{2})(?: ?(?:pro\\+?|rs|x|\\d{1,2}))*${E}`),
    os: 'Android',
    type: 'phone',
    format: (m) => titleModel('Huawei', m.replace(/^huawei /i, '')),
  },
  {
    re: re(`${B}sm-[afgnpstxm]\\d{3,4}[a-z0-9]{0,3}${E}`),
    os: 'Android',
    type: 'phone',
    format: (m) => m.toUpperCase(),
  },
  {
    re: re(`${B}(?:macbook(?: ?(?:pro|air))?|imac(?: ?pro)?|mac ?mini|mac ?studio|mac ?pro)${E}`),
    os: 'macOS',
    type: 'desktop',
    format: (m) => {
      const [, kind = '', rest = ''] = /^(macbook|imac|mac) ?(.*)$/i.exec(m) ?? [];
      const brand = { macbook: 'MacBook', imac: 'iMac' }[kind.toLowerCase()] ?? 'Mac';
      return titleModel(brand, rest);
    },
  },
];

const TABLET_MODEL = re(`${B}(?:ipad|tab|tablet|pad|matepad|sm-[ptx]\\d)`);
const TYPE_WORDS: [DeviceType, RegExp][] = [
  ['tablet', re(`${B}tablet${E}|平板|태블릿|планшет|タブレット`)],
  [
    'phone',
    re(
      `${B}(?:mobile|phone|smartphone|handset|móvil|celular)${E}|手机|手機|휴대폰|모바일|телефон|смартфон|スマホ|携帯`,
    ),
  ],
  [
    'desktop',
    re(`${B}(?:desktop|pc|laptop|computer|notebook|workstation)${E}|电脑|電腦|桌面|컴퓨터|компьютер|パソコン`),
  ],
];

const OS_TYPE: Record<string, DeviceType> = {
  Windows: 'desktop',
  macOS: 'desktop',
  Linux: 'desktop',
  ChromeOS: 'desktop',
  iOS: 'phone',
  iPadOS: 'tablet',
  Android: 'phone',
  HarmonyOS: 'phone',
};

function firstNamed(list: Named[], text: string): { name: string; end: number } | undefined {
  for (const n of list) {
    const m = n.re.exec(text);
    if (m) return { name: n.name, end: m.index + m[0].length };
  }
  return undefined;
}

/** The major version written right after a name: "Chrome 126", "Chrome/126.0", "Edge (125)", "App v2.x.x". */
function majorAfter(text: string, end: number): number | undefined {
  const m = /^ ?(?:browser ?|mobile ?)?(?:app ?)?(?:v(?:ersion)? ?|\/|\( ?)?(\d{1,4})(?![\d:])/iu.exec(
    text.slice(end, end + 24),
  );
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function osVersion(os: string, text: string): string | undefined {
  if (os === 'macOS') {
    for (const n of MAC_NAME_RE) if (n.re.test(text)) return n.v;
  }
  for (const [names, r] of OS_VERSION) {
    if (!names.includes(os)) continue;
    const v = r.exec(text)?.[1];
    if (v === undefined) continue;
    if (os === 'Windows') {
      const nt = /^nt ?(\d+\.\d)$/i.exec(v);
      return nt ? WINDOWS_NT[nt[1] ?? ''] : v.toUpperCase();
    }
    const version = v.replace(/_/g, '.');
    // Every Mac browser since Big Sur reports 10.15.7, and sites print what the UA said.
    return os === 'macOS' && version === '10.15.7' ? undefined : version;
  }
  return undefined;
}

function findModel(text: string): { model: string; os?: string; type: DeviceType } | undefined {
  for (const rule of MODELS) {
    const m = rule.re.exec(text);
    if (!m) continue;
    const raw = m[0].replace(/\s+/g, ' ');
    const type = rule.type === 'phone' && TABLET_MODEL.test(raw) ? 'tablet' : rule.type;
    return { model: rule.format(raw), os: rule.os, type };
  }
  return undefined;
}

/** The app phrase ("Binance APP 2.x.x", "OKX Android 6.3") and where it ends, so its version is not read as the OS's. */
function findApp(text: string): { name?: string; major?: number; end: number } | undefined {
  for (const ex of EXCHANGE_RE) {
    const m = ex.re.exec(text);
    if (!m) continue;
    const nameEnd = m.index + m[0].length;
    const platform = APP_PLATFORM.exec(text.slice(nameEnd, nameEnd + 16));
    if (!platform && !ex.ua.test(text)) continue;
    const afterPlatform = nameEnd + (platform?.[0].length ?? 0);
    // "Bybit · iPhone 13": a number after a device name is the model, not the app version.
    const version =
      platform && /iphone|ipad/i.test(platform[0])
        ? null
        : /^ ?(?:v(?:ersion)? ?|\/)?(\d{1,4})(?:\.[\dx*]{1,6}){0,3}/iu.exec(
            text.slice(afterPlatform, afterPlatform + 24),
          );
    return {
      name: `${ex.name} App`,
      major: version ? Number(version[1]) : majorAfter(text, nameEnd),
      end: afterPlatform + (version?.[0].length ?? 0),
    };
  }
  const generic = APP_WORD.exec(text);
  return generic ? { end: 0 } : undefined;
}

function fromText(text: string): ParsedDevice {
  const out: ParsedDevice = { deviceType: 'unknown' };
  if (!text) return out;
  const app = findApp(text);
  const isApi = !app && API_WORD.test(text);
  if (app?.name) {
    out.browser = app.name;
    out.browserMajor = app.major;
  } else if (!isApi) {
    const b = firstNamed(BROWSERS, text);
    if (b) {
      out.browser = b.name;
      out.browserMajor = majorAfter(text, b.end);
    }
  }
  const model = findModel(text);
  const os = firstNamed(OSES, text)?.name ?? model?.os ?? (out.browser === 'Samsung Internet' ? 'Android' : undefined);
  if (os) {
    // An iPad runs iPadOS even when the page writes "iOS 17".
    out.os = os === 'iOS' && model?.type === 'tablet' && model.os === 'iPadOS' ? 'iPadOS' : os;
    out.osVersion = osVersion(out.os, app ? text.slice(app.end) : text);
  }
  if (model) out.model = model.model;
  const word = TYPE_WORDS.find(([, r]) => r.test(text))?.[0];
  out.deviceType = isApi
    ? 'api'
    : app
      ? 'app'
      : (model?.type ??
        (word === 'tablet' ? 'tablet' : undefined) ??
        (out.os ? OS_TYPE[out.os] : undefined) ??
        word ??
        'unknown');
  return out;
}

function looksLikeUserAgent(text: string): boolean {
  return /^(?:Mozilla|Opera)\/\d|AppleWebKit\/|Gecko\/\d|^[\w.-]{2,40}\/\d[\w.]*(?: \(| [\w.-]+\/\d|$)/.test(text);
}

function canonicalOs(name: string | undefined): string | undefined {
  if (!name) return undefined;
  return firstNamed(OSES, name)?.name ?? name;
}

function fromUserAgent(raw: string): ParsedDevice {
  const ua = raw.slice(0, MAX_UA).replace(INVISIBLE, '').replace(CONTROL, ' ').trim();
  const out: ParsedDevice = { deviceType: 'unknown' };
  if (!ua) return out;
  if (SCRIPT_UA.test(ua)) return { deviceType: 'api' };
  const r = Bowser.parse(ua);
  // Our spelling for browsers we know ("Microsoft Edge" → "Edge"); bowser's for the long tail ("WeChat").
  const name = r.browser.name ? (firstNamed(BROWSERS, r.browser.name)?.name ?? r.browser.name) : undefined;
  if (name) {
    out.browser = name;
    const major = Number.parseInt(r.browser.version ?? '', 10);
    if (Number.isFinite(major)) out.browserMajor = major;
  }
  out.os = canonicalOs(r.os.name);
  if (out.os === 'Windows') {
    out.osVersion = r.os.version?.startsWith('NT') ? WINDOWS_NT[r.os.version.slice(3)] : r.os.versionName;
  } else if (out.os === 'macOS') {
    out.osVersion = r.os.version === '10.15.7' ? undefined : r.os.version || undefined;
  } else {
    out.osVersion = r.os.version || undefined;
  }
  // Some app UAs ("Binance/2.85.1 (iPhone; iOS 17.4.1)") carry an OS version bowser does not read.
  if (out.os && !out.osVersion && out.os !== 'Windows' && out.os !== 'macOS') out.osVersion = osVersion(out.os, ua);
  const androidModel = /Android [\d.]+; ([^;)]{1,40}?)(?: Build\/[^;)]*)?[;)]/.exec(ua)?.[1]?.trim();
  // Chrome's reduced UA sends "Android 10; K" for every phone: neither the version nor the model is real.
  if (androidModel === 'K') out.osVersion = undefined;
  // Old UAs put the locale ("en-us") or the WebView marker ("wv") where the model goes.
  else if (androidModel && !/^(?:[a-z]{2}(?:[-_][a-z]{2})?|wv)$/i.test(androidModel)) {
    out.model = findModel(androidModel)?.model ?? androidModel;
  }
  if (r.platform.model && !out.model) out.model = r.platform.model;
  if (out.os === 'iOS' && (r.platform.type === 'tablet' || out.model === 'iPad')) out.os = 'iPadOS';
  const type = r.platform.type;
  out.deviceType =
    type === 'bot'
      ? 'api'
      : type === 'mobile'
        ? 'phone'
        : type === 'tablet'
          ? 'tablet'
          : type === 'desktop'
            ? 'desktop'
            : out.os
              ? (OS_TYPE[out.os] ?? 'unknown')
              : 'unknown';
  if (NATIVE_UA.test(ua)) {
    // Dalvik/okhttp/CFNetwork are the HTTP stacks of native apps; bowser mistakes Dalvik for a browser.
    out.browser = undefined;
    out.browserMajor = undefined;
    out.deviceType = 'app';
  }
  const app = findApp(ua);
  if (app?.name) {
    out.browser = app.name;
    out.browserMajor = app.major ?? out.browserMajor;
    out.deviceType = 'app';
  }
  return out;
}

function merge(text: ParsedDevice, ua: ParsedDevice): ParsedDevice {
  const textDecides = text.deviceType === 'app' || text.deviceType === 'api';
  const out: ParsedDevice = { deviceType: 'unknown' };
  const browserFrom = textDecides && text.browser ? text : ua.browser ? ua : text;
  out.browser = browserFrom.browser;
  out.browserMajor = browserFrom.browserMajor;
  const osFrom = ua.os ? ua : text;
  out.os = osFrom.os;
  out.osVersion = osFrom.osVersion ?? (text.os === out.os ? text.osVersion : undefined);
  out.model = text.model ?? ua.model;
  out.deviceType =
    ua.deviceType === 'app' || ua.deviceType === 'api'
      ? ua.deviceType
      : textDecides
        ? text.deviceType
        : ua.deviceType !== 'unknown'
          ? ua.deviceType
          : text.deviceType;
  return strip(out);
}

function strip(d: ParsedDevice): ParsedDevice {
  const out: ParsedDevice = { deviceType: d.deviceType };
  if (d.browser !== undefined) out.browser = d.browser;
  if (d.browserMajor !== undefined) out.browserMajor = d.browserMajor;
  if (d.os !== undefined) out.os = d.os;
  if (d.osVersion !== undefined) out.osVersion = d.osVersion;
  if (d.model !== undefined) out.model = d.model;
  return out;
}

/**
 * Reads the device strings sites print ("Chrome 126 on macOS 14.5", "iPhone 15 Pro · iOS 17.4",
 * "Binance APP 2.x.x") and raw user agents (given separately, or when the text itself is one).
 */
export function parseDevice(text: string, userAgent?: string): ParsedDevice {
  const t = clean(text);
  const uaText = userAgent?.trim() ? userAgent : looksLikeUserAgent(t) ? t : undefined;
  if (uaText === undefined) return strip(fromText(t));
  const fromUa = fromUserAgent(uaText);
  return uaText === t ? fromUa : merge(fromText(t), fromUa);
}

/** Version-free identity: "chrome|macos|desktop|" — a browser update (126→127) keeps it. */
export function deviceFamily(d: ParsedDevice): string {
  return [d.browser, d.os, d.deviceType, d.model].map((x) => (x ?? '').toLowerCase()).join('|');
}
