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
  const template = catalog[key]?.message || en[key]?.message || key;
  return template.replace(/\{(\d)\}/g, (m, n: string) => {
    const v = subs[Number(n) - 1];
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

/** A catalog message filled with its arguments, or undefined when the key is unknown or the count is off. */
function fill(key: string, args: (string | { key: string; args: string[] })[]): string | undefined {
  const english = en[key]?.message;
  if (english === undefined || holes(english) !== args.length) return undefined;
  const parts: string[] = [];
  for (const arg of args) {
    const part = typeof arg === 'string' ? arg : fill(arg.key, arg.args);
    if (part === undefined) return undefined;
    parts.push(isolate(part));
  }
  return t(key as MessageKey, ...parts);
}

/**
 * A warning's reason in the UI language when it carries a message this version knows (key and argument count),
 * else its English reason; `isLocalised` says which, so English can keep its own direction in Arabic.
 */
export function reasonText(w: { reason: string; message?: ReasonMessage }): { text: string; isLocalised: boolean } {
  const text = w.message ? fill(w.message.key, w.message.args) : undefined;
  return text === undefined ? { text: w.reason, isLocalised: false } : { text, isLocalised: true };
}
