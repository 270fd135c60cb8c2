import { expect, test } from 'vitest';
import { backdoorsOf, isOnlyBackdoors } from './backdoors';

const reason = (evidence: Record<string, string | number>) => ({
  rule: 'r',
  severity: 'high' as const,
  reason: '',
  evidence,
});

test('an incident names its key and address records; a call whose key was not listed names none', () => {
  const key = reason({ apiKeyId: 'binance:1|abc', apiKey: 'sync' });
  const call = reason({ apiKeyId: 'f00d', callerIp: '102.89.0.1' });
  const address = reason({ addressId: 'binance:1|def' });
  expect(backdoorsOf({ reasons: [call, key, address] })).toEqual({
    apiKeyId: 'binance:1|abc',
    addressId: 'binance:1|def',
  });
  expect(backdoorsOf({ reasons: [call] })).toEqual({});
});

test('"I added it" only on an incident of keys and addresses alone', () => {
  const key = reason({ apiKeyId: 'binance:1|abc' });
  expect(isOnlyBackdoors({ reasons: [key], sessionKeys: [] })).toBe(true);
  // Joined to an intruder's sign-in: the answer is about that sign-in too.
  expect(
    isOnlyBackdoors({ reasons: [reason({ apiKeyId: 'binance:1|abc', device: 'Firefox' })], sessionKeys: [] }),
  ).toBe(false);
  expect(isOnlyBackdoors({ reasons: [key, reason({ device: 'Firefox', ip: '1.2.3.4' })], sessionKeys: [] })).toBe(
    false,
  );
  expect(isOnlyBackdoors({ reasons: [key], sessionKeys: ['s1'] })).toBe(false);
});
