// Small helpers shared by the benchmark parts.
export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

/** A seeded PRNG (mulberry32): the same synthetic data on every run. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEVICES = [
  'Chrome 126 on macOS 14.5',
  'Firefox 115 on Windows 10',
  'Safari 17.4 on iPhone 15 Pro · iOS 17.4',
  'Binance APP 2.84.1',
  'Edge 125 on Windows 11',
  'Chrome 125 on Android 14',
  'Opera 110 on Linux',
  'iPad Air · iPadOS 17.3',
];
export const PLACES = [
  'Hong Kong, HK',
  'Kowloon, HK',
  'Frankfurt, DE',
  'London, GB',
  'Singapore, SG',
  'Tokyo, JP',
  'New York, US',
  'Paris, FR',
  'Sydney, AU',
  'São Paulo, BR',
];

/**
 * A figure measured in rounds: while a round's samples spread wider (max − min) than their median, it is measured
 * again, at most `maxRounds` times in all. Answers the round whose spread was narrowest for its median, with
 * `rounds` (how many were taken) and `spread` ((max − min) ÷ median of that round). `samplesOf` picks a round's
 * timed samples (the figure's own times, not its floor's).
 */
/**
 * For steadyRounds over a result holding several figures: the widest of their summaries (spread ÷ median) as three
 * samples with its min, median and max, so the round is steady only when every figure is.
 */
export function widestOf(...summaries) {
  const spread = (s) => (s.max - s.min) / s.median;
  const w = summaries.reduce((a, b) => (spread(b) > spread(a) ? b : a));
  return [w.min, w.median, w.max];
}

export async function steadyRounds(measure, samplesOf, maxRounds = 3) {
  let best;
  let rounds = 0;
  while (rounds < maxRounds) {
    const result = await measure();
    rounds++;
    const s = summarise(samplesOf(result));
    const spread = (s.max - s.min) / s.median;
    if (!best || spread < best.spread) best = { result, spread };
    if (s.max - s.min <= s.median) break;
  }
  return { ...best.result, rounds, spread: best.spread };
}
