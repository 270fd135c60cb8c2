// @vitest-environment jsdom
import { render } from 'preact';
import { expect, test } from 'vitest';
import { Evidence } from './evidence';

type W = Parameters<typeof Evidence>[0]['w'];
const base = {
  device: 'Chrome on Linux',
  ip: '198.51.100.7',
  location: 'Amsterdam, NL',
  time: Date.UTC(2026, 3, 14, 3, 2),
};

function shown(evidence: Record<string, unknown>): string[] {
  const host = document.createElement('div');
  render(<Evidence w={{ evidence } as unknown as W} />, host);
  return [...host.querySelectorAll('dl.evidence > div')].map((d) => d.textContent ?? '');
}

test('a finding that folds repeats says how many and when the latest was', () => {
  const rows = shown({ ...base, count: 12, lastTime: Date.UTC(2026, 3, 20, 9, 30) });
  const repeats = rows.find((r) => r.startsWith('Repeats'));
  expect(repeats).toMatch(/^Repeats12 times, latest /);
  expect(repeats).toMatch(/2026/);
});

test('a single finding shows no repeats row', () => {
  expect(shown(base).some((r) => r.startsWith('Repeats'))).toBe(false);
  expect(shown({ ...base, count: 1 }).some((r) => r.startsWith('Repeats'))).toBe(false);
});

test('a folded flood of strangers names a few of the others by address and place', () => {
  const others = '198.51.100.8 · Lagos, NG; 198.51.100.9 · Lagos, NG';
  const rows = shown({ ...base, count: 300, others });
  expect(rows).toContain(`Others like it${others}`);
  expect(shown(base).some((r) => r.startsWith('Others'))).toBe(false);
});
