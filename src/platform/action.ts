import { browser } from './browser';

/** Owner of the toolbar button: the badge shows the number of open high and medium warnings. */
export async function showWarningCount(count: number): Promise<void> {
  await browser.action.setBadgeText({ text: count > 0 ? (count > 99 ? '99+' : String(count)) : '' });
  await browser.action.setBadgeBackgroundColor({ color: '#c62828' });
  await browser.action.setTitle({
    title: count > 0 ? `Session Watchdog — ${count} warning${count === 1 ? '' : 's'}` : 'Session Watchdog',
  });
}
