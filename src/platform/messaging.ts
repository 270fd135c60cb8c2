import type { Envelope, MessageName, RequestOf, ResponseOf, Result, SenderInfo, Transport } from '../shared/contract';
import { unwrapResult } from '../shared/result';
import { browser, type Runtime } from './browser';

/** Owner of runtime messaging. The sending half is used by content scripts and pages. */
export const sendMessage: Transport = async <K extends MessageName>(type: K, payload: RequestOf<K>) => {
  const envelope: Envelope<K> = { type, payload };
  return unwrapResult(type, (await browser.runtime.sendMessage(envelope)) as Result<ResponseOf<K>> | undefined);
};

export type MessageHandler = (message: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

/** The receiving half, for the background only: every message gets a Result, never an exception. */
export function listenForMessages(handle: MessageHandler): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handle(message, sender as SenderInfo),
  );
}

export function ownIdentity(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('') };
}

export function ownVersion(): string {
  return browser.runtime.getManifest().version;
}
