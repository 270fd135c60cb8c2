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

test('a formatter is built once per locale and zone, not once per call (the popup formats hundreds per render)', () => {
  const intl = Intl as unknown as Record<'DateTimeFormat' | 'RelativeTimeFormat', unknown>;
  const { DateTimeFormat, RelativeTimeFormat } = Intl;
  const built = { date: 0, relative: 0 };
  intl.DateTimeFormat = class extends DateTimeFormat {
    constructor(...args: ConstructorParameters<typeof DateTimeFormat>) {
      super(...args);
      built.date++;
    }
  };
  intl.RelativeTimeFormat = class extends RelativeTimeFormat {
    constructor(...args: ConstructorParameters<typeof RelativeTimeFormat>) {
      super(...args);
      built.relative++;
    }
  };
  try {
    for (let i = 0; i < 50; i++) {
      expect(formatTime(NOW - i * 60_000, NOW, 'fr')).toMatch(/minute|maintenant/);
      expect(formatTime(NOW - (i + 2) * 86_400_000, NOW, 'fr')).toMatch(/2026/);
      formatAbsolute(NOW - i * 60_000, 'fr', 'Asia/Tokyo');
    }
    expect(built).toEqual({ date: 2, relative: 1 });
    // Another zone is another formatter, and still right.
    expect(formatAbsolute(Date.UTC(2026, 3, 14, 3, 2), 'en-GB', 'Asia/Tokyo')).toBe('14 Apr 2026, 12:02 GMT+9');
    expect(built.date).toBe(3);
  } finally {
    intl.DateTimeFormat = DateTimeFormat;
    intl.RelativeTimeFormat = RelativeTimeFormat;
  }
});
