import { render } from 'preact';
import { sendMessage } from '../src/platform/messaging';
import { onSettingsChanged } from '../src/platform/storage';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { loadLocale } from '../src/ui/load-locale';
import { createActivityModel, createOptionsModel } from './model';
import { Options } from './options';
import { settingsStore } from './settings-store';
import { S } from './strings';

const model = createOptionsModel(settingsStore);
const activity = createActivityModel(sendMessage);
void model.load();
void activity.load();
// Another context (the popup's "This was me") may change settings while this page is open.
onSettingsChanged((s) => {
  model.settings.value = s;
});
void loadLocale().then(() => {
  document.title = S.pageTitle;
  render(
    <ErrorBoundary>
      <Options model={model} activity={activity} />
    </ErrorBoundary>,
    document.getElementById('app') as HTMLElement,
  );
});
