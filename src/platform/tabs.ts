import { browser } from './browser';

/** Owner of tab creation (no `tabs` permission needed to open one). */
export async function openTab(url: string): Promise<void> {
  await browser.tabs.create({ url, active: true });
}

export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
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
