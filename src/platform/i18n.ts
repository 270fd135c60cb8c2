import { nativeApi } from './native-api';

/**
 * Owner of the i18n API: the browser's UI language, which picks the popup's catalog. Through the browser's own API
 * (native-api.ts): the pages' first scripts load without the polyfill.
 */
export function uiLanguage(): string {
  return nativeApi().i18n.getUILanguage();
}

/**
 * A `_locales` message in the browser's language (English when that locale lacks it), with its `{1}` … holes
 * left for the caller; undefined for a name Chrome would not accept or that no catalog has.
 */
export function getMessage(key: string): string | undefined {
  if (!/^[A-Za-z0-9_@]{1,100}$/.test(key)) return undefined;
  try {
    return nativeApi().i18n.getMessage(key) || undefined;
  } catch {
    return undefined;
  }
}
