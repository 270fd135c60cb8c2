/**
 * CSV that is safe to open in a spreadsheet. Page text is hostile: a cell such as `=HYPERLINK(...)` or
 * `=cmd|' /C calc'!A0` would run as a formula (OWASP "CSV Injection"), and bidi or zero-width controls would make a
 * cell read differently from what it holds.
 */
import { stripInvisible } from './text';

/** Characters that make a spreadsheet read a cell as a formula (or split it) when they come first. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function csvCell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  // Bidi, zero-width and other invisible characters go (core/text.ts, the project's one cleaner); tab, CR and LF
  // stay for the quoting and the formula guard below.
  let text = stripInvisible(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text) || text !== text.trim()) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** RFC 4180 lines ending in CRLF. */
export function toCsv(header: string[], rows: (string | number | boolean | undefined | null)[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
