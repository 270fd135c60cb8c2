/**
 * A page's DOM as plain data, so the content script only copies the page and the worker runs the extractor.
 *
 * Format: a text node is its string; an element is `[localName, attrs, ...children]` with `attrs` 0 or a flat
 * `[name, value, …]` list; a document is `['#document', 0, html]`. Only what extract-scan.ts reads is kept:
 * elements and text (no comments), and the attributes it looks at. `fromSnapshot` answers exactly the DOM calls
 * the extractor makes, so `extractScan(fromSnapshot(snapshotDom(x)))` equals `extractScan(x)` within the caps
 * (snapshot.test.ts proves it on every fixture page and on random DOMs).
 */

import { type AttributeReader, isHidden, TIME_ATTR, UA_ATTR } from './markup';
import type { PageDocument, PageElement, PageNode } from './page-node';

export type SnapNode = string | SnapElement;
export type SnapElement = [tag: string, attrs: 0 | string[], ...children: SnapNode[]];

/** Element children per element: the extractor reads at most 4,000 rows of a list (MAX_ROWS × 2). */
export const MAX_SNAP_CHILDREN = 4100;
/** A little above the extractor's MAX_ELEMENTS; elements and text nodes count alike. */
export const MAX_SNAP_NODES = 150_000;
/** The extractor reads to depth 64 below body, and a cell's text up to 24 levels below that. */
export const MAX_SNAP_DEPTH = 100;
/** cleanText reads at most 4,000 characters of any text. */
export const MAX_SNAP_TEXT = 4000;
export const MAX_SNAP_ATTR = 2000;
/** Attribute pairs per element. */
export const MAX_SNAP_ATTRS = 48;
export const MAX_SNAP_CHARS = 8_000_000;

/** The extractor's `inspect` looks at an element's first 32 attributes only. */
const INSPECTED = 32;
/** Attributes the extractor asks for by name. */
const NAMED = new Set(
  'class role type aria-label aria-checked title alt value datetime colspan lang data-uid data-user-id data-userid data-account-id'.split(
    ' ',
  ),
);
const ATTR_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/;
/** Their text is code or markup, and long: the extractor skips them, and only their first words can matter. */
const CODE = new Set(['script', 'style', 'noscript']);
const CODE_TEXT = 500;
/** Separates the attributes the extractor iterates from those it only asks for by name. */
const NAMED_ONLY = '';

/** The calls the copy makes on a live node. */
interface DomNode extends AttributeReader {
  nodeType: number;
  nodeValue: string | null;
  textContent: string | null;
  localName?: string;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
  /** An open shadow root: what the page shows in place of the element's own children. */
  shadowRoot?: DomNode | null;
  /** A slot's light children, as the shadow tree places them. */
  assignedNodes?: (options: { flatten: boolean }) => DomNode[];
}

/**
 * Where an element's children as the page shows them (the composed tree) start: an open shadow root's children in
 * place of the element's own. Web components keep their lists in shadow roots, where a plain walk of the document
 * sees nothing.
 */
function firstShown(e: DomNode, onShadowRoot: ((root: unknown) => void) | undefined): DomNode | null {
  const root = e.shadowRoot;
  if (!root) return e.firstChild;
  onShadowRoot?.(root);
  return root.firstChild;
}

/** In a shadow tree, a slot shows the light children assigned to it (its own children only when none are). */
function slotted(e: DomNode): DomNode[] | undefined {
  if (e.localName !== 'slot' || typeof e.assignedNodes !== 'function') return undefined;
  const assigned = e.assignedNodes({ flatten: true });
  return assigned.length ? assigned : undefined;
}

/** What the page copy marks a hidden element with: the extractor does not read it (extract-scan.ts, isHidden). */
const HIDDEN: string[] = ['hidden', ''];

