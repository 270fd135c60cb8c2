/** Cells: what one element, line or run of inline nodes says (text, badges, buttons, icons, machine times), read once. */

import {
  cleanText,
  currentMarkerStrength,
  isRevokeControlText,
  isRevokeText,
  outcomeFromClass,
  parseIp,
  statusFromClass,
  stripCurrentMarker,
} from './fields';
import { isHidden, TIME_ATTR, UA_ATTR } from './markup';
import { attr, controlLabel, hasTag, isButton, isSmall, type PageElement, type PageNode, SKIP } from './page-node';
import { type Cell, CURRENT_CLASS, MACHINE_TIME } from './reading';
import type { SnapElement, SnapNode } from './snapshot';
import { parseTime } from './time';

export const ICON_TEXT_ATTR = /^(?:aria-label|title|alt)$/;

/** ICON_TEXT_ATTR without a regular expression: it is asked of every attribute of every element a cell holds. */
function isIconTextAttr(name: string): boolean {
  return name === 'aria-label' || name === 'title' || name === 'alt';
}

/** Machine times, user agents, icons, dots and the current-session class an element's attributes carry. */
function inspect(cell: Cell, e: PageElement): void {
  if (!e.hasAttributes()) return;
  const attrs = e.attributes;
  if (e.localName === 'time') cell.attr ??= e.getAttribute('datetime') ?? undefined;
  for (let i = 0; i < attrs.length && i < 32; i++) {
    const a = attrs[i]!;
    const v = a.value;
    if (a.name === 'class') {
      if (CURRENT_CLASS.test(v)) cell.cur = true;
      const dot = statusFromClass(v);
      if (dot && !cell.dot && !e.textContent?.trim()) cell.dot = dot;
      if (!cell.mark && !e.textContent?.trim()) cell.mark = outcomeFromClass(v);
    } else if (
      isIconTextAttr(a.name) &&
      v.length <= 40 &&
      !cell.icon &&
      !MACHINE_TIME.test(v) &&
      !e.textContent?.trim()
    ) {
      if (!isButton(e) && e.localName !== 'a') cell.icon = cleanText(v);
    } else if (v.length > 9) {
      if (UA_ATTR.test(v)) cell.ua ??= cleanText(v);
      else if ((a.name === 'title' || TIME_ATTR.test(a.name)) && MACHINE_TIME.test(v)) cell.attr ??= v;
    }
  }
}

/**
 * `isRevokeText(controlLabel(e))`: a control without a label, title or value attribute (most of a list's "Remove"
 * buttons) is asked by its text alone, which a list repeats, without building its label.
 */
export function isRevokeControl(e: PageElement): boolean {
  if (
    !e.hasAttributes() ||
    (e.getAttribute('aria-label') === null && e.getAttribute('title') === null && e.getAttribute('value') === null)
  )
    return isRevokeControlText(e.textContent ?? '');
  return isRevokeText(controlLabel(e));
}

/** Reads an element below a cell's top into the cell; its text goes on `cell.raw`, the buffer being read. */
function walk(cell: Cell, e: PageElement, depth: number): void {
  if (isHidden(e)) return;
  inspect(cell, e);
  const tag = e.localName;
  if (SKIP.has(tag) || depth > 24) return;
  // A badge ("<span class=chip>This device</span>") is an element of its own whose whole text is the marker;
  // the same words inside a device name or a user agent are part of that text and mark nothing.
  if (e.childElementCount <= 2) {
    const own = e.textContent ?? '';
    if (own.length <= 60 && currentMarkerStrength(own) === 2 && !stripCurrentMarker(own)) {
      cell.badge = true;
      return;
    }
  }
  if (isButton(e)) {
    // Buttons are controls, not data: their words never become a device name.
    if (isRevokeControl(e)) cell.rev = true;
    return;
  }
  if (tag === 'a' && isRevokeControl(e)) {
    cell.rev = true;
    return;
  }
  // Element edges separate words: UIs set "<span>Chrome</span><span>Windows</span>" apart with CSS, not spaces.
  cell.raw += ' ';
  for (let c = e.firstChild; c && cell.raw.length < 2000; c = c.nextSibling) {
    if (c.nodeType === 3) cell.raw += c.nodeValue;
    else if (c.nodeType === 1) walk(cell, c as PageElement, depth + 1);
  }
  cell.raw += ' ';
}

function top(cell: Cell, n: PageNode): void {
  cell.cuts.push(cell.raw.length);
  if (n.nodeType === 3) cell.raw += n.nodeValue;
  else if (n.nodeType === 1) walk(cell, n as PageElement, 0);
}

/**
 * Reads text (block boundaries become spaces), machine times, user agents, dots and buttons under nodes. Plain
 * functions over the cell (its `raw` is the text buffer while it is read): nothing is allocated but the cell.
 */
export function readNodes(nodes: PageNode[] | undefined, root?: PageElement): Cell {
  const cell = newCell();
  if (root) {
    inspect(cell, root);
    for (let c = root.firstChild; c && cell.raw.length < 2000; c = c.nextSibling) top(cell, c);
  }
  if (nodes) for (const n of nodes) if (cell.raw.length < 2000) top(cell, n);
  cell.text = cleanText(cell.raw);
  return cell;
}

function newCell(): Cell {
  // Every field from the start, so every cell has one shape.
  return {
    text: '',
    tag: undefined,
    raw: '',
    cuts: [],
    attr: undefined,
    ua: undefined,
    dot: undefined,
    icon: undefined,
    mark: undefined,
    rev: false,
    cur: false,
    badge: false,
    puts: undefined,
    api: undefined,
  };
}

