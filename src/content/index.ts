import { extractScan } from '../core/extract/extract-scan';
import { sendMessage } from '../platform/content-messaging';
import { isReadablePage } from './page-gate';

// Reads the page's session and login lists and reports them. Runs in the user's exchange page:
// cheap when idle, never writes page text into the DOM, and sends only when what it read changed.
const DEBOUNCE_MS = 400;
const IDLE_STOP_MS = 60_000;

const MAX_RETRIES = 3;

let lastSent = '';
let retries = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let observer: MutationObserver | undefined;

async function scan(): Promise<void> {
  timer = undefined;
  if (!isReadablePage(location.href)) return;
  const result = extractScan(document.body ?? document.documentElement, {
    url: location.href,
    now: Date.now(),
  });
  if (!result.hasSessionList && !result.hasLoginList) return;
  // Relative times ("5 minutes ago") resolve differently on every pass; they alone do not make a new scan.
  const fingerprint = JSON.stringify([
    result.accountHint,
    result.sessions.map(({ lastActive: _a, firstSeen: _f, ...rest }) => rest),
    result.logins.map(({ time: _t, ...rest }) => rest),
  ]);
  if (fingerprint === lastSent) return;
  lastSent = fingerprint;
  try {
    await sendMessage('recordScan', { scan: result });
    retries = 0;
  } catch {
    // The worker refused or was (re)starting: forget the fingerprint so the next change is sent again, and
    // try again a few times (1, 2, 4 s) so a worker that was busy or waking up still gets this visit.
    lastSent = '';
    if (retries < MAX_RETRIES && timer === undefined) timer = setTimeout(() => void scan(), 1000 * 2 ** retries++);
  }
}

function schedule(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => void scan(), DEBOUNCE_MS);
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  // A page that stops changing needs no watching; visibility or navigation restarts it.
  idleTimer = setTimeout(stop, IDLE_STOP_MS);
}

function start(): void {
  if (!observer) {
    observer = new MutationObserver(schedule);
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }
  schedule();
}

function stop(): void {
  observer?.disconnect();
  observer = undefined;
}

document.addEventListener('visibilitychange', () => (document.hidden ? stop() : start()));
window.addEventListener('popstate', start);
window.addEventListener('focus', start);
start();

// Asked once: for a tab it opened to this very page for a guided log-out, the worker injects the guide
// (src/content/guide.ts) itself, so its code is not carried on every page.
void sendMessage('getGuidance', {}).catch(() => undefined);
