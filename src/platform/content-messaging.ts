import type { Envelope, MessageName, RequestOf, ResponseOf, Result, Transport } from '../shared/contract';
import { unwrapResult } from '../shared/result';
import { nativeApi } from './native-api';

/**
 * The content script's sending half of runtime messaging, without webextension-polyfill (a third of the content
 * script's size budget, scripts/check-size.mjs): in MV3 both Firefox's `browser.runtime.sendMessage` and Chrome's `chrome.runtime.sendMessage` answer
 * with a promise. Same contract and error handling as `sendMessage` in messaging.ts.
 */

export const sendMessage: Transport = async <K extends MessageName>(type: K, payload: RequestOf<K>) => {
  const envelope: Envelope<K> = { type, payload };
  return unwrapResult(type, (await nativeApi().runtime.sendMessage(envelope)) as Result<ResponseOf<K>> | undefined);
};
