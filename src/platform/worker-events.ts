import type { Result, SenderInfo } from '../shared/contract';
import { nativeApi } from './native-api';

/**
 * Owner of the worker's event registrations: every listener the worker's first script (src/background/front.ts)
 * registers at its top level, so a stopped worker is woken for the event. Through the browser's own API
 * (native-api.ts), so the first script loads without the polyfill.
 */

export type MessageHandler = (message: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

/**
 * Every runtime message gets a Result, never an exception. Answered through sendResponse (and `true`, the answer
 * comes later): Chrome's own onMessage does not take a listener's promise as its answer, Firefox takes both.
 */
export function listenForMessages(handle: MessageHandler): void {
  nativeApi().runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    handle(message, sender as SenderInfo).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, error: String(error).slice(0, 200) }),
    );
    return true;
  });
}

/** The extension's id and origin, for telling its own pages from other senders. */
export function ownIdentity(): { id: string; origin: string } {
  const { runtime } = nativeApi();
  return { id: runtime.id, origin: runtime.getURL('') };
}

export function ownVersion(): string {
  return nativeApi().runtime.getManifest().version;
}

/** An alarm went off: alarms survive the worker being stopped (src/platform/alarms.ts creates them). */
export function onAlarm(listener: (name: string) => void): void {
  nativeApi().alarms.onAlarm.addListener((alarm) => listener(alarm.name));
}

/** A click on a notification (src/platform/notifications.ts shows them), which then goes away. */
export function onNotificationClicked(listener: (id: string) => void): void {
  nativeApi().notifications.onClicked.addListener((id) => {
    listener(id);
    void nativeApi().notifications.clear(id);
  });
}

/** A notification button pressed (Chrome; Firefox shows none): its index. */
export function onNotificationButtonClicked(listener: (id: string, button: number) => void): void {
  nativeApi().notifications.onButtonClicked?.addListener((id, button) => {
    listener(id, button);
    void nativeApi().notifications.clear(id);
  });
}

/**
 * Installed, updated, or the browser started with the extension: the main code starts then too, whatever else
 * happens (it creates the database and the alarms that wake the worker later).
 */
export function onWorkerInstalledOrStarted(listener: () => void): void {
  nativeApi().runtime.onInstalled.addListener(() => listener());
  nativeApi().runtime.onStartup.addListener(() => listener());
}
