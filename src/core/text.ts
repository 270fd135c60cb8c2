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

/** Collapse whitespace, drop invisible characters, cap the length. Never scans more than 4,000 characters. */
export function cleanText(text: string, max = MAX_TEXT): string {
  return stripInvisible(text.length > 4000 ? text.slice(0, 4000) : text)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** Case- and accent-insensitive form for comparisons. */
export function foldText(text: string): string {
  return cleanText(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
