import type { Envelope, MessageName, RequestOf, ResponseOf, Result, Transport } from '../shared/contract';
import { unwrapResult } from '../shared/result';
import { browser } from './browser';

/** The sending half of runtime messaging, for pages (the worker's listener: worker-events.ts). */
export const sendMessage: Transport = async <K extends MessageName>(type: K, payload: RequestOf<K>) => {
  const envelope: Envelope<K> = { type, payload };
  return unwrapResult(type, (await browser.runtime.sendMessage(envelope)) as Result<ResponseOf<K>> | undefined);
};
