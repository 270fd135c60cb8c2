// The worker's main file (WORKER_MAIN_FILE): everything but the first script. Running it defines the worker and
// publishes its start; nothing starts until front.ts asks, so importing it at install does no work.
import { publishWorkerMain } from '../platform/worker-code';
import { startWorker } from './worker';

publishWorkerMain(startWorker);
