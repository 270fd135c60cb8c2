// The single import of webextension-polyfill; modules under src/platform/ are its only users (native-api.ts gives
// the browser's own API to what must load without it).
import browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';
export { browser };
