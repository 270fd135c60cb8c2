import { render } from 'preact';
import { sendMessage } from '../src/platform/messaging';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { loadLocale } from '../src/ui/load-locale';
import { createActivityModel } from './activity-model';
import { Options } from './options';
import { settingsStore } from './settings-store';
import { S } from './strings';

// The first script holds the Overview only; the settings, history and map sections load after it (options.tsx).
const activity = createActivityModel(sendMessage);
void activity.load();
void loadLocale().then(() => {
  document.title = S.pageTitle;
  render(
    <ErrorBoundary>
      <Options activity={activity} />
    </ErrorBoundary>,
    document.getElementById('app') as HTMLElement,
  );
});
