import { render } from 'preact';
import { sendMessage } from '../src/platform/messaging';
import { openOptionsPage } from '../src/platform/tabs';
import { ErrorBoundary } from '../src/ui/error-boundary';
import { createPopupModel } from './model';
import { Popup } from './popup';

const model = createPopupModel(sendMessage);
void model.load();
render(
  <ErrorBoundary>
    <Popup model={model} openOptions={() => void openOptionsPage()} />
  </ErrorBoundary>,
  document.getElementById('app') as HTMLElement,
);
