import { expect, test } from 'vitest';
import { defaultThresholds, THRESHOLD_NAMES, THRESHOLDS } from '../core/rules/thresholds';
import { ThresholdsSchema } from './schemas';

test.each(THRESHOLD_NAMES)('%s: its default lies in its range, and is whole where the threshold is', (name) => {
  const { defaultValue, min, max, isInteger } = THRESHOLDS[name];
  expect(min).toBeLessThanOrEqual(defaultValue);
  expect(defaultValue).toBeLessThanOrEqual(max);
  if (isInteger) expect(Number.isInteger(defaultValue)).toBe(true);
});

test('the schema accepts the defaults and enforces each range and wholeness from the one table', () => {
  expect(ThresholdsSchema.parse(defaultThresholds)).toEqual(defaultThresholds);
  for (const name of THRESHOLD_NAMES) {
    const { min, max, isInteger } = THRESHOLDS[name];
    const with_ = (v: number) => ThresholdsSchema.safeParse({ ...defaultThresholds, [name]: v }).success;
    expect([with_(min), with_(max), with_(min - 1), with_(max + 1)], name).toEqual([true, true, false, false]);
    if (isInteger) expect(with_(min + 0.5), name).toBe(false);
  }
  const { historyLookbackDays: _, ...older } = defaultThresholds;
  expect(ThresholdsSchema.safeParse(older).success).toBe(true);
  const { maxActiveSessions: __, ...missing } = defaultThresholds;
  expect(ThresholdsSchema.safeParse(missing).success).toBe(false);
});
