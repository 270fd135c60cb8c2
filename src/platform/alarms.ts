import { browser } from './browser';

/** Owner of alarms. Alarms survive the worker being stopped; creating one that exists with the same period is a no-op. */
export async function ensureAlarm(name: string, periodInMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (existing && existing.periodInMinutes === periodInMinutes) return;
  await browser.alarms.create(name, { delayInMinutes: 1, periodInMinutes });
}
