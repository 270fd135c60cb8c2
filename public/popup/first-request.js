// The popup's first script: a plain one (copied as is, not bundled) that runs as soon as the parser reaches it and
// asks the worker for what the first render needs, so the worker reads it while the UI code is still loading.
// popup/main.tsx takes the answers (popup/first-answers.ts); nothing here reads page text or renders anything.
(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const ask = (type) => api.runtime.sendMessage({ type, payload: {} });
  globalThis.sessionWatchdogFirstAnswers = { getOverview: ask('getOverview'), getEmergency: ask('getEmergency') };
})();