export interface SnapshotOptions {
  /** Hears of every shadow root walked (the content script watches them for changes). */
  onShadowRoot?: (root: unknown) => void;
  /**
   * Whether the browser renders an element (the content script asks `checkVisibility()` and the box size); its
   * markup (`hidden`, an inline `display: none`, `aria-hidden` over text) is asked either way.
   */
  isShown?: (element: unknown) => boolean;
}

function keepAttr(name: string, value: string): boolean {
  if (!ATTR_NAME.test(name)) return false;
  if (NAMED.has(name)) return true;
  return value.length > 9 && (TIME_ATTR.test(name) || UA_ATTR.test(value));
}

function snapAttrs(attrs: ArrayLike<{ name: string; value: string }> | undefined): 0 | string[] {
  if (!attrs?.length) return 0;
  const out: string[] = [];
  let isNamedOnly = false;
  for (let i = 0; i < attrs.length && out.length < MAX_SNAP_ATTRS * 2 - 2; i++) {
    const { name, value } = attrs[i]!;
    if (i >= INSPECTED && !NAMED.has(name)) continue;
    if (!keepAttr(name, value)) continue;
    if (i >= INSPECTED && !isNamedOnly) {
      out.push(NAMED_ONLY, NAMED_ONLY);
      isNamedOnly = true;
    }
    out.push(name, value.slice(0, MAX_SNAP_ATTR));
  }
  return out.length ? out : 0;
}

/**
 * Copies the DOM under `root` (a document or an element) as the page shows it (open shadow roots included)
 * within the caps; pure, reads only. `onShadowRoot` hears of every shadow root walked (the content script
 * watches them for changes: a document's observer does not see inside them).
 */
export function snapshotDom(root: unknown, opts: SnapshotOptions = {}): SnapElement {
  const { onShadowRoot, isShown } = opts;
  const top = root as DomNode;
  let nodes = 0;
  let chars = 0;
  const text = (s: string, max = MAX_SNAP_TEXT): string => {
    const t = s.length > max ? s.slice(0, max) : s;
    chars += t.length;
    return t;
  };
  const copy = (e: DomNode, depth: number): SnapElement => {
    nodes++;
    const tag = e.localName ?? '';
    // A hidden element is copied as an empty mark: its text is not read, and costs nothing to send.
    if ((e.attributes?.length && isHidden(e)) || (isShown && !isShown(e))) return [tag, HIDDEN];
    const attrs = snapAttrs(e.attributes);
    if (attrs) for (const a of attrs) chars += a.length;
    const out: SnapElement = [tag, attrs];
    if (CODE.has(tag) || depth >= MAX_SNAP_DEPTH) {
      // Past the depth cap only the text is kept: ancestors' textContent stays right.
      const t = e.textContent ?? '';
      if (t && nodes < MAX_SNAP_NODES && chars < MAX_SNAP_CHARS) {
        nodes++;
        out.push(text(t, CODE.has(tag) ? CODE_TEXT : MAX_SNAP_TEXT));
      }
      return out;
    }
    let elements = 0;
    /** Copies one child; false once a cap is reached. */
    const take = (c: DomNode): boolean => {
      if (nodes >= MAX_SNAP_NODES || chars >= MAX_SNAP_CHARS) return false;
      if (c.nodeType === 3) {
        nodes++;
        out.push(text(c.nodeValue ?? ''));
      } else if (c.nodeType === 1) {
        // A flood of rows: past what the extractor reads, copying would only cost the page time.
        if (++elements > MAX_SNAP_CHILDREN) return false;
        out.push(copy(c, depth + 1));
      }
      return true;
    };
    const assigned = slotted(e);
    if (assigned) {
      for (const c of assigned) if (!take(c)) break;
    } else {
      for (let c = firstShown(e, onShadowRoot); c && take(c); c = c.nextSibling);
    }
    return out;
  };
  if (top.nodeType === 9) {
    nodes++;
    const out: SnapElement = ['#document', 0];
    for (let c = top.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(copy(c, 1));
    return out;
  }
  return copy(top, 0);
}

/** A tag name, `/^[A-Za-z][\w.:-]{0,63}$/` by hand: a letter, then up to 63 of letters, digits, `_`, `.`, `:` and `-`. */
export function isTag(t: string): boolean {
  const n = t.length;
  if (n === 0 || n > 64) return false;
  let c = t.charCodeAt(0) | 0x20;
  if (c < 0x61 || c > 0x7a) return false;
  for (let i = 1; i < n; i++) {
    c = t.charCodeAt(i);
    const l = c | 0x20;
    if ((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x3a) || c === 0x5f || c === 0x2e || c === 0x2d) continue;
    return false;
  }
  return true;
}

/** An attribute name, `ATTR_NAME` by hand: a lower-case letter, then up to 63 of lower-case letters, digits, `_`, `.`, `:` and `-`. */
export function isAttrName(t: string): boolean {
  const n = t.length;
  if (n === 0 || n > 64) return false;
  let c = t.charCodeAt(0);
  if (c < 0x61 || c > 0x7a) return false;
  for (let i = 1; i < n; i++) {
    c = t.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x3a) || c === 0x5f || c === 0x2e || c === 0x2d) continue;
    return false;
  }
  return true;
}

