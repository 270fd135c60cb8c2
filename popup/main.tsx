import { render } from 'preact';
import { catalogUrl, uiLanguage } from '../src/platform/i18n';
import { sendMessage } from '../src/platform/messaging';
import { openOptionsPage } from '../src/platform/tabs';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { type Catalog, directionOf, LOCALES, type Locale, languageTag, pickLocale, setCatalog } from '../src/ui/i18n';
import { createPopupModel } from './model';
import { Popup } from './popup';

/** The UI language's catalog; `?lang=ar` picks one explicitly (screenshots, and checking a translation). */
async function loadLocale(): Promise<void> {
  const asked = new URLSearchParams(location.search).get('lang');
  const locale: Locale = LOCALES.find((l) => l === asked) ?? pickLocale(uiLanguage());
  if (locale !== 'en') {
    try {
      const response = await fetch(catalogUrl(locale));
      setCatalog(locale, (await response.json()) as Catalog);
    } catch {
      setCatalog('en', {});
    }
  }
  document.documentElement.lang = languageTag();
  document.documentElement.dir = directionOf(languageTag());
}

const model = createPopupModel(sendMessage);
void model.load();
void model.loadEmergency();
void loadLocale().then(() =>
  render(
    <ErrorBoundary>
      <Popup model={model} openOptions={() => void openOptionsPage()} />
    </ErrorBoundary>,
    document.getElementById('app') as HTMLElement,
  ),
);
