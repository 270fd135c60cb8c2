import { browser } from './browser';

/** Owner of tab creation (no `tabs` permission needed to open one). */
export async function openTab(url: string): Promise<void> {
  await browser.tabs.create({ url, active: true });
}

export async function openOptionsPage(): Promise<void> {
  await browser.runtime.openOptionsPage();
}