/**
 * Checks untrusted data is a snapshot within the caps, without recursion; answers it or why not. One pass in
 * document order that keeps only the path to the node it is at (each open element and where its next child is, at
 * most MAX_SNAP_DEPTH + 1 of them): no node is pushed or popped, and a text is checked where it is met. The tag and
 * attribute names are checked by hand (`isTag`, `isAttrName`). Every node is checked as it is met, and an element's
 * children are counted before the first of them is read, so a refusal names the first fault in document order.
 */
export function parseSnapshot(data: unknown): { ok: true; value: SnapElement } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error: `snapshot: ${error}` });
  if (!Array.isArray(data)) return fail('not an element');
  let nodes = 0;
  let chars = 0;
  // The open elements from the top down, and the index of the next child to read in each.
  const path: unknown[][] = [];
  const next: number[] = [];
  let n: unknown = data;
  for (;;) {
    if (++nodes > MAX_SNAP_NODES) return fail('too many nodes');
    if (typeof n === 'string') {
      if (n.length > MAX_SNAP_TEXT) return fail('text too long');
      chars += n.length;
      if (chars > MAX_SNAP_CHARS) return fail('too much text');
    } else {
      const error = checkElement(n, path.length);
      if (error) return fail(error);
      const e = n as unknown[];
      const attrs = e[1];
      if (attrs !== 0) for (let i = 1; i < (attrs as string[]).length; i += 2) chars += (attrs as string[])[i]!.length;
      if (e.length > 2) {
        path.push(e);
        next.push(2);
      }
    }
    // The next node in document order: the next child of the deepest open element that has one left.
    let top = path.length - 1;
    while (top >= 0 && next[top]! >= path[top]!.length) {
      path.pop();
      next.pop();
      top--;
    }
    if (top < 0) break;
    n = path[top]![next[top]!++];
  }
  if (chars > MAX_SNAP_CHARS) return fail('too much text');
  return { ok: true, value: data as SnapElement };
}

