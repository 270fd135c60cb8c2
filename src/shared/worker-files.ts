/**
 * The worker is two classic scripts (vite.config.ts builds each as one file). The first, WORKER_FILE, is what the
 * browser starts: it registers every listener and answers the popup's overview from the kept copy
 * (src/background/front.ts). The rest of the worker, WORKER_MAIN_FILE, is read only when an event needs it: Chrome's
 * service worker imports it at install and runs it from its cache when asked (importScripts), Firefox's event page
 * lists both files. The main file publishes its start function under WORKER_MAIN_GLOBAL.
 */
export const WORKER_FILE = 'background.js';
export const WORKER_MAIN_FILE = 'background-main.js';
export const WORKER_MAIN_GLOBAL = '__sessionWatchdogWorker';
