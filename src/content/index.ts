import { snapshotDom } from '../core/extract/snapshot';
import { sendMessage } from '../platform/messaging';
import { isReadablePage } from './page-gate';

// Copies the page (src/core/extract/snapshot.ts) for the worker, which reads the session and login lists: the
// extractor and its word tables stay out of the user's exchange page. Cheap when idle, never writes page text
// into the DOM, and sends only when the copy changed.
const DEBOUNCE_MS = 400;
const IDLE_STOP_MS = 60_000;

/** 1 + 2 + 4 s: what a worker waking up (or busy with another tab's scan) needs. */
const MAX_RETRIES = 3;

let lastSent = '';
/** This page load: the worker does not store a visit's reading again when only relative times moved. */
const visit = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
let retries = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let observer: MutationObserver | undefined;
/** Shadow roots the current observer watches: a document's observer does not see changes inside them. */
let watched = new WeakSet<object>();
const WATCH: MutationObserverInit = { childList: true, subtree: true, characterData: true };

/** Called by the copy for each open shadow root it walks (lists drawn by web components live there). */
function watchShadowRoot(root: unknown): void {
  if (!observer || watched.has(root as object)) return;
  watched.add(root as object);
  observer.observe(root as Node, WATCH);
}

/**
 * Whether the user sees an element: rendered (`checkVisibility`: not `display: none`, `content-visibility: hidden`
 * or `visibility: hidden`, style sheets and media queries applied) and with a box. A responsive page keeps a
 * second copy of its session list hidden at this width; the worker must not read it.
 */
function isShown(node: unknown): boolean {
  const el = node as Element;
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ visibilityProperty: true })) return false;
  // A zero-size box that clips its content shows nothing; `display: contents` has no box and shows its children.
  if (el.childElementCount === 0 && !el.textContent?.trim()) return true;
  const box = el.getBoundingClientRect();
  if (box.width > 0 || box.height > 0) return true;
  const style = getComputedStyle(el);
  return style.display === 'contents' || style.overflow === 'visible';
}

async function scan(): Promise<void> {
  timer = undefined;
  if (!isReadablePage(location.href)) return;
  const snapshot = snapshotDom(document, { onShadowRoot: watchShadowRoot, isShown });
  const fingerprint = JSON.stringify(snapshot);
  if (fingerprint === lastSent) return;
  lastSent = fingerprint;
  try {
    await sendMessage('recordPage', { url: location.href, visit, snapshot });
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
    watched = new WeakSet();
    observer.observe(document.documentElement, WATCH);
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
// (src/shared/guide-page.ts) itself, so its code is not carried on every page.
void sendMessage('getGuidance', {}).catch(() => undefined);
