/**
 * The WebExtension API object the browser itself gives, without webextension-polyfill: for the two scripts that
 * must stay small or start fast, the content script (the polyfill would be a third of its size budget) and the
 * worker's first script (evaluating the polyfill was about a tenth of a cold start's own work). In Manifest V3 both
 * Firefox's `browser.*` and Chrome's `chrome.*` answer with promises for every call those scripts make; the one
 * difference that matters to them, how a message listener answers, is handled where the listener is registered
 * (src/platform/worker-events.ts). Every other module reaches the API through browser.ts.
 */
export function nativeApi(): typeof chrome {
  return (globalThis as { browser?: typeof chrome }).browser ?? chrome;
}
