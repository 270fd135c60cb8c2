// The popup's first script: a plain one (copied as is, not bundled) that runs as soon as the parser reaches it and
// asks the worker for what the first render needs, so the worker reads it while the UI code is still loading.
// popup/main.tsx takes the answers (popup/first-answers.ts); nothing here reads page text or renders anything.
// It also starts listening for changes to the stored data before it asks, so a scan stored between the question
// and the moment the UI code subscribes is not missed: main.tsx takes `changedSince` and reloads if it is set.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const changes = { changedSince: false, stop: () => {} };
  const onChanged = (_changes, area) => {
    if (area === 'local') changes.changedSince = true;
  };
  api.storage.onChanged.addListener(onChanged);
  changes.stop = () => api.storage.onChanged.removeListener(onChanged);
  globalThis.sessionWatchdogEarlyChanges = changes;
  const ask = (type) => api.runtime.sendMessage({ type, payload: {} });
  // The emergency checklists are asked for once the overview is in: the first render needs only the overview, and
  // a worker answering both at once answers the overview later.
  const overview = ask('getOverview');
  const next = () => ask('getEmergency');
  globalThis.sessionWatchdogFirstAnswers = { getOverview: overview, getEmergency: overview.then(next, next) };
})();
