import { signal } from '@preact/signals';

/**
 * Cards the first render draws in full. A popup is 600 px tall and one card with its session table fills it, so
 * the cards below the fold first show their heading and warnings, and their session tables follow right after
 * the first paint: the first paint with many accounts costs a fraction of the whole list.
 */
export const EAGER_CARDS = 2;

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
