import { expect, test } from 'vitest';
import { parseCheckLog } from './check-log';

const good = { lastAttemptAt: 5, lastResult: 'read', lastReadAt: 5, signedOutStreak: 0, isPaused: false, jitterMs: 10 };

test('a bad entry sets aside that account only; the others are kept as stored', () => {
  const log = parseCheckLog({
    'binance:1': good,
    'kucoin:2': { ...good, lastResult: 'hacked' },
    'kraken:3': { ...good, signedOutStreak: -1 },
    'github:4': { ...good, extra: true },
    'gitlab:5': { signedOutStreak: 3, isPaused: true, jitterMs: 0 },
  });
  expect(log).toEqual({ 'binance:1': good, 'gitlab:5': { signedOutStreak: 3, isPaused: true, jitterMs: 0 } });
});

test.each([undefined, null, 'x', 3, [good]])('%j is an empty log', (raw) => {
  expect(parseCheckLog(raw)).toEqual({});
});
