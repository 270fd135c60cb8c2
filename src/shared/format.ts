/** Formatting shared by popup and options. Output is plain text, rendered as text nodes. */
export function formatTime(t: number | undefined, now = Date.now(), locale?: string): string {
  if (t === undefined) return '—';
  const diff = now - t;
  const minutes = Math.round(diff / 60_000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(-hours, 'hour');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(t);
}

/** Absolute time in the user's zone, with the zone named: evidence must be unambiguous. */
export function formatAbsolute(t: number | undefined, locale?: string, timeZone?: string): string {
  if (t === undefined) return '—';
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(t);
}
