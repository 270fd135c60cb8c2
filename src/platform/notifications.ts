import { browser } from './browser';

/** Owner of notifications. Text is plain (notifications render no HTML). */
export async function notify(title: string, message: string): Promise<void> {
  await browser.notifications.create({
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: title.slice(0, 120),
    message: message.slice(0, 400),
  });
}
