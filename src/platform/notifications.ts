import { browser } from './browser';

/** Owner of notifications. Text is plain (notifications render no HTML). */
export async function notify(title: string, message: string, id?: string): Promise<void> {
  const options = {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: title.slice(0, 120),
    message: message.slice(0, 400),
  };
  if (id === undefined) await browser.notifications.create(options);
  else await browser.notifications.create(id, options);
}

/** Registers at the top level of the worker: a click may be what wakes it. */
export function onNotificationClicked(listener: (id: string) => void): void {
  browser.notifications.onClicked.addListener((id) => {
    listener(id);
    void browser.notifications.clear(id);
  });
}
