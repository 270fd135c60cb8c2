/**
 * The WebExtension API object the browser itself gives, without webextension-polyfill, for what must load small or
 * start fast: the content script (the polyfill would be a third of its size budget), the worker's first script
 * (evaluating the polyfill was about a tenth of a cold start's own work) and the pages' first scripts (messaging,
 * i18n, following data changes). In Manifest V3 both Firefox's `browser.*` and Chrome's `chrome.*` answer with
 * promises for every call made through it; the one difference that matters, how a message listener answers, is
 * handled where the listener is registered (worker-events.ts). Everything else reaches the API through browser.ts.
 */
export function nativeApi(): typeof chrome {
  return (globalThis as { browser?: typeof chrome }).browser ?? chrome;
}
