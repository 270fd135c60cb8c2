import { expect, test } from 'vitest';
import { formatAbsolute, formatTime } from './format';

const NOW = Date.UTC(2026, 3, 14, 15, 0);

test.each([
  [NOW - 5 * 60_000, '5 minutes ago'],
  [NOW - 3 * 3_600_000, '3 hours ago'],
  [undefined, '—'],
])('formatTime(%s) = %s', (t, out) => {
  expect(formatTime(t, NOW, 'en')).toBe(out);
});

test('older times are absolute', () => {
  expect(formatTime(Date.UTC(2026, 0, 2, 10), NOW, 'en')).toMatch(/Jan 2, 2026/);
});

test('absolute evidence times name their zone', () => {
  expect(formatAbsolute(Date.UTC(2026, 3, 14, 3, 2), 'en-GB', 'Europe/London')).toBe('14 Apr 2026, 04:02 BST');
  expect(formatAbsolute(Date.UTC(2026, 3, 14, 3, 2), 'en-US', 'UTC')).toMatch(/Apr 14, 2026, 03:02 (AM )?UTC/);
});