/** What is wrong with a node that is not a text, at `depth`: its shape, tag, attributes and child count; or nothing. */
function checkElement(n: unknown, depth: number): string | undefined {
  if (!Array.isArray(n) || n.length < 2) return 'malformed node';
  if (depth > MAX_SNAP_DEPTH) return 'too deep';
  const tag: unknown = n[0];
  const attrs: unknown = n[1];
  const isDoc = tag === '#document' && depth === 0;
  if (typeof tag !== 'string' || !(isDoc || isTag(tag))) return 'bad tag';
  if (attrs !== 0) {
    if (isDoc || !Array.isArray(attrs) || attrs.length % 2 || attrs.length > MAX_SNAP_ATTRS * 2) {
      return 'bad attributes';
    }
    let separators = 0;
    for (let i = 0; i < attrs.length; i += 2) {
      const name: unknown = attrs[i];
      const value: unknown = attrs[i + 1];
      if (typeof name !== 'string' || typeof value !== 'string' || value.length > MAX_SNAP_ATTR) {
        return 'bad attribute';
      }
      if (name === NAMED_ONLY ? value !== NAMED_ONLY || ++separators > 1 : !isAttrName(name)) {
        return 'bad attribute name';
      }
    }
  }
  if (isDoc && (n.length !== 3 || !Array.isArray(n[2]))) return 'a document holds one element';
  // Only a list longer than the cap can hold more element children than it.
  if (n.length - 2 > MAX_SNAP_CHILDREN) {
    let elements = 0;
    for (let i = 2; i < n.length; i++) {
      if (typeof n[i] !== 'string' && ++elements > MAX_SNAP_CHILDREN) return 'too many children';
    }
  }
  return undefined;
}

/**
 * The extractor's node interface (page-node.ts) over a snapshot: nothing more. A node holds only its links and its
 * own data (what every node of a kind answers alike lives on the prototype, the document is found by walking up):
 * small nodes are most of what reading a large copy costs.
 */
class SnapText implements PageNode {
  declare readonly nodeType: 3;
  declare readonly firstChild: null;
  parentNode: SnapEl | SnapDoc | null = null;
  nextSibling: SnapText | SnapEl | null = null;
  constructor(readonly nodeValue: string) {}
  get textContent(): string {
    return this.nodeValue;
  }
  get parentElement(): SnapEl | null {
    return this.parentNode instanceof SnapEl ? this.parentNode : null;
  }
  get ownerDocument(): SnapDoc | null {
    return documentOf(this);
  }
}
Object.defineProperties(SnapText.prototype, { nodeType: { value: 3 }, firstChild: { value: null } });

/** What an element without attributes answers for them: one shared empty list, never written. */
const NO_ATTRS: { name: string; value: string }[] = [];
const NO_NAMED: string[] = [];

