import { type CustomSite, originOf } from '../core/sites';
import type { GuideRow, GuideTexts } from '../shared/guide';
import { guidePage } from '../shared/guide-page';
import { browser } from './browser';
import { hasOrigins } from './permissions';

/** Owner of `scripting`: run-time content scripts for custom sites, one-shot injection, the log-out guide. */
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
export async function showGuide(tabId: number, texts: GuideTexts, row?: GuideRow): Promise<void> {
  // executeScript passes JSON-serialisable args only: no undefined.
  const args: Parameters<typeof guidePage> = row ? [texts, row] : [texts];
  await browser.scripting.executeScript({ target: { tabId }, func: guidePage, args });
}
