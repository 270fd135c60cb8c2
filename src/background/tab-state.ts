import type { Guidance } from '../shared/guide';

/**
 * What the worker knows per tab, apart from the messages: the tabs the user asked to read once from the popup
 * (in memory: a restarted worker forgets them and the popup asks again) and the tabs it opened for a guided log-out
 * (kept by its sites services in storage.session, so a restarted worker still guides them).
 */

/** How long a tab asked to be read once may send its page. */
const ONE_SHOT_TTL_MS = 60_000;
/** How long a guided tab may take to reach its page (sites send the user through their sign-in first). */
const GUIDANCE_TTL_MS = 10 * 60_000;

/** Tabs the user asked to read once (tab id → when): their next scan is accepted unregistered. */
const oneShots = new Map<number, number>();

export function allowOneRead(tabId: number, now: number): void {
  oneShots.set(tabId, now);
}

export function mayReadOnce(tabId: number, now: number): boolean {
  const askedAt = oneShots.get(tabId);
  return askedAt !== undefined && now - askedAt < ONE_SHOT_TTL_MS;
}

/** The tab's scan was stored: a later page of it is read only where a site covers it. */
export function readDone(tabId: number): void {
  oneShots.delete(tabId);
}

/** Where guided tabs are kept (the worker's sites services). */
export interface GuidanceStore {
  recall: (tabId: number) => Promise<Guidance | undefined>;
  forget: (tabId: number) => Promise<void>;
}

/**
 * The guidance for the page a content script is on, taken (used once): only the page that was opened, within its
 * time; a stale one is dropped.
 */
export async function takeGuidance(
  store: GuidanceStore,
  tabId: number,
  url: string,
  now: number,
): Promise<Guidance | undefined> {
  const guidance = await store.recall(tabId);
  if (!guidance) return undefined;
  if (now - guidance.at > GUIDANCE_TTL_MS) {
    await store.forget(tabId);
    return undefined;
  }
  // Sites redirect to a login page first: only the page that was opened is guided, and only once.
  const opened = new URL(guidance.url);
  const here = new URL(url);
  if (opened.origin !== here.origin || opened.pathname !== here.pathname) return undefined;
  await store.forget(tabId);
  return guidance;
}
