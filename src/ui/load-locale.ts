import { uiLanguage } from '../platform/i18n';
import { type Catalog, directionOf, LOCALES, type Locale, languageTag, pickLocale, setCatalog } from './i18n';

/** The shipped catalogs besides English (which is bundled): chunks of the package, loaded only when used. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalog }>> = {
  zh_CN: () => import('../../public/_locales/zh_CN/messages.json'),
  ar: () => import('../../public/_locales/ar/messages.json'),
};

/**
 * Installs the UI language's catalog and sets the page's `lang` and `dir`; `?lang=ar` picks one explicitly
 * (screenshots, and checking a translation). No fetch: the catalog is part of the package.
 */
export async function loadLocale(): Promise<void> {
  const asked = new URLSearchParams(location.search).get('lang');
  const locale: Locale = LOCALES.find((l) => l === asked) ?? pickLocale(uiLanguage());
  if (locale !== 'en') {
    try {
      setCatalog(locale, (await CATALOGS[locale]()).default);
    } catch {
      setCatalog('en', {});
    }
  }
  document.documentElement.lang = languageTag();
  document.documentElement.dir = directionOf(languageTag());
}
