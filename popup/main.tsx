import english from 'virtual:popup-messages';
import { render } from 'preact';
import { onShownDataChanged } from '../src/platform/data-changed';
import { sendMessage } from '../src/platform/messaging';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { loadLocale } from '../src/ui/load-locale';
import { takeEarlyChanges, takeFirstAnswers, withFirstAnswers } from './first-answers';
import { afterFirstPaint } from './first-paint';
import { createPopupModel } from './model';
import { Popup } from './popup';

// Tab calls load on the click that needs them: the first script carries what the first paint needs (its size budget).
const tabs = () => import('../src/platform/tabs');
const model = createPopupModel(withFirstAnswers(sendMessage, takeFirstAnswers()));
// Opened from a notification: on its incident ("?incident=<warning id>") or an account's emergency checklist.
const asked = new URLSearchParams(location.search);
model.focusWarning.value = asked.get('incident') ?? undefined;
const firstLoad = model.load();
void firstLoad.then(afterFirstPaint);
void model.loadEmergency().then(() => {
  const emergency = asked.get('emergency');
  if (emergency) void model.openEmergency(emergency);
});
// The popup follows the stored data while it is open: a scan stored, a warning raised or answered, settings or a
// checklist changed elsewhere. The first script listened since it asked; this listener takes over from it.
const early = takeEarlyChanges();
onShownDataChanged(() => void model.refresh());
early?.stop();
if (early?.changedSince) void model.refresh();
// English (the fallback of every key) comes with this script: no chunk to wait for before the first render. The
// first render waits for the overview (at most FIRST_RENDER_WAIT_MS, then it says "Loading"): an empty page drawn
// while the answer was on its way competed with the worker's answer for the processor.
const FIRST_RENDER_WAIT_MS = 200;
const overviewOrWait = Promise.race([firstLoad, new Promise((done) => setTimeout(done, FIRST_RENDER_WAIT_MS))]);
void Promise.all([loadLocale(english), overviewOrWait]).then(() =>
  render(
    <ErrorBoundary>
      <Popup
        model={model}
        openOptions={() => void tabs().then((m) => m.openOptionsPage())}
        openAddSite={(pattern) => void tabs().then((m) => m.openTab(m.addSiteOptionsUrl(pattern)))}
      />
    </ErrorBoundary>,
    document.getElementById('app') as HTMLElement,
  ),
);
