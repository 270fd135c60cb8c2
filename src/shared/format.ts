/** Formatting shared by popup and options. Output is plain text, rendered as text nodes. */

// Building an Intl formatter costs about as much as a hundred format() calls (locale data is resolved each
// time); the popup formats hundreds of times per render, so each formatter is built once per locale and zone.
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function formatTime(t: number | undefined, now = Date.now(), locale?: string): string {
  if (t === undefined) return '—';
  const diff = now - t;
  const minutes = Math.round(diff / 60_000);
  const rtf = cached(`rel|${locale ?? ''}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return rtf.format(-hours, 'hour');
  return cached(
    `date|${locale ?? ''}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
  ).format(t);
}

/** Absolute time in the user's zone, with the zone named: evidence must be unambiguous. */
export function formatAbsolute(t: number | undefined, locale?: string, timeZone?: string): string {
  if (t === undefined) return '—';
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return cached(
    `abs|${locale ?? ''}|${timeZone ?? ''}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZoneName: 'short',
        timeZone,
      }),
  ).format(t);
}
