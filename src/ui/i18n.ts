import { TIME_PART_FORMATS } from '../core/time-parts';
import type { ReasonMessage } from '../core/types';

/** A message catalog as `_locales/<lang>/messages.json` holds it. */
export type Catalog = Record<string, { message: string }>;
export type MessageKey = Extract<keyof typeof import('../../public/_locales/en/messages.json'), string>;

export const LOCALES = ['en', 'zh_CN', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

let catalog: Catalog = {};
let current: Locale = 'en';
/**
 * English, the fallback of every key. Installed by `loadLocale` (a chunk, like the other catalogs, so the pages'
 * first script stays small) and by the unit tests' setup.
 */
let en: Catalog = {};

export function setEnglish(messages: Catalog): void {
  en = messages;
}

/** Adds English strings a chunk brings with it (the popup's later controls). */
export function addEnglish(messages: Catalog): void {
  en = { ...en, ...messages };
}

/** Where messages come from when no catalog is installed: the browser's own `_locales` lookup, in the worker. */
let source: ((key: string) => string | undefined) | undefined;

/**
 * Reads messages through `get` (the i18n API's `getMessage`, which picks the browser's language and falls back to
 * English itself) in `locale`: the worker shows notifications without loading a catalog chunk.
 */
export function setMessageSource(get: ((key: string) => string | undefined) | undefined, locale: Locale): void {
  source = get;
  current = locale;
}

/**
 * The locale we ship closest to a browser UI language ("zh-CN", "zh", "ar-EG", "en-GB"); English otherwise.
 * Traditional Chinese falls back to English rather than to simplified.
 */
export function pickLocale(uiLanguage: string | undefined): Locale {
  const lang = (uiLanguage ?? '').replace('_', '-').toLowerCase();
  if (lang === 'zh' || lang === 'zh-cn' || lang === 'zh-sg' || lang === 'zh-hans' || lang.startsWith('zh-hans-'))
    return 'zh_CN';
  if (lang === 'ar' || lang.startsWith('ar-')) return 'ar';
  return 'en';
}

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return RTL.has(locale.split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';
}

/** Installs a locale's catalog; keys it lacks fall back to English. */
export function setCatalog(locale: Locale, messages: Catalog): void {
  current = locale;
  catalog = messages;
}

export function currentLocale(): Locale {
  return current;
}

/** The BCP 47 tag for Intl and `lang` ("zh_CN" → "zh-CN"). */
export function languageTag(locale: Locale = current): string {
  return locale.replace('_', '-');
}

/**
 * A UI string with `{1}`, `{2}` … filled in; the key itself before English is installed.
 * The result is plain text for a text node, never markup.
 */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const template = catalog[key]?.message || source?.(key) || en[key]?.message || key;
  return template.replace(/\{(\d)\}/g, (m, n: string) => {
    const v = subs[Number(n) - 1];
    return v === undefined ? m : String(v);
  });
}

const PLURAL_FORM = /^(zero|one|two|few|many|other):/;

/**
 * A message about `count` things in the UI language's plural form: the catalog entry lists its forms as
 * `one:{1} note|other:{1} notes` (Arabic has zero, one, two, few, many and other; Chinese only other), chosen by
 * `Intl.PluralRules`; `{1}` is the count in the locale's digits, `{2}`… are `subs`. A message without forms is
 * used whole.
 */
export function tn(key: MessageKey, count: number, ...subs: (string | number)[]): string {
  const template = catalog[key]?.message || source?.(key) || en[key]?.message || key;
  const forms = new Map<string, string>();
  for (const part of template.split('|')) {
    const m = PLURAL_FORM.exec(part);
    if (m?.[1]) forms.set(m[1], part.slice(m[0].length));
  }
  const form = forms.size ? new Intl.PluralRules(languageTag()).select(count) : '';
  const chosen = forms.get(form) ?? forms.get('other') ?? template;
  const values = [formatNumber(count), ...subs];
  return chosen.replace(/\{(\d)\}/g, (m, n: string) => {
    const v = values[Number(n) - 1];
    return v === undefined ? m : String(v);
  });
}

