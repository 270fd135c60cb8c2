import { describe, expect, test } from 'vitest';
import { foldPages, type VisitPages } from './pages';
import type { ExtractedSession } from './types';

const row = (device: string, ip: string): ExtractedSession => ({ device, ip, isCurrent: false });
const page1 = [row('Chrome 126 on macOS', '192.0.2.1'), row('Safari on iOS', '192.0.2.2')];
const page2 = [row('Firefox on Linux', '198.51.100.9'), row('Edge on Windows', '198.51.100.10')];
const devices = (p: VisitPages) => p.all.map((s) => s.device).sort();

describe('foldPages', () => {
  test('the first reading is the list', () => {
    expect(foldPages(undefined, page1)).toEqual({ last: page1, all: page1 });
  });

  test('page 2 adds its rows; page 1 again changes nothing', () => {
    const p = foldPages(foldPages(undefined, page1), page2);
    expect(devices(p)).toEqual(['Chrome 126 on macOS', 'Edge on Windows', 'Firefox on Linux', 'Safari on iOS']);
    expect(devices(foldPages(p, page1))).toEqual(devices(p));
  });

  test('a row removed with the page’s own button is gone from the fold; other pages’ rows stay', () => {
    const p = foldPages(foldPages(undefined, page1), page2);
    const removed = foldPages(p, [page2[0]!]);
    expect(devices(removed)).toEqual(['Chrome 126 on macOS', 'Firefox on Linux', 'Safari on iOS']);
    expect(devices(foldPages(removed, []))).toEqual(['Chrome 126 on macOS', 'Safari on iOS']);
  });

  test('"show all" (a superset) replaces the page it expanded', () => {
    const all = [...page1, ...page2];
    expect(devices(foldPages(foldPages(undefined, page1), all))).toEqual(devices({ last: [], all }));
  });

  test('a browser update on the same row is the same row (version-free identity)', () => {
    const p = foldPages(foldPages(undefined, page1), [row('Chrome 127 on macOS', '192.0.2.1'), page1[1]!]);
    expect(devices(p)).toEqual(['Chrome 127 on macOS', 'Safari on iOS']);
  });

  test('the fold is capped', () => {
    let p: VisitPages | undefined;
    for (let i = 0; i < 30; i++)
      p = foldPages(
        p,
        Array.from({ length: 100 }, (_, j) => row(`Device ${i}-${j}`, `10.0.${i}.${j}`)),
      );
    expect(p?.all).toHaveLength(2000);
  });
});
