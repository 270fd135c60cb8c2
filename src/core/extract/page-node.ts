/**
 * The page as the extractor reads it: a small read-only node interface that both the live DOM (tests, a page read
 * in place) and the worker's page copy (snapshot.ts, fromSnapshot) implement, and the few walks over it that every
 * room of the extractor shares.
 */

import { type SnapElement, type SnapNode, unbuiltCopy } from './snapshot';

export interface PageNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly textContent: string | null;
  readonly parentNode: PageNode | null;
  readonly firstChild: PageNode | null;
  readonly nextSibling: PageNode | null;
  readonly ownerDocument: PageDocument | null;
}

export interface PageElement extends PageNode {
  readonly localName: string;
  readonly parentElement: PageElement | null;
  readonly firstElementChild: PageElement | null;
  readonly nextElementSibling: PageElement | null;
  readonly previousElementSibling: PageElement | null;
  readonly childElementCount: number;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  hasAttributes(): boolean;
  getAttribute(name: string): string | null;
}

export interface PageDocument extends PageNode {
  readonly documentElement: PageElement | null;
}

export const isElement = (n: PageNode): n is PageElement => n.nodeType === 1;
export const isDocument = (n: PageNode): n is PageDocument => n.nodeType === 9;

export const MAX_ROWS = 2000;
export const MAX_DEPTH = 64;
export const MAX_ELEMENTS = 100_000;
/** A record (card) longer than this is a page region, not one session. */
export const MAX_RECORD_TEXT = 1500;

export const SKIP = new Set('script style template noscript svg canvas iframe object select head'.split(' '));
export const BLOCK = new Set(
  'address article aside blockquote caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr td th ul menu'.split(
    ' ',
  ),
);
// Regions a single session card never spans.
export const BARRIER = new Set('h1 h2 h3 h4 h5 h6 nav footer main aside table body html'.split(' '));
export const HEADING = /^h[1-6]$/;

/** Element children, read by sibling links: jsdom's live collections cost more than the walk itself. */
export function kids(e: PageElement): PageElement[] {
  const out: PageElement[] = [];
  for (let c = e.firstElementChild; c; c = c.nextElementSibling) out.push(c);
  return out;
}

/** `getAttribute` behind `hasAttributes`: most cells have none, and the lookup is not free. */
export function attr(e: PageElement, name: string): string | null {
  return e.hasAttributes() ? e.getAttribute(name) : null;
}

/** True when some element in a small subtree matches; bounded so probing stays cheap. */
export function hasTag(el: PageElement, re: RegExp, limit = 40): boolean {
  const stack: PageElement[] = [el];
  for (let n = 0; stack.length && n < limit; n++) {
    const e = stack.pop()!;
    if (re.test(e.localName)) return true;
    for (let c = e.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
  return false;
}

export function isButton(e: PageElement): boolean {
  const tag = e.localName;
  if (tag === 'button' || attr(e, 'role') === 'button') return true;
  return tag === 'input' && /^(?:button|submit)$/i.test(attr(e, 'type') ?? '');
}

export function controlLabel(e: PageElement): string {
  return `${e.textContent ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''} ${e.getAttribute('value') ?? ''}`.slice(
    0,
    300,
  );
}

/**
 * True when the subtree has at most `limit` elements; stops counting there, so probing stays cheap. A page-copy
 * element whose children are not built yet is counted in the copy, and stays unbuilt (a table's rows are read from it).
 */
export function isSmall(el: PageElement, limit: number): boolean {
  const stack: PageElement[] = [el];
  const copies: SnapElement[] = [];
  // Counted as they are met, not as they are visited: a table body of 10,000 rows is over the limit at its 80th.
  let n = 1;
  if (n > limit) return false;
  while (stack.length || copies.length) {
    const tree = copies.pop();
    if (tree) {
      for (let i = 2; i < tree.length; i++) {
        const c = tree[i] as SnapNode;
        if (typeof c === 'string') continue;
        if (++n > limit) return false;
        copies.push(c);
      }
      continue;
    }
    const e = stack.pop()!;
    const copy = unbuiltCopy(e);
    if (copy) {
      copies.push(copy);
      continue;
    }
    for (let c = e.firstElementChild; c; c = c.nextElementSibling) {
      if (++n > limit) return false;
      stack.push(c);
    }
  }
  return true;
}