/** A count or measure in the UI locale's digits and grouping. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(languageTag(), options).format(n);
}

/**
 * Text that must read left to right (an IP, a time range, a pattern) inside right-to-left text: wrapped in a
 * left-to-right isolate, so "09:00–18:00" is not shown as "18:00–09:00". Unchanged in a left-to-right locale.
 */
export function ltr(text: string): string {
  return directionOf(current) === 'rtl' ? `\u2066${text}\u2069` : text;
}

/**
 * One item of a list whose items may be in any script ("Chrome", "macOS", "أي مكان"): isolated with its own
 * first-strong direction, so the items keep their order in right-to-left text. Unchanged in a left-to-right locale.
 */
export function isolate(text: string): string {
  return directionOf(current) === 'rtl' ? `\u2068${text}\u2069` : text;
}

/** Day `day` of the week (0 = Sunday) in the UI locale, "Monday" or "Mon". */
export function weekdayName(day: number, width: 'long' | 'short'): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(languageTag(), { weekday: width, timeZone: 'UTC' }).format(Date.UTC(2023, 0, 1 + day));
}

/** A time of day, minutes after midnight, on the 24-hour clock in the UI locale ("09:00"; 1440 is "24:00"). */
export function formatMinute(minute: number): string {
  return new Intl.DateTimeFormat(languageTag(), {
    hour: '2-digit',
    minute: '2-digit',
    // h24 names the end of the day "24:00", as a window ending at midnight reads.
    hourCycle: minute >= 1440 ? 'h24' : 'h23',
    timeZone: 'UTC',
  }).format(Date.UTC(2023, 0, 1, 0, minute % 1440));
}

const holes = (template: string) => new Set(template.match(/\{\d\}/g) ?? []).size;

/** One Intl formatter per language and kind: a popup shows a reason per warning, and Intl is slow to build. */
const formatters = new Map<string, Intl.DisplayNames | Intl.ListFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.DisplayNames | Intl.ListFormat | Intl.DateTimeFormat>(id: string, make: () => F): F {
  let f = formatters.get(id) as F | undefined;
  if (!f) {
    f = make();
    if (formatters.size < 200) formatters.set(id, f);
  }
  return f;
}

/** CLDR's long forms ("Hong Kong SAR China", "中国香港特别行政区") read oddly in a sentence; these take the short one. */
const SHORT_REGIONS = new Set(['HK', 'MO', 'PS']);

/**
 * A country's name in the language `tag` ("NG" → "Nigeria", "尼日利亚", "نيجيريا"); undefined for anything but an
 * ISO 3166-1 alpha-2 code the runtime can name.
 */
