import { render } from 'preact';
import { uiLanguage } from '../src/platform/i18n';
import { sendMessage } from '../src/platform/messaging';
import { openOptionsPage } from '../src/platform/tabs';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { type Catalog, directionOf, LOCALES, type Locale, languageTag, pickLocale, setCatalog } from '../src/ui/i18n';
import { takeFirstAnswers, withFirstAnswers } from './first-answers';
import { afterFirstPaint } from './first-paint';
import { createPopupModel } from './model';
import { Popup } from './popup';

/** The shipped catalogs besides English (which is bundled): chunks of the package, loaded only when used. */
const CATALOGS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Catalog }>> = {
  zh_CN: () => import('../public/_locales/zh_CN/messages.json'),
  ar: () => import('../public/_locales/ar/messages.json'),
};

/** The UI language's catalog; `?lang=ar` picks one explicitly (screenshots, and checking a translation). */
async function loadLocale(): Promise<void> {
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

const model = createPopupModel(withFirstAnswers(sendMessage, takeFirstAnswers()));
void model.load().then(afterFirstPaint);
void model.loadEmergency();
void loadLocale().then(() =>
  render(
    <ErrorBoundary>
      <Popup model={model} openOptions={() => void openOptionsPage()} />
    </ErrorBoundary>,
    document.getElementById('app') as HTMLElement,
  ),
);
