import en from '../../public/_locales/en/messages.json';

/** A message catalog as `_locales/<lang>/messages.json` holds it. */
export type Catalog = Record<string, { message: string }>;
export type MessageKey = keyof typeof en;

export const LOCALES = ['en', 'zh_CN', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
const RTL = new Set(['ar', 'fa', 'he', 'ur']);

let catalog: Catalog = {};
let current: Locale = 'en';

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
 * A UI string with `{1}`, `{2}` … filled in. Works without a browser (tests): English comes bundled.
 * The result is plain text for a text node, never markup.
 */
export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const template = catalog[key]?.message || (en as Catalog)[key]?.message || key;
  return template.replace(/\{(\d)\}/g, (m, n: string) => {
    const v = subs[Number(n) - 1];
    return v === undefined ? m : String(v);
  });
}