export function regionName(code: string, tag: string = languageTag()): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  const style = SHORT_REGIONS.has(code) ? 'short' : 'long';
  try {
    const name = cached(`r|${tag}|${style}`, () => new Intl.DisplayNames([tag], { type: 'region', style })).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Items joined as the language `tag` joins a list: "A, B and C", "A、B和C", "A وB وC". */
export function formatList(
  items: string[],
  tag: string = languageTag(),
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  try {
    return cached(`l|${tag}|${type}`, () => new Intl.ListFormat([tag], { type })).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A message with its arguments, which may be messages themselves (a reason, an import error). */
export interface Message {
  key: string;
  args: Arg[];
}
type Arg = string | Message;
const isText = (args: Arg[]): args is string[] => args.every((a) => typeof a === 'string');

/** A list part: its first items after the count of those left out, "A, B, C and 2 more". */
function listOf(args: string[], name: (item: string) => string | undefined, tag: string): string | undefined {
  const [more, ...items] = args;
  if (more === undefined || !/^\d{1,6}$/.test(more) || !items.length) return undefined;
  const names: string[] = [];
  for (const item of items) {
    const n = name(item);
    if (n === undefined) return undefined;
    names.push(isolate(n));
  }
  if (Number(more) > 0) names.push(t('list_more', formatNumber(Number(more))));
  return formatList(names, tag);
}

/** A part the page formats in its own language (src/core/enrich.ts makes them), else a catalog phrase. */
function part(arg: Arg, tag: string): string | undefined {
  if (typeof arg === 'string') return arg;
  const { key, args: given } = arg;
  if (!key.startsWith('=')) return fill(key, given, tag);
  if (!isText(given)) return undefined;
  const args = given;
  switch (key) {
    case '=country':
      return args.length === 1 ? regionName(args[0] ?? '', tag) : undefined;
    case '=countries':
      return listOf(args, (code) => regionName(code, tag), tag);
    case '=list':
      return listOf(args, (word) => word, tag);
    case '=place': {
      const [city = '', code = '', ...rest] = args;
      if (rest.length || (!city && !code)) return undefined;
      const country = code ? regionName(code, tag) : undefined;
      if (code && country === undefined) return undefined;
      if (!city) return country;
      // A city-state is named once ("Singapore", not "Singapore, Singapore"), in any language.
      if (country === undefined || city === regionName(code, 'en')) return city;
      return t('place_cityCountry', isolate(city), isolate(country));
    }
    case '=time': {
      const [time, timeZone, style, ...rest] = args;
      if (rest.length || !time || !/^\d{1,15}$/.test(time) || (style !== 'date' && style !== 'weekday'))
        return undefined;
      try {
        return cached(
          `t|${tag}|${timeZone}|${style}`,
          () => new Intl.DateTimeFormat([tag], { ...TIME_PART_FORMATS[style], timeZone }),
        ).format(Number(time));
      } catch {
        return undefined;
      }
    }
    case '=or':
      return args.length ? formatList(args.map(isolate), tag, 'disjunction') : undefined;
    default:
      return undefined;
  }
}

/** A catalog message filled with its arguments, or undefined when the key is unknown or the count is off. */
function fill(key: string, args: Arg[], tag: string): string | undefined {
  // English where installed; the popup's English leaves out the reasons (warnings carry theirs in English), so
  // the UI language's own entry says how many arguments the message takes there.
  const template = en[key]?.message ?? catalog[key]?.message ?? source?.(key);
  if (!template || holes(template) !== args.length) return undefined;
  const parts: string[] = [];
  for (const arg of args) {
    const p = part(arg, tag);
    if (p === undefined) return undefined;
    parts.push(isolate(p));
  }
  return t(key as MessageKey, ...parts);
}

/**
 * A reason message in the installed catalog's language, countries, lists and times formatted for `tag` (the UI
 * language by default); undefined when this version cannot show it (a key or part it does not know).
 */
export function renderReason(message: ReasonMessage | Message, tag: string = languageTag()): string | undefined {
  return fill(message.key, message.args, tag);
}

/**
 * What went wrong, for a page to show: an error that carries a message (`localised`, from the worker's import
 * checks) in the UI language, with the exact path of the bad field; any other error by its own words.
 */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const localised = (err as { localised?: unknown }).localised;
  if (typeof localised === 'object' && localised !== null && Array.isArray((localised as Message).args)) {
    const text = renderReason(localised as Message);
    if (text !== undefined) return text;
  }
  return err.message;
}

/**
 * A warning's reason in the UI language when it carries a message this version knows (key and argument count),
 * else its English reason; `isLocalised` says which, so English can keep its own direction in Arabic.
 */
export function reasonText(w: { reason: string; message?: ReasonMessage }): { text: string; isLocalised: boolean } {
  const text = w.message ? renderReason(w.message) : undefined;
  return text === undefined ? { text: w.reason, isLocalised: false } : { text, isLocalised: true };
}
