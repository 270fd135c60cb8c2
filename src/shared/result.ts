import type { MessageName, ResponseOf, Result } from './contract';

/**
 * A worker's answer as its sender sees it: the value, or an Error with the worker's words and, as `localised`, the
 * error as a `_locales` message (what `LocalisedError` carries) for pages to show in their language. The one
 * unwrapping every transport uses. Free of zod, so the content script can carry it.
 */
export function unwrapResult<K extends MessageName>(type: K, result: Result<ResponseOf<K>> | undefined): ResponseOf<K> {
  if (!result) throw new Error(`No answer to ${type}`);
  if (!result.ok) throw Object.assign(new Error(result.error), result.localised ? { localised: result.localised } : {});
  return result.value;
}
