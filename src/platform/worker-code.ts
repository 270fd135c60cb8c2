import { WORKER_MAIN_FILE, WORKER_MAIN_GLOBAL } from '../shared/worker-files';

/**
 * Owner of the worker's own code loading (src/shared/worker-files.ts). In Chrome's service worker the main file is
 * imported at install, which keeps it with the worker's scripts, and run from there the first time an event needs
 * it (importScripts of a script imported at install is allowed later); until then a start compiles the first script
 * only. Firefox's event page lists both files, so the main one is there already.
 */
type WorkerScope = { importScripts?: (...urls: string[]) => void; addEventListener?: typeof addEventListener };
const scope = globalThis as unknown as WorkerScope & Record<string, unknown>;

/** Registers, at the top level, the import at install (a no-op outside a service worker). */
export function importWorkerMainAtInstall(): void {
  if (typeof scope.importScripts !== 'function') return;
  scope.addEventListener?.('install', () => scope.importScripts?.(`/${WORKER_MAIN_FILE}`));
}

/** What the main file published: its start function. Runs the file first when it has not run yet. */
export function workerMain<T>(): T {
  if (scope[WORKER_MAIN_GLOBAL] === undefined && typeof scope.importScripts === 'function') {
    scope.importScripts(`/${WORKER_MAIN_FILE}`);
  }
  const main = scope[WORKER_MAIN_GLOBAL];
  if (typeof main !== 'function') throw new Error('The worker’s main code is missing');
  return main as T;
}

/** Called by the main file: publishes its start function. */
export function publishWorkerMain(start: unknown): void {
  scope[WORKER_MAIN_GLOBAL] = start;
}
