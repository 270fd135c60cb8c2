import type { Guidance, SiteServices } from '../background/handlers';
import { type CustomSite, originOf } from '../core/sites';
import type { GuideRow, GuideTexts } from '../shared/guide';
import { guidePage } from '../shared/guide-page';
import { browser } from './browser';
import { hasOrigins } from './permissions';

/**
 * Owner of `scripting` (run-time content scripts, one-shot injection) and of the tab state they depend on:
 * the tabs the worker opened for a guided log-out, kept in storage.session so a restarted worker still knows.
 */
const ID_PREFIX = 'custom-site:';

/**
 * The manifest's content script (content.js: one classic file that loads nothing, see vite.config.ts), which
 * registered scripts and one-shot injection reuse. Firefox's getManifest() gives it as an absolute
 * moz-extension:// URL, which registerContentScripts refuses.
 */
function contentScriptFile(): string {
  const file = browser.runtime.getManifest().content_scripts?.[0]?.js?.[0];
  if (!file) throw new Error('The manifest has no content script');
  const base = browser.runtime.getURL('');
  return file.startsWith(base) ? file.slice(base.length) : file;
}

export async function syncContentScripts(sites: CustomSite[]): Promise<string[]> {
  const file = contentScriptFile();
  const wanted = new Map(sites.map((s) => [ID_PREFIX + s.id, s]));
  const existing = (await browser.scripting.getRegisteredContentScripts()).filter((r) => r.id.startsWith(ID_PREFIX));
  const stale = existing.filter((r) => wanted.get(r.id)?.pattern !== r.matches?.[0]).map((r) => r.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  const kept = new Set(existing.map((r) => r.id).filter((id) => !stale.includes(id)));
  const added: Parameters<typeof browser.scripting.registerContentScripts>[0] = [];
  for (const [id, site] of wanted) {
    const origin = originOf(site.pattern);
    if (kept.has(id) || !origin || !(await hasOrigins([origin]))) continue;
    added.push({ id, matches: [site.pattern], js: [file], runAt: 'document_idle', persistAcrossSessions: true });
  }
  if (added.length) await browser.scripting.registerContentScripts(added);
  return [...kept, ...added.map((a) => a.id)].sort();
}

export async function injectContentScript(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId }, files: [contentScriptFile()] });
}

/** Runs the guide in the tab: a self-contained function, so the content script need not carry it. */
export async function showGuide(tabId: number, siteName: string, texts: GuideTexts, row?: GuideRow): Promise<void> {
  // executeScript passes JSON-serialisable args only: no undefined.
  const args: Parameters<typeof guidePage> = row ? [siteName, texts, row] : [siteName, texts];
  await browser.scripting.executeScript({ target: { tabId }, func: guidePage, args });
}

export async function activeTab(): Promise<{ id: number; url?: string } | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url };
}

export async function openTabForId(url: string): Promise<number | undefined> {
  return (await browser.tabs.create({ url, active: true })).id;
}

const memory = new Map<number, Guidance>();
const key = (tabId: number) => `guidance:${tabId}`;
const session = () => (browser.storage as { session?: typeof browser.storage.local }).session;

export async function remember(tabId: number, guidance: Guidance): Promise<void> {
  memory.set(tabId, guidance);
  await session()
    ?.set({ [key(tabId)]: guidance })
    .catch(() => undefined);
}

export async function recall(tabId: number): Promise<Guidance | undefined> {
  const held = memory.get(tabId);
  if (held) return held;
  const got = await session()
    ?.get(key(tabId))
    .catch(() => undefined);
  const value = got?.[key(tabId)] as Guidance | undefined;
  return value && typeof value.url === 'string' && typeof value.at === 'number' ? value : undefined;
}

export async function forget(tabId: number): Promise<void> {
  memory.delete(tabId);
  await session()
    ?.remove(key(tabId))
    .catch(() => undefined);
}

export const siteServices: SiteServices = {
  openTab: openTabForId,
  remember,
  recall,
  forget,
  syncContentScripts,
  activeTab,
  injectContentScript,
  showGuide,
};
