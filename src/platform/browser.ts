// The single import of the WebExtension API; modules under src/platform/ are its only users.
import browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';
export { browser };
