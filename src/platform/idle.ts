import { browser } from './browser';

/**
 * Owner of the idle API. Whether the screen is locked: Chromium reports "locked"; Firefox never does (it answers
 * only "active" or "idle"), so there this is always false. No WebExtension API in either browser tells battery saver.
 */
export async function isScreenLocked(): Promise<boolean> {
  try {
    return (await browser.idle.queryState(60)) === 'locked';
  } catch {
    return false;
  }
}
