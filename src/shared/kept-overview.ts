/**
 * The popup's overview as the worker last computed it, kept in the database's `kept` store (storage version 9) so a
 * worker woken to answer it (the popup's first question, most often with the worker stopped) can answer without
 * loading its main code. The main code forgets the copy before anything that may change what it shows and keeps a
 * new one once no such task is running, or once it answered the overview itself (src/background/worker.ts). A copy names the build that made it, the print of
 * the data it was computed from (src/background/overview-print.ts) and the time its checklist reminders next change,
 * and answers only while all three still hold. It is never backed up.
 */
export const KEPT_OVERVIEW_KEY = 'keptOverview';
export const KEPT_OVERVIEW_FORMAT = 1;

export interface KeptOverview {
  format: typeof KEPT_OVERVIEW_FORMAT;
  /** The extension version that computed it. */
  appVersion: string;
  /** When it was computed, and the first time after which it would read differently (checklist dates). */
  at: number;
  validUntil: number;
  /** What it was computed from (src/background/overview-print.ts): it answers only while the print is the same. */
  print: string;
  overview: unknown;
}

/**
 * The kept overview when it may answer at `now`: made by this version, in this format, from the data as it is now
 * (`print`), not yet out of date.
 */
export function usableOverview(kept: unknown, appVersion: string, now: number, print: string | undefined): unknown {
  if (typeof kept !== 'object' || kept === null || print === undefined) return undefined;
  const k = kept as Partial<KeptOverview>;
  if (k.format !== KEPT_OVERVIEW_FORMAT || k.appVersion !== appVersion || k.print !== print) return undefined;
  if (typeof k.at !== 'number' || typeof k.validUntil !== 'number' || !(k.at <= now && now < k.validUntil))
    return undefined;
  return typeof k.overview === 'object' && k.overview !== null ? k.overview : undefined;
}

/** The one request the kept copy answers: getOverview with its empty payload (as the contract's `empty` accepts). */
export function asksForOverview(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { type, payload } = message as { type?: unknown; payload?: unknown };
  return (
    type === 'getOverview' &&
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    Object.keys(payload).length === 0
  );
}
