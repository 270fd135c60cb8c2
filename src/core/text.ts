/** Caps and cleans page text before it is read, stored or compared. The one text cleaner of the project. */
export const MAX_TEXT = 500;

// Controls, zero-width, soft hyphen and bidi marks: a page can make "Chrome" look like something else, reorder
// text in our UI, or sprinkle them inside values (RTL pages, obfuscated UIs).
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const INVISIBLE = /[\0-\b\v\f\x0e-\x1f\x7f\xad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** Collapse whitespace, drop invisible characters, cap the length. Never scans more than 4,000 characters. */
export function cleanText(text: string, max = MAX_TEXT): string {
  return (text.length > 4000 ? text.slice(0, 4000) : text)
    .replace(INVISIBLE, '')
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
