import { signal } from '@preact/signals';

/**
 * Cards the first render draws with their incidents. A popup is 600 px tall and one card's incidents fill most of
 * it, so the first paint draws the first card's heading and first incidents and every other card's name and count;
 * the rest (scan times, incidents below the fold, every session table, the buttons under them) follows right after
 * the first paint. The first paint with 20 accounts drew some 900 elements, now about 200.
 */
export const EAGER_CARDS = 1;

/** Incidents the first card draws before the first paint (two fill the popup's first screen under its heading). */
export const FIRST_PAINT_INCIDENTS = 2;

/** Whether the first render with data has been painted (then every card draws in full). */
export const isPastFirstPaint = signal(false);

/** Called once the data is in: flips `isPastFirstPaint` after the next frame (or soon, where frames are throttled). */
export function afterFirstPaint(): void {
  const done = () => {
    isPastFirstPaint.value = true;
  };
  requestAnimationFrame(() => setTimeout(done));
  setTimeout(done, 250);
}
