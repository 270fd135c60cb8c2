/**
 * CSV that is safe to open in a spreadsheet. Page text is hostile: a cell such as `=HYPERLINK(...)` or
 * `=cmd|' /C calc'!A0` would run as a formula (OWASP "CSV Injection"), and bidi or zero-width controls would make a
 * cell read differently from what it holds.
 */

// Bidi embeddings/overrides/isolates, zero-width characters, the BOM and other C0/C1 controls except tab, CR and
// LF (those are handled by quoting and the formula check).
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\u3164\ufeff\uffa0]/gu;

/** Characters that make a spreadsheet read a cell as a formula (or split it) when they come first. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  let text = value.replace(INVISIBLE, '');
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || text !== text.trim()) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** RFC 4180 lines ending in CRLF. */
export function toCsv(header: string[], rows: (string | number | boolean | undefined | null)[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
