// The worker's first script (WORKER_FILE), what the browser starts for every event. It registers every listener
// here, synchronously (a stopped worker is woken for an event and may be stopped after it), and hands each event to
// the main code (worker.ts), loaded the first time one needs it. The one thing it answers itself is the popup's
// overview, from the copy the main code kept (src/shared/kept-overview.ts): the popup's first question usually finds
// the worker stopped, and a start that compiles and runs all of the worker's code took 4–6 times as long as one
// that reads the copy. Nothing here validates more than that one request: every other message goes to the main
// code, which checks it against the contract.
import { loadOverviewInputs } from '../platform/overview-inputs';
import { importWorkerMainAtInstall, workerMain } from '../platform/worker-code';
import {
  listenForMessages,
  onAlarm,
  onNotificationButtonClicked,
  onNotificationClicked,
  onWorkerInstalledOrStarted,
  ownIdentity,
  ownVersion,
} from '../platform/worker-events';
import type { Result } from '../shared/contract';
import { asksForOverview, usableOverview } from '../shared/kept-overview';
import { classifySender, type SenderInfo } from '../shared/sender';
import { readKeptOverview } from './overview-print';
import type { startWorker, WorkerMain } from './worker';

importWorkerMainAtInstall();

let main: WorkerMain | undefined;
function theMain(): WorkerMain {
  main ??= workerMain<typeof startWorker>()();
  return main;
}

const identity = ownIdentity();
const version = ownVersion();

/** The kept overview when the message asks for it from an extension page and the copy may answer now. */
async function keptAnswer(message: unknown, sender: SenderInfo): Promise<Result<unknown> | undefined> {
  if (!asksForOverview(message)) return undefined;
  if (classifySender(sender, identity.id, identity.origin)?.kind !== 'page') return undefined;
  const { kept, print } = await readKeptOverview(loadOverviewInputs().catch(() => undefined));
  const overview = usableOverview(kept, version, Date.now(), print);
  return overview === undefined ? undefined : { ok: true, value: overview };
}

// Loading the main code holds the worker's thread for as long as it compiles and runs: a message that needs it
// waits for the overview answers already under way (the popup asks for the overview first, then for more).
let answering: Promise<unknown> = Promise.resolve();
listenForMessages((message, sender) => {
  if (!asksForOverview(message)) {
    return main ? main.onMessage(message, sender) : answering.then(() => theMain().onMessage(message, sender));
  }
  const answer = keptAnswer(message, sender).then((kept) => kept ?? theMain().onMessage(message, sender));
  // Resolves to nothing: a chain that carried the answers would hold every overview while the worker lives.
  answering = Promise.all([answering, answer.catch(() => undefined)]).then(() => undefined);
  return answer;
});
onWorkerInstalledOrStarted(() => void theMain());
onAlarm((name) => void theMain().onAlarm(name));
onNotificationClicked((id) => void theMain().onNotificationClicked(id));
onNotificationButtonClicked((id, button) => void theMain().onNotificationButtonClicked(id, button));
