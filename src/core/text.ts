/** Caps and cleans page text before it is read, stored, compared or shown. The one text cleaner of the project. */
export const MAX_TEXT = 500;

// Characters that show nothing: format characters (\p{Cf}: zero-width, bidi marks and overrides, soft hyphen, the
// Mongolian vowel separator, tag characters), default-ignorable code points (variation selectors, the combining
// grapheme joiner, Hangul fillers), controls other than the whitespace ones, and blanks that render as nothing
// (Braille pattern blank). A page can make "Chrome" look like something else, reorder text in our UI, pad a name to
// look empty, or sprinkle them inside values (RTL pages, obfuscated UIs).
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  /[\p{Cf}\p{Default_Ignorable_Code_Point}\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2800\u3164\u115f\u1160\uffa0]/gu;

/** Removes invisible characters only (no trimming, no length cap): for text shown or written as it is. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** The general cleaner, by regular expressions: what `cleanText` answers for every text. */
export function cleanTextSlow(text: string, max = MAX_TEXT): string {
  return stripInvisible(text.length > 4000 ? text.slice(0, 4000) : text)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

// What the cleaner does with a UTF-16 unit: 1 keeps it, 2 is whitespace (`\s`), 3 is invisible (INVISIBLE, which
// wins over whitespace as it runs first), 4 is half of a surrogate pair (left to the general cleaner). Filled from
// the same expressions, once per unit, as units are met: the fast cleaner cannot disagree with them.
const KEEP = 1;
const SPACE = 2;
const GONE = 3;
const PAIR = 4;
const unitKinds = new Uint8Array(0x10000);
const INVISIBLE_ONE = new RegExp(INVISIBLE.source, 'u');

function unitKind(c: number): number {
  let k = unitKinds[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = c >= 0xd800 && c <= 0xdfff ? PAIR : INVISIBLE_ONE.test(ch) ? GONE : /\s/.test(ch) ? SPACE : KEEP;
    unitKinds[c] = k;
  }
  return k;
}

/**
 * Collapse whitespace, drop invisible characters, cap the length. Never scans more than 4,000 characters.
 * One pass over the units: a text that is already clean is answered as it is, one that only needs spaces trimmed
 * or collapsed and invisible characters dropped is cut together from its clean pieces; a text with a character
 * outside the Basic Multilingual Plane goes to `cleanTextSlow`.
 */
export function cleanText(text: string, max = MAX_TEXT): string {
  const n = text.length > 4000 ? 4000 : text.length;
  let out = '';
  let start = -1;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x80 ? (c > 0x20 && c < 0x7f ? KEEP : unitKind(c)) : unitKind(c);
    if (k === KEEP) {
      if (start < 0) {
        if (space && out) out += ' ';
        space = false;
        start = i;
      }
      continue;
    }
    if (k === PAIR) return cleanTextSlow(text, max);
    if (start >= 0) {
      // A single plain space between two kept units stays inside the piece.
      if (c === 0x20 && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d > 0x20 && d < 0x7f) continue;
        if (d >= 0x80 && unitKind(d) === KEEP) continue;
      }
      out += text.slice(start, i);
      start = -1;
    }
    if (k === SPACE) space = true;
  }
  if (start >= 0) out += start === 0 ? (n === text.length ? text : text.slice(0, n)) : text.slice(start, n);
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * True when the first `upTo` units are ASCII (the first 4,000: all that `cleanText` reads). A clean ASCII text is
 * its own NFKC and NFKD form, and lower-cases unit for unit.
 */
export function isAscii(text: string, upTo = 4000): boolean {
  const n = text.length > upTo ? upTo : text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Case- and accent-insensitive form for comparisons. */
export function foldText(text: string): string {
  return cleanText(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
