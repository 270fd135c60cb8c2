/**
 * How a reason's time part (`timePart` in enrich.ts) is shown: the rules word their English reasons with these
 * options in en-GB, the pages in the reader's language. Its own module: the pages need it without the rest of the
 * enrichment code.
 */
export const TIME_PART_FORMATS: Record<'date' | 'weekday', Intl.DateTimeFormatOptions> = {
  date: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  weekday: { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
};
