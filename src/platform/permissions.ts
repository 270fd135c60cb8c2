import { browser } from './browser';

/**
 * Owner of optional host permissions. `requestOrigins` must be called synchronously from a click handler
 * (both browsers refuse a request that is not tied to a user gesture).
 */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins });
}

export function hasOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.contains({ origins });
}

export async function removeOrigins(origins: string[]): Promise<boolean> {
  try {
    return await browser.permissions.remove({ origins });
  } catch {
    // A required (manifest) host cannot be removed; nothing was granted for it.
    return false;
  }
}
