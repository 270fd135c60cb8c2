import { browser } from './browser';

/**
 * Owner of the toolbar button: the badge shows the number of open high and medium warnings, and its tooltip says
 * so in the caller's words (the worker reads them from the catalogs).
 */
export async function showWarningCount(count: number, title: string): Promise<void> {
  await browser.action.setBadgeText({ text: count > 0 ? (count > 99 ? '99+' : String(count)) : '' });
  await browser.action.setBadgeBackgroundColor({ color: '#c62828' });
  await browser.action.setTitle({ title });
}
