import type { Envelope, MessageName, RequestOf, ResponseOf, Result, Transport } from '../shared/contract';
import { unwrapResult } from '../shared/result';
import { nativeApi } from './native-api';

/**
 * The sending half of runtime messaging, for the content script and the pages (the worker's listener:
 * worker-events.ts). Through the browser's own API: in Manifest V3 both Firefox's `browser.runtime.sendMessage` and
 * Chrome's `chrome.runtime.sendMessage` answer with a promise, and the polyfill would be a third of the content
 * script's size budget and a fifth of the popup's first script.
 */
export const sendMessage: Transport = async <K extends MessageName>(type: K, payload: RequestOf<K>) => {
  const envelope: Envelope<K> = { type, payload };
  return unwrapResult(type, (await nativeApi().runtime.sendMessage(envelope)) as Result<ResponseOf<K>> | undefined);
};
