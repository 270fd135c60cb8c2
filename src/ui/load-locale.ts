import { uiLanguage } from '../platform/i18n';
import {
  type Catalog,
  directionOf,
  LOCALES,
  type Locale,
  languageTag,
  pickLocale,
  setCatalog,
  setEnglish,
} from './i18n';

/** The shipped catalogs besides English (loaded always, as the fallback): chunks of the package, loaded when used. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalog }>> = {
  zh_CN: () => import('../../public/_locales/zh_CN/messages.json'),
  ar: () => import('../../public/_locales/ar/messages.json'),
};

/** The whole English catalog, a chunk (the options page); the popup passes its own part of it, bundled. */
const ENGLISH = (): Promise<{ default: Catalog }> => import('../../public/_locales/en/messages.json');

/**
 * Installs the UI language's catalog and sets the page's `lang` and `dir`; `?lang=ar` picks one explicitly
 * (screenshots, and checking a translation). No fetch: the catalog is part of the package.
 */
export async function loadLocale(english: Catalog | (() => Promise<{ default: Catalog }>) = ENGLISH): Promise<void> {
  const asked = new URLSearchParams(location.search).get('lang');
  const locale: Locale = LOCALES.find((l) => l === asked) ?? pickLocale(uiLanguage());
  const [en, chosen] = await Promise.all([
    typeof english === 'function' ? english().then((m) => m.default) : english,
    locale === 'en' ? undefined : CATALOGS[locale]().catch(() => undefined),
  ]);
  setEnglish(en);
  if (chosen) setCatalog(locale, chosen.default);
  document.documentElement.lang = languageTag();
  document.documentElement.dir = directionOf(languageTag());
}
