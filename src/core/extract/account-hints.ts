/** Account hints: the identifier a page shows for its account, read outside every session and sign-in row. */

import { cleanText } from './fields';
import { MAX_DEPTH, type PageElement, type PageNode } from './page-node';
import type { Ctx, Hint } from './reading';

// CJK labels need no word edge: page text often glues them to the word before.
export const UID =
  /(?:(?<![a-z])(?:uid|user ?id|account ?id|member ?id)|用户\s?id|用戶\s?id|账户\s?id|帳戶\s?id|ユーザー\s?id|会員\s?id|사용자\s?id|회원\s?id)\s{0,3}[:：#]?\s{0,3}(\d{4,20})(?!\d)/iu;
export const MASKED_EMAIL = /[\w.+-]{0,30}\*{2,12}[\w.+-]{0,30}@[\w*-]{1,60}(?:\.[\w*-]{1,30}){1,4}/;
export const MASKED_PHONE = /\+?\d{1,4}[\s-]?\d{0,4}\*{3,12}\d{2,4}(?!\d)/;

export const HINT_ATTRS = ['data-uid', 'data-user-id', 'data-userid', 'data-account-id'];

export const MAX_HINTS = 64;

/** UID in a data attribute: the most reliable account identifier a page carries. */
export function hintFromAttrs(ctx: Ctx, el: PageElement, at: number): void {
  if (ctx.hints.length >= MAX_HINTS) return;
  for (const name of HINT_ATTRS) {
    const v = cleanText(el.getAttribute(name) ?? '');
    if (/^[\w@.*+-]{3,64}$/.test(v)) {
      ctx.hints.push({ node: el, kind: 'attr', value: v, at });
      return;
    }
  }
}

/** A UID and a masked e-mail or phone in a text. Every repeat is bounded: a line of stars costs no backtracking. */
export function textHints(full: string): { uid?: string; masked?: string } {
  // A line is read to 500 characters (cleanText); an identifier sits near its start.
  const text = full.length > 1000 ? full.slice(0, 1000) : full;
  // A UID is four digits in a row at least, a masked phone a digit and three stars in a row: a line without them
  // (most lines) is not searched for either.
  const { digits, stars } = runsIn(text);
  const uid = digits >= 4 ? UID.exec(text)?.[1] : undefined;
  const masked =
    (text.includes('@') ? MASKED_EMAIL.exec(text)?.[0] : undefined) ??
    (digits && stars >= 3 ? MASKED_PHONE.exec(text)?.[0]?.trim() : undefined);
  return { ...(uid ? { uid } : {}), ...(masked ? { masked } : {}) };
}

/** `textHints` with every pattern searched for on every line: what it answers for every text. */
export function textHintsSlow(full: string): { uid?: string; masked?: string } {
  const text = full.length > 1000 ? full.slice(0, 1000) : full;
  const uid = UID.exec(text)?.[1];
  const masked =
    (text.includes('@') ? MASKED_EMAIL.exec(text)?.[0] : undefined) ?? MASKED_PHONE.exec(text)?.[0]?.trim();
  return { ...(uid ? { uid } : {}), ...(masked ? { masked } : {}) };
}

/** The longest run of ASCII digits (what `\d` matches, whatever the flags) and of stars in a text. */
function runsIn(text: string): { digits: number; stars: number } {
  let digits = 0;
  let stars = 0;
  let d = 0;
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    d = c >= 0x30 && c <= 0x39 ? d + 1 : 0;
    s = c === 0x2a ? s + 1 : 0;
    if (d > digits) digits = d;
    if (s > stars) stars = s;
  }
  return { digits, stars };
}

/** UID, masked e-mail or masked phone in a line of page text; `at` is where the line's first node stands. */
export function hintFromText(ctx: Ctx, text: string, node: PageNode, at: number): void {
  if (!text || ctx.hints.length >= MAX_HINTS) return;
  const { uid, masked } = textHints(text);
  if (uid) ctx.hints.push({ node, kind: 'uid', value: uid, at });
  if (masked) ctx.hints.push({ node, kind: 'masked', value: masked, at });
}

export function isInRecord(ctx: Ctx, node: PageNode, root: PageNode): boolean {
  for (let n: PageNode | null = node, i = 0; n && i <= MAX_DEPTH + 8; n = n.parentNode, i++) {
    if (ctx.recordRows.length) listRowsBeside(ctx, n.parentNode);
    if (ctx.records.has(n)) return true;
    if (n === root) break;
  }
  return false;
}

/**
 * More distinct nodes than this holding one list's rows, or more lists than this, and they are put in `records` at
 * once: asking each list stays cheap.
 */
const MAX_ROW_PARENTS = 16;
const MAX_LISTS = 32;

/**
 * Puts in `records` every list read as records whose rows stand in `parent` (a node standing in it may be one of
 * them), each list once: `records.has(n)` then answers for a child of `parent` as if every row had been put there as
 * it was read.
 */
function listRowsBeside(ctx: Ctx, parent: PageNode | null): void {
  const all = ctx.recordRows.length > MAX_LISTS;
  let kept = 0;
  for (const list of ctx.recordRows) {
    list.parents ??= parentsOf(list.rows);
    if (!all && list.parents.length <= MAX_ROW_PARENTS && !list.parents.includes(parent)) ctx.recordRows[kept++] = list;
    else for (const r of list.rows) ctx.records.add(r);
  }
  ctx.recordRows.length = kept;
}

/** The distinct nodes rows stand in (rows of a list mostly share one), up to one past MAX_ROW_PARENTS. */
function parentsOf(rows: readonly PageNode[]): (PageNode | null)[] {
  const parents: (PageNode | null)[] = [];
  for (const r of rows) {
    const p = r.parentNode;
    if (parents[parents.length - 1] === p) continue;
    if (!parents.includes(p)) parents.push(p);
    if (parents.length > MAX_ROW_PARENTS) break;
  }
  return parents;
}

/**
 * The account the page is about: an identifier outside every session and sign-in row (an intruder names their
 * device "UID 11112222"), of the most reliable kind (a data attribute, then a UID, then a masked e-mail or phone),
 * and of that kind the one nearest the top of the page.
 */
export function accountHint(ctx: Ctx, root: PageNode): string | undefined {
  for (const kind of ['attr', 'uid', 'masked'] as const) {
    let best: Hint | undefined;
    for (const h of ctx.hints) {
      if (h.kind !== kind || isInRecord(ctx, h.node, root)) continue;
      if (!best || h.at < best.at) best = h;
    }
    if (best) return best.value;
  }
  return undefined;
}