class SnapEl implements PageElement {
  declare readonly nodeType: 1;
  declare readonly nodeValue: null;
  parentNode: SnapEl | SnapDoc | null = null;
  nextSibling: SnapText | SnapEl | null = null;
  nextElementSibling: SnapEl | null = null;
  previousElementSibling: SnapEl | null = null;
  /** The attributes the extractor iterates (in page order); `named` also holds those asked for by name only. */
  attributes: { name: string; value: string }[] = NO_ATTRS;
  private named: string[] = NO_NAMED;
  private text: string | undefined = undefined;
  private first: SnapText | SnapEl | null = null;
  private firstEl: SnapEl | null = null;
  private count = 0;
  /**
   * The copy of this element whose children are not built yet: they are made when first asked for (`firstChild`,
   * `firstElementChild`, `childElementCount`), so what the extractor reads straight from the copy (a table's plain
   * rows, see `unbuiltCopy`) never becomes nodes. Null once built, and for an element made without a copy.
   */
  private copy: SnapElement | null = null;
  constructor(readonly localName: string) {}
  setAttrs(flat: string[]): void {
    let isNamedOnly = false;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i]!;
      const value = flat[i + 1]!;
      if (name === NAMED_ONLY) isNamedOnly = true;
      else {
        if (this.named === NO_NAMED) this.named = [];
        this.named.push(name, value);
        if (isNamedOnly) continue;
        if (this.attributes === NO_ATTRS) this.attributes = [];
        this.attributes.push({ name, value });
      }
    }
  }
  get firstChild(): SnapText | SnapEl | null {
    if (this.copy) this.build();
    return this.first;
  }
  get firstElementChild(): SnapEl | null {
    if (this.copy) this.build();
    return this.firstEl;
  }
  get childElementCount(): number {
    if (this.copy) this.build();
    return this.count;
  }
  /** Keeps `tree`'s children to be built when first asked for. */
  defer(tree: SnapElement): void {
    if (tree.length > 2) this.copy = tree;
  }
  /** The copy whose children are not built yet, if they are not. */
  unbuilt(): SnapElement | null {
    return this.copy;
  }
  /** Makes this element's children, each holding its own children unbuilt (buildChildren). */
  private build(): void {
    const tree = this.copy!;
    this.copy = null;
    const made = buildChildren(this, tree);
    this.first = made.first;
    this.firstEl = made.firstEl;
    this.count = made.count;
  }
  /** Makes `child` the only child of this empty element. */
  adopt(child: SnapEl): void {
    child.parentNode = this;
    this.first = child;
    this.firstEl = child;
    this.count = 1;
  }
  hasAttributes(): boolean {
    return this.named.length > 0;
  }
  getAttribute(name: string): string | null {
    const named = this.named;
    for (let i = 0; i < named.length; i += 2) if (named[i] === name) return named[i + 1]!;
    return null;
  }
  get parentElement(): SnapEl | null {
    return this.parentNode instanceof SnapEl ? this.parentNode : null;
  }
  get ownerDocument(): SnapDoc | null {
    return documentOf(this);
  }
  /**
   * A snapshot never changes, so the text of a subtree is read once; iterative for deep trees. Children not built
   * yet are read from the copy, and stay unbuilt.
   */
  get textContent(): string {
    if (this.text !== undefined) return this.text;
    if (this.copy) {
      this.text = copyText(this.copy);
      return this.text;
    }
    const only = this.first;
    // Most elements hold one text or none: their text is that string, with no walk.
    if (!only || (only.nextSibling === null && only instanceof SnapText)) {
      this.text = only ? (only as SnapText).nodeValue : '';
      return this.text;
    }
    let out = '';
    const stack: (SnapText | SnapEl)[] = [];
    for (let c = this.first; c; c = c.nextSibling) stack.push(c);
    stack.reverse();
    while (stack.length) {
      const n = stack.pop()!;
      if (n instanceof SnapText) out += n.nodeValue;
      else if (n.text !== undefined) out += n.text;
      else if (n.copy) out += copyText(n.copy);
      else {
        const kids: (SnapText | SnapEl)[] = [];
        for (let c = n.first; c; c = c.nextSibling) kids.push(c);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
      }
    }
    this.text = out;
    return out;
  }
}

/** The text of a copied subtree: its strings in document order, read without recursion. */
function copyText(tree: SnapElement): string {
  // Most elements hold one text: that text.
  if (tree.length === 3 && typeof tree[2] === 'string') return tree[2];
  let out = '';
  const stack: SnapNode[] = [];
  for (let i = tree.length - 1; i >= 2; i--) stack.push(tree[i] as SnapNode);
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === 'string') out += n;
    else for (let i = n.length - 1; i >= 2; i--) stack.push(n[i] as SnapNode);
  }
  return out;
}

/**
 * The copy of a page-copy element whose children are not built yet (a table row no one has walked into), to be read
 * straight from it; null for any other element (built, or a live DOM's).
 */
export function unbuiltCopy(e: PageElement): SnapElement | null {
  return e instanceof SnapEl ? e.unbuilt() : null;
}

Object.defineProperties(SnapEl.prototype, { nodeType: { value: 1 }, nodeValue: { value: null } });

