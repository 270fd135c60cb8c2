/**
 * What the page's markup says, read alike by the page copy (snapshot.ts, in the content script) and the extractor
 * (in the worker): the patterns both must agree on live here, once.
 */

/** A user agent in any attribute (`data-ua`, `title`): kept by the copy, read by the extractor. */
export const UA_ATTR = /mozilla\/\d|applewebkit\/|gecko\/|dalvik\/|cfnetwork\/|okhttp\//i;
/** Attributes holding a machine time (`data-time`, `data-last-seen`, `data-ts`). */
export const TIME_ATTR = /^data-(?:.*(?:time|date|stamp|seen)|ts|at)$/;

/** The few calls `isHidden` makes: a live element and a page-copy element both answer them. */
export interface AttributeReader {
  hasAttributes(): boolean;
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/**
 * Hidden from the user by its markup: `hidden`, an inline `display: none` or `visibility: hidden`, or `aria-hidden`
 * over text. The page copy also marks what the browser does not render (style sheets, a zero-size box) with
 * `hidden`, so the worker reads what the user sees: a responsive page's hidden second copy of a list adds no rows.
 * A text-less icon under `aria-hidden` still speaks through its class (a status dot).
 */
export function isHidden(e: AttributeReader): boolean {
  if (!e.hasAttributes()) return false;
  if (e.getAttribute('hidden') !== null) return true;
  const style = e.getAttribute('style');
  if (style && HIDING_STYLE.test(style.slice(0, 500))) return true;
  return e.getAttribute('aria-hidden') === 'true' && /\S/.test(e.textContent ?? '');
}
