import {
  PART_COUNTRIES,
  PART_COUNTRY,
  PART_LIST,
  PART_OR,
  PART_PLACE,
  PART_TIME,
  regionName,
} from '../core/reason-parts';
import { TIME_PART_FORMATS } from '../core/time-parts';
import type { ReasonMessage } from '../core/types';

/**
 * Message text, pure: every function reads its messages through the lookup it is given, so the worker (the i18n
 * API's `getMessage`) and the pages (their installed catalogs, src/ui/i18n.ts) render the same reasons the same way,
 * and neither reaches into the other's state.
 */

/** A message catalog as `_locales/<lang>/messages.json` holds it. */
export type Catalog = Record<string, { message: string }>;
export { regionName };

export type MessageKey = Extract<keyof typeof import('../../public/_locales/en/messages.json'), string>;

export const LOCALES = ['en', 'zh_CN', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

/** Where messages come from. */
export interface MessageSource {
  /** The language the messages are in (asked at each call: a page installs its catalog after it started). */
  locale: () => Locale;
  /** A message in the UI language, English where that lacks it; undefined when no catalog has the key. */
  lookup: (key: string) => string | undefined;
  /**
   * The English message, whose holes say how many arguments a key takes wherever it is shown (the popup's English
   * leaves out the reasons, which warnings carry in English); `lookup` when absent.
   */
  english?: (key: string) => string | undefined;
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

/** The BCP 47 tag for Intl and `lang` ("zh_CN" → "zh-CN"). */
export function languageTag(locale: Locale): string {
  return locale.replace('_', '-');
}

const PLURAL_FORM = /^(zero|one|two|few|many|other):/;
const holes = (template: string) => new Set(template.match(/\{\d\}/g) ?? []).size;
/**
 * `{1}`…`{9}` filled with `values` (a hole without a value stays as it is). Read by hand, not with a replace and a
 * callback: a popup fills a few thousand texts right after it opens, when its code still runs unoptimised.
 */
export function fillHoles(template: string, values: (string | number)[]): string {
  let at = template.indexOf('{');
  if (at < 0) return template;
  let out = '';
  let from = 0;
  for (; at >= 0 && at + 2 < template.length; at = template.indexOf('{', at + 1)) {
    const digit = template.charCodeAt(at + 1) - 48;
    if (digit < 0 || digit > 9 || template.charCodeAt(at + 2) !== 125) continue;
    const v = values[digit - 1];
    if (v === undefined) continue;
    out += template.slice(from, at) + String(v);
    from = at + 3;
    at += 2;
  }
  return from === 0 ? template : out + template.slice(from);
}

/**
 * One Intl object per language and kind: a popup shows a count and a reason per warning, and Intl is slow to build
 * (a plural rule and a number format built for each count were two thirds of the popup's first render).
 */
type Formatter = Intl.ListFormat | Intl.DateTimeFormat | Intl.NumberFormat | Intl.PluralRules;
const formatters = new Map<string, Formatter>();
function cached<F extends Formatter>(id: string, make: () => F): F {
  let f = formatters.get(id) as F | undefined;
  if (!f) {
    f = make();
    if (formatters.size < 200) formatters.set(id, f);
  }
  return f;
}

/** Items joined as the language `tag` joins a list: "A, B and C", "A、B和C", "A وB وC". */
export function formatList(items: string[], tag: string, type: 'conjunction' | 'disjunction' = 'conjunction'): string {
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

/** Every text function, reading messages from one source. */
export interface MessageText {
  locale: () => Locale;
  /** The BCP 47 tag of the source's locale. */
  tag: () => string;
  /** A UI string with `{1}`, `{2}` … filled in; the key itself when no catalog has it. Plain text, never markup. */
  t: (key: MessageKey, ...subs: (string | number)[]) => string;
  /**
   * A message about `count` things in the UI language's plural form: the catalog entry lists its forms as
   * `one:{1} note|other:{1} notes` (Arabic has zero, one, two, few, many and other; Chinese only other), chosen by
   * `Intl.PluralRules`; `{1}` is the count in the locale's digits, `{2}`… are `subs`. A message without forms is
   * used whole.
   */
  tn: (key: MessageKey, count: number, ...subs: (string | number)[]) => string;
  /** A count or measure in the locale's digits and grouping. */
  formatNumber: (n: number, options?: Intl.NumberFormatOptions) => string;
  /**
   * Text that must read left to right (an IP, a time range, a pattern) inside right-to-left text: wrapped in a
   * left-to-right isolate, so "09:00–18:00" is not shown as "18:00–09:00". Unchanged in a left-to-right locale.
   */
  ltr: (text: string) => string;
  /**
   * One item of a list whose items may be in any script ("Chrome", "macOS", "أي مكان"): isolated with its own
   * first-strong direction, so the items keep their order in right-to-left text. Unchanged in a left-to-right locale.
   */
  isolate: (text: string) => string;
  /**
   * A reason message in the source's language, countries, lists and times formatted for `tag` (the source's by
   * default); undefined when this version cannot show it (a key or part it does not know).
   */
  renderReason: (message: ReasonMessage | Message, tag?: string) => string | undefined;
}

/** The text functions over `source`. */
export function messageText(source: MessageSource): MessageText {
  const { locale, lookup } = source;
  const english = source.english ?? lookup;
  const tag = () => languageTag(locale());
  const isRtl = () => directionOf(locale()) === 'rtl';
  const isolate = (text: string) => (isRtl() ? `\u2068${text}\u2069` : text);
  const formatNumber = (n: number, options?: Intl.NumberFormatOptions) => {
    const at = tag();
    return options
      ? new Intl.NumberFormat(at, options).format(n)
      : cached(`n|${at}`, () => new Intl.NumberFormat(at)).format(n);
  };
  const t = (key: MessageKey, ...subs: (string | number)[]) => fillHoles(lookup(key) || key, subs);

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
      case PART_COUNTRY:
        return args.length === 1 ? regionName(args[0] ?? '', tag) : undefined;
      case PART_COUNTRIES:
        return listOf(args, (code) => regionName(code, tag), tag);
      case PART_LIST:
        return listOf(args, (word) => word, tag);
      case PART_PLACE: {
        const [city = '', code = '', ...rest] = args;
        if (rest.length || (!city && !code)) return undefined;
        const country = code ? regionName(code, tag) : undefined;
        if (code && country === undefined) return undefined;
        if (!city) return country;
        // A city-state is named once ("Singapore", not "Singapore, Singapore"), in any language.
        if (country === undefined || city === regionName(code, 'en')) return city;
        return t('place_cityCountry', isolate(city), isolate(country));
      }
      case PART_TIME: {
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
      case PART_OR:
        return args.length ? formatList(args.map(isolate), tag, 'disjunction') : undefined;
      default:
        return undefined;
    }
  }

  /** A catalog message filled with its arguments, or undefined when the key is unknown or the count is off. */
  function fill(key: string, args: Arg[], tag: string): string | undefined {
    const template = english(key) ?? lookup(key);
    if (!template || holes(template) !== args.length) return undefined;
    const parts: string[] = [];
    for (const arg of args) {
      const p = part(arg, tag);
      if (p === undefined) return undefined;
      parts.push(isolate(p));
    }
    return t(key as MessageKey, ...parts);
  }

  return {
    locale,
    tag,
    t,
    tn(key, count, ...subs) {
      const template = lookup(key) || key;
      const forms = new Map<string, string>();
      for (const part of template.split('|')) {
        const m = PLURAL_FORM.exec(part);
        if (m?.[1]) forms.set(m[1], part.slice(m[0].length));
      }
      const at = tag();
      const form = forms.size ? cached(`p|${at}`, () => new Intl.PluralRules(at)).select(count) : '';
      const chosen = forms.get(form) ?? forms.get('other') ?? template;
      return fillHoles(chosen, [formatNumber(count), ...subs]);
    },
    formatNumber,
    ltr: (text) => (isRtl() ? `\u2066${text}\u2069` : text),
    isolate,
    renderReason: (message, at = tag()) => fill(message.key, message.args, at),
  };
}
