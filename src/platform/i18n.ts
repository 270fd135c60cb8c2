import { browser } from './browser';

/** Owner of the i18n API: the browser's UI language, which picks the popup's catalog. */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
