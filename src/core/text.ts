/** Caps and cleans page text before it is stored or compared. */
export const MAX_TEXT = 500;

// Zero-width and bidi controls let a page make "Chrome" look like something else or reorder text in our UI.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function cleanText(text: string, max = MAX_TEXT): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Case- and accent-insensitive form for comparisons. */
export function foldText(text: string): string {
  return cleanText(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
