/**
 * Paginated and "show all" session lists within one page visit. A site that shows 10 devices per page makes
 * each page a different reading of one list: the sessions of page 1 must not be taken as logged out when the
 * user moves to page 2. Within one visit, readings are folded into one list:
 * - a reading that shares a row with the previous one (the same page updated, a row removed with the page's
 *   own Remove button, or "show all" expanding it) replaces the previous reading's rows;
 * - an empty reading (the page's last row removed) replaces them too;
 * - a reading that shares no row with the previous one is another page: its rows are added.
 */
import { sessionBaseKey } from './ingest';
import type { ExtractedSession } from './types';

export interface VisitPages {
  /** The rows of the previous reading. */
  last: ExtractedSession[];
  /** Every row of the visit's pages, the current reading's included. */
  all: ExtractedSession[];
}

const MAX_ROWS = 2000;
const keyOf = (s: ExtractedSession): string => sessionBaseKey('', s);

export function foldPages(prev: VisitPages | undefined, next: ExtractedSession[]): VisitPages {
  if (!prev || prev.last.length === 0) return { last: next, all: next };
  const lastKeys = new Set(prev.last.map(keyOf));
  const nextKeys = new Set(next.map(keyOf));
  const isSamePage = next.length === 0 || next.some((s) => lastKeys.has(keyOf(s)));
  // Rows kept from other pages: never the previous reading's when this one replaces it, never a row read again now.
  const kept = prev.all.filter((s) => {
    const k = keyOf(s);
    return !nextKeys.has(k) && !(isSamePage && lastKeys.has(k));
  });
  return { last: next, all: [...kept, ...next].slice(-MAX_ROWS) };
}