export class SnapDoc implements PageDocument {
  readonly nodeType = 9;
  readonly nodeValue = null;
  readonly parentNode = null;
  readonly parentElement = null;
  readonly ownerDocument = null;
  readonly textContent = null;
  readonly nextSibling = null;
  firstChild: SnapText | SnapEl | null = null;
  firstElementChild: SnapEl | null = null;
  childElementCount = 0;
  get documentElement(): SnapEl | null {
    return this.firstElementChild;
  }
  /** The root the content script used to read: body, else the whole page. */
  get body(): SnapEl | null {
    for (let c = this.documentElement?.firstElementChild ?? null; c; c = c.nextElementSibling) {
      if (c.localName === 'body') return c;
    }
    return null;
  }
  hasAttributes(): boolean {
    return false;
  }
  /** Makes the document's children from its copy, each holding its own children unbuilt (buildChildren). */
  hold(tree: SnapElement): void {
    const made = buildChildren(this, tree);
    this.firstChild = made.first;
    this.firstElementChild = made.firstEl;
    this.childElementCount = made.count;
  }
}

/** What buildChildren made: one answer, written over by each call (it builds one level, so calls never nest). */
const made = { first: null as SnapText | SnapEl | null, firstEl: null as SnapEl | null, count: 0 };

/**
 * The children of `tree` as nodes under `parent`, linked as they are made, each element holding its own children
 * unbuilt (SnapEl.defer). Answers the first child, first element child and element count in a shared object the
 * caller reads at once: no object per element built, on the extraction's path.
 */
function buildChildren(parent: SnapEl | SnapDoc, tree: SnapElement): typeof made {
  made.first = null;
  made.firstEl = null;
  made.count = 0;
  let before: SnapText | SnapEl | null = null;
  let elementBefore: SnapEl | null = null;
  for (let i = 2; i < tree.length; i++) {
    const c = tree[i] as SnapNode;
    let child: SnapText | SnapEl;
    if (typeof c === 'string') child = new SnapText(c);
    else {
      const el = new SnapEl(c[0]);
      if (c[1]) el.setAttrs(c[1]);
      el.defer(c);
      if (elementBefore) {
        elementBefore.nextElementSibling = el;
        el.previousElementSibling = elementBefore;
      } else made.firstEl = el;
      elementBefore = el;
      made.count++;
      child = el;
    }
    child.parentNode = parent;
    if (before) before.nextSibling = child;
    else made.first = child;
    before = child;
  }
  return made;
}

/** The document a node was built in: the top of its parents (every built node is under one). */
function documentOf(node: SnapText | SnapEl): SnapDoc | null {
  let p = node.parentNode;
  while (p && !(p instanceof SnapDoc)) p = p.parentNode;
  return p;
}

export type SnapshotDocument = SnapDoc;
export type SnapshotElement = SnapEl;

/**
 * Builds node objects from a snapshot (checked by parseSnapshot first when it comes from a page). A document
 * snapshot answers its document; an element snapshot answers its element, in a document whose root has `lang`.
 * Children are built when first asked for (SnapEl), so a part of the copy the extractor reads from the copy itself
 * costs no nodes; `eager` builds every node now (tests compare the two).
 */
export function fromSnapshot(tree: SnapElement, opts: { lang?: string; eager?: boolean } = {}): SnapDoc | SnapEl {
  const doc = new SnapDoc();
  let root: SnapDoc | SnapEl = doc;
  if (tree[0] === '#document') doc.hold(tree);
  else {
    const html = new SnapEl('html');
    if (opts.lang !== undefined) html.setAttrs(['lang', opts.lang]);
    html.parentNode = doc;
    doc.firstChild = html;
    doc.firstElementChild = html;
    doc.childElementCount = 1;
    root = new SnapEl(tree[0]);
    if (tree[1]) root.setAttrs(tree[1]);
    root.defer(tree);
    html.adopt(root);
  }
  if (opts.eager) for (let c = doc.firstElementChild; c; c = c.nextElementSibling) buildAll(c);
  return root;
}

/** Builds every node under `root` now, without recursion. */
function buildAll(root: SnapEl): void {
  const stack: SnapEl[] = [root];
  while (stack.length) {
    for (let c = stack.pop()!.firstElementChild; c; c = c.nextElementSibling) stack.push(c);
  }
}
