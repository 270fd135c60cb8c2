import { render } from 'preact';
import { sendMessage } from '../src/platform/messaging';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { loadLocale } from '../src/ui/load-locale';
import { holdFocusInDialogs } from '../src/ui/trap-tab';
import { createActivityModel } from './activity-model';
import { Options } from './options';
import { S } from './strings';

// The first script holds the Overview only; the settings, history and map sections load after it (options.tsx).
const activity = createActivityModel(sendMessage);
// The Data section's questions (wipe, import) are dialogs in the page: Tab stays in them, focus returns after.
holdFocusInDialogs(document);
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
