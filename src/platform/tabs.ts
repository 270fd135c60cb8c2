import { browser } from './browser';

/** Owner of tabs (no `tabs` permission needed to open one). Opens `url` in a new active tab; answers its id. */
export async function openTab(url: string): Promise<number | undefined> {
  return (await browser.tabs.create({ url, active: true })).id;
}

/** The tab the user is looking at (activeTab lets its URL be read after they pressed the popup's button). */
export async function activeTab(): Promise<{ id: number; url?: string } | undefined> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id === undefined ? undefined : { id: tab.id, url: tab.url };
}

export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
}

/**
 * Opens a page for a background check: not active, so it never takes focus or the user's typing, in the window
 * the user last focused (the browser's default for tabs.create). Answers the tab's id.
 */
export async function openBackgroundTab(url: string): Promise<number> {
  const tab = await browser.tabs.create({ url, active: false });
  if (tab.id === undefined) throw new Error('The browser gave the tab no id');
  return tab.id;
}

/**
 * A tab's URL and whether it finished loading; undefined once it is closed. Without the `tabs` permission the
 * browser shows the URL only on hosts the extension has access to, so a redirect to another host reads as absent.
 */
export async function tabState(tabId: number): Promise<{ url?: string; isComplete: boolean } | undefined> {
  try {
    const tab = await browser.tabs.get(tabId);
    return { ...(tab.url !== undefined ? { url: tab.url } : {}), isComplete: tab.status === 'complete' };
  } catch {
    return undefined;
  }
}

export async function closeTab(tabId: number): Promise<void> {
  try {
    await browser.tabs.remove(tabId);
  } catch {
    // Already closed (by the user, or with its window).
  }
}

/** The popup as a page, opened on an incident or an account's emergency checklist (from a notification). */
export function popupUrl(open: { incident?: string; emergency?: string }): string {
  const query = new URLSearchParams(open as Record<string, string>).toString();
  return browser.runtime.getURL(`popup/index.html${query ? `?${query}` : ''}`);
}

/** The options page with the add-site form filled in; the permission is asked there, not from the popup
 * (Firefox closes a popup when its permission prompt opens, losing the follow-up). */
export function addSiteOptionsUrl(pattern: string): string {
  return browser.runtime.getURL(`options/index.html#add-site=${encodeURIComponent(pattern)}`);
}