/** Texts of a cell's top-level nodes, computed only for the few lines that need them. */
export function partsOf(c: Cell): string[] {
  const parts: string[] = [];
  for (let i = 0; i < c.cuts.length; i++) {
    const part = cleanText(c.raw.slice(c.cuts[i], c.cuts[i + 1]));
    if (part) parts.push(part);
  }
  return parts;
}

export function readCell(e: PageElement): Cell {
  const cell = isButton(e) || (e.localName === 'a' && isRevokeControl(e)) ? readNodes([e]) : readNodes(undefined, e);
  cell.tag = e.localName;
  return cell;
}

/**
 * The text `readCell` reads from an element without attributes that holds one text node or nothing (most cells of
 * a list), whose cell says nothing else: undefined for any other element, to be read by `readCell`.
 */
export function plainText(e: PageElement): string | undefined {
  if (e.hasAttributes()) return undefined;
  const only = e.firstChild;
  if (!only) return isButton(e) || e.localName === 'a' ? undefined : '';
  if (only.nodeType !== 3 || only.nextSibling || isButton(e) || e.localName === 'a') return undefined;
  return cleanText(only.nodeValue ?? '');
}

/**
 * A table cell of the page copy that `readCopyCell` and `plainCopyText` read exactly as `readCell` and `plainText`
 * read its element: a `td` or `th` without attributes holding only texts and bare buttons (no attributes but a
 * short `type`, at most one text). Anything else (an attribute that may hide or mark it, a link, a badge, any other
 * markup) is not: such a cell is read from its nodes.
 */
export function isPlainCopyCell(td: SnapElement): boolean {
  if ((td[0] !== 'td' && td[0] !== 'th') || td[1] !== 0) return false;
  for (let i = 2; i < td.length; i++) {
    const c = td[i] as SnapNode;
    if (typeof c !== 'string' && !isBareButton(c)) return false;
  }
  return true;
}

/** `<button>Remove</button>`, `<button type="button">…</button>`: a button whose markup says nothing else. */
function isBareButton(b: SnapElement): boolean {
  if (b[0] !== 'button' || b.length > 3 || (b.length === 3 && typeof b[2] !== 'string')) return false;
  const a = b[1];
  // Only a short `type`: inspect reads nothing from it, and isHidden finds nothing in it.
  return a === 0 || (a.length === 2 && a[0] === 'type' && a[1]!.length <= 9);
}

/** `plainText` of a plain copy cell (isPlainCopyCell): its cleaned text when it holds one text or none. */
export function plainCopyText(td: SnapElement): string | undefined {
  if (td.length === 2) return '';
  const only = td[2];
  return td.length === 3 && typeof only === 'string' ? cleanText(only) : undefined;
}

/** The cell `readCopyCell` answers when asked for one to read at once. */
const onceCell = newCell();

/**
 * `readCell` of a plain copy cell (isPlainCopyCell), step by step as readNodes and walk take it: no attributes to
 * inspect, each text joins the raw text, and a bare button is a badge or a revoke control by its text alone. With
 * `once`, the answer is one cell written over by the next such call, without the cuts between its texts: for a
 * caller that reads it at once and keeps nothing of it (no line is read from it: only readLine reads the cuts, and it
 * keeps its reading on the cell).
 */
export function readCopyCell(td: SnapElement, once = false): Cell {
  const cell = once ? onceCell : newCell();
  if (once) {
    cell.raw = '';
    cell.rev = false;
    cell.badge = false;
  }
  for (let i = 2; i < td.length && cell.raw.length < 2000; i++) {
    const c = td[i] as SnapNode;
    if (!once) cell.cuts.push(cell.raw.length);
    if (typeof c === 'string') {
      cell.raw += c;
      continue;
    }
    const own = c.length === 3 ? (c[2] as string) : '';
    if (own.length <= 60 && currentMarkerStrength(own) === 2 && !stripCurrentMarker(own)) cell.badge = true;
    else if (isRevokeControlText(own)) cell.rev = true;
  }
  cell.text = cleanText(cell.raw);
  cell.tag = td[0];
  return cell;
}

/** A header row's cells, read once for every kind of list they may head: each cell's text and the columns it spans. */
export interface HeaderCells {
  texts: string[];
  spans: number[];
}

/** The texts of a row that may be a header row, or undefined when it cannot be one. */
export function headerCells(cells: ArrayLike<PageElement>, minCells = 2): HeaderCells | undefined {
  if (cells.length < minCells || cells.length > 24) return undefined;
  const h: HeaderCells = { texts: [], spans: [] };
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    // A heading or a toolbar of buttons next to it is a section title, not a column header.
    if (hasTag(cell, /^(?:h[1-6]|button)$/)) return undefined;
    const raw = isSmall(cell, 12) ? (cell.textContent ?? '') : '';
    const t = raw.length > 200 ? '' : cleanText(raw);
    // "IP: 1.2.3.4" is a labelled value of a card, never a column header.
    if (/[:：]\s*\S/.test(t) || parseIp(t)) return undefined;
    // Nor is a cell that shows a time ("Last accessed on Apr 11, 2026"): a header names its column and holds no
    // value, so a row of values is never taken for a header whatever label-like words a value beside holds (a device
    // named "Firefox Price:" made a session's row a header of prices, and the session vanished).
    if (/\d/.test(t) && parseTime(t, { now: 0 }) !== undefined) return undefined;
    h.texts.push(t);
    h.spans.push(Math.min(Number(attr(cell, 'colspan')) || 1, 24));
  }
  return h;
}
