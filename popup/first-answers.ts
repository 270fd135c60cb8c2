import type { MessageName, ResponseOf, Result, Transport } from '../src/shared/contract';
import { unwrapResult } from '../src/shared/result';

/** Answers (raw Results) to requests with an empty payload that the popup's first script sent, by message name. */
export type FirstAnswers = Partial<Record<MessageName, Promise<unknown>>>;

/** Where public/popup/first-request.js leaves its requests. */
export const FIRST_ANSWERS_KEY = 'sessionWatchdogFirstAnswers';

/**
 * The transport, except that the first request of a message the first script already sent (with an empty
 * payload) is answered by that request: one round trip, begun before the UI code loaded. Later requests, and
 * requests with a payload, go through the transport. An answer is checked as the transport checks one.
 */
export function withFirstAnswers(transport: Transport, first: FirstAnswers | undefined): Transport {
  const pending = new Map(Object.entries(first ?? {}));
  return (async (type: MessageName, payload: unknown) => {
    const early = pending.get(type);
    const isEmpty = typeof payload === 'object' && payload !== null && Object.keys(payload).length === 0;
    if (!early || !isEmpty) return transport(type, payload as never);
    pending.delete(type);
    return unwrapResult(type, (await early) as Result<ResponseOf<typeof type>> | undefined);
  }) as Transport;
}

/** Takes the first script's requests off the page's global (once). */
export function takeFirstAnswers(scope: Record<string, unknown> = globalThis as never): FirstAnswers | undefined {
  const first = scope[FIRST_ANSWERS_KEY] as FirstAnswers | undefined;
  delete scope[FIRST_ANSWERS_KEY];
  return first;
}

/** Where public/popup/first-request.js leaves its early listener for storage changes. */
export const EARLY_CHANGES_KEY = 'sessionWatchdogEarlyChanges';

export interface EarlyChanges {
  /** Whether anything in storage changed since the first script asked its questions. */
  changedSince: boolean;
  /** Removes the first script's listener (the page's own has taken over). */
  stop(): void;
}

/** Takes the first script's change listener off the page's global (once). */
export function takeEarlyChanges(scope: Record<string, unknown> = globalThis as never): EarlyChanges | undefined {
  const early = scope[EARLY_CHANGES_KEY] as EarlyChanges | undefined;
  delete scope[EARLY_CHANGES_KEY];
  return early;
}
