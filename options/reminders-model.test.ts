import { describe, expect, test } from 'vitest';
import { defaultSettings } from '../src/shared/settings';
import { changeReminders, setMuted } from './reminders-model';

describe('reminder settings', () => {
  test('defaults follow the weekly / monthly / quarterly cadence', () => {
    expect(defaultSettings().reminders).toMatchObject({
      enabled: true,
      deviceReviewDays: 7,
      staleCleanupDays: 30,
      credentialCheckDays: 90,
    });
  });

  test.each([
    [{ deviceReviewDays: 14 }, true],
    [{ staleCleanupDays: 0 }, true],
    [{ credentialCheckDays: 367 }, false],
    [{ deviceReviewDays: -1 }, false],
    [{ deviceReviewDays: 2.5 }, false],
    [{ deviceReviewDays: Number.NaN }, false],
  ])('%o accepted: %s', (change, ok) => {
    const result = changeReminders(defaultSettings(), change);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.settings.reminders).toMatchObject(change);
    else expect(result.error).toMatch(/whole number of days/);
  });

  test('muting is per account and idempotent', () => {
    let s = setMuted(defaultSettings(), 'binance:1', true);
    s = setMuted(s, 'binance:1', true);
    s = setMuted(s, 'kucoin:2', true);
    expect(s.reminders.mutedAccountIds).toEqual(['binance:1', 'kucoin:2']);
    expect(setMuted(s, 'binance:1', false).reminders.mutedAccountIds).toEqual(['kucoin:2']);
  });
});
