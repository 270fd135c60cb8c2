import { browser } from './browser';

/** Firefox shows no notification buttons (and refuses the option): a click on the notification stands in. */
export function hasNotificationButtons(): boolean {
  return !browser.runtime.getURL('').startsWith('moz-extension:');
}

/** Owner of notifications. Text is plain (notifications render no HTML). Buttons where the browser has them. */
export async function notify(title: string, message: string, id?: string, buttons: string[] = []): Promise<void> {
  const options = {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: title.slice(0, 120),
    message: message.slice(0, 400),
    ...(buttons.length && hasNotificationButtons()
      ? { buttons: buttons.slice(0, 2).map((b) => ({ title: b.slice(0, 40) })) }
      : {}),
  };
  if (id === undefined) await browser.notifications.create(options);
  else await browser.notifications.create(id, options);
}
