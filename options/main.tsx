import { render } from 'preact';
import { loadSettings, onSettingsChanged, saveSettings } from '../src/platform/storage';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { createOptionsModel } from './model';
import { Options } from './options';

const model = createOptionsModel({ load: loadSettings, save: saveSettings });
void model.load();
// Another context (the popup's "This was me") may change settings while this page is open.
onSettingsChanged((s) => {
  model.settings.value = s;
});
render(
  <ErrorBoundary>
    <Options model={model} />
  </ErrorBoundary>,
  document.getElementById('app') as HTMLElement,
);
