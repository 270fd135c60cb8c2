import type { ReasonMessage } from '../core/types';

import {
  type Catalog,
  directionOf,
  LOCALES,
  type Locale,
  type Message,
  type MessageKey,
  messageText,
  pickLocale,
} from '../shared/message-text';

/**
 * The pages' messages: the catalogs a page installed (English, the fallback of every key, and the UI language's),
 * read by the pure text functions of src/shared/message-text.ts. Page-global by design: a page shows one language.
 */
export { type Catalog, directionOf, LOCALES, type Locale, type Message, type MessageKey, pickLocale };

let catalog: Catalog = {};
let current: Locale = 'en';
/**
 * English, the fallback of every key. Installed by `loadLocale` (a chunk, like the other catalogs, so the pages'
 * first script stays small) and by the unit tests' setup.
 */
let en: Catalog = {};

const text = messageText({
  locale: () => current,
  lookup: (key) => catalog[key]?.message || en[key]?.message || undefined,
  // The popup's English leaves out the reasons (warnings carry theirs in English), so the UI language's own
  // entry says how many arguments the message takes there.
  english: (key) => en[key]?.message ?? catalog[key]?.message,
});

/** A UI string with `{1}`, `{2}` … filled in; the key itself before English is installed. Plain text. */
export const { t, tn, formatNumber, ltr, isolate, renderReason } = text;

export function setEnglish(messages: Catalog): void {
  en = messages;
}

/** Adds English strings a chunk brings with it (the popup's later controls). */
export function addEnglish(messages: Catalog): void {
  en = { ...en, ...messages };
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
