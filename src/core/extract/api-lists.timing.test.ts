// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { extractScan } from './extract-scan';
import { fromSnapshot, snapshotDom } from './snapshot';

// Reading 1,000 API keys costs about what reading 1,000 sessions does (1.3–1.8× here: a key row has more to parse),
// in a table and in cards: a ratio against the session page of the same size and layout, timed in turns so a busy
// machine slows both alike. The budget of 3× leaves room for that noise; a cost that grew with the square of the rows
// would be hundreds.

const N = 1000;
const NOW = Date.parse('2026-04-14T15:00:00Z');
const ip = (i: number) => `198.51.${(i >> 8) & 255}.${i & 255}`;
const day = (i: number) =>
  `2026-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}`;

const pages = {
  sessionTable: `<table><tr><th>Device</th><th>IP Address</th><th>Location</th><th>Last Active</th><th>Status</th><th>Action</th></tr>${Array.from(
    { length: N },
    (_, i) =>
      `<tr><td>Chrome ${100 + (i % 30)} on Windows 11</td><td>${ip(i)}</td><td>Paris, FR</td><td>${day(i)}</td><td>Online</td><td><button>Remove</button></td></tr>`,
  ).join('')}</table>`,
  keyTable: `<table><tr><th>Label</th><th>API Key</th><th>Permissions</th><th>IP restriction</th><th>Created</th><th>Action</th></tr>${Array.from(
    { length: N },
    (_, i) =>
      `<tr><td>bot ${i}</td><td>k${i}…aQ2z</td><td><span>Read</span><span>Spot &amp; Margin Trading</span></td><td>${ip(i)}</td><td>${day(i)}</td><td><button>Delete</button></td></tr>`,
  ).join('')}</table>`,
  sessionCards: `<ul>${Array.from(
    { length: N },
    (_, i) =>
      `<li class="device"><h3>Chrome ${100 + (i % 30)} on Windows 11</h3><dl><dt>IP address</dt><dd>${ip(i)}</dd><dt>Location</dt><dd>Paris, FR</dd><dt>Last active</dt><dd>${day(i)}</dd><dt>Status</dt><dd>Online</dd></dl><button>Sign out</button></li>`,
  ).join('')}</ul>`,
  keyCards: `<div class="keys">${Array.from(
    { length: N },
    (_, i) =>
      `<article><h3>bot ${i}</h3><dl><dt>API Key</dt><dd>k${i}…aQ2z</dd><dt>Permissions</dt><dd><span>Read</span><span>Spot trading</span></dd><dt>IP restriction</dt><dd>${ip(i)}</dd><dt>Created</dt><dd>${day(i)}</dd></dl><button>Delete</button></article>`,
  ).join('')}</div>`,
};

function copyOf(body: string) {
  const doc = new DOMParser().parseFromString(
    `<!doctype html><html lang="en"><body>${body}</body></html>`,
    'text/html',
  );
  return fromSnapshot(snapshotDom(doc));
}

const read = (copy: ReturnType<typeof copyOf>) =>
  extractScan(copy, { url: 'https://x.example/', now: NOW, timeZone: 'UTC' });

/** Median of per-pair ratios, each pair timed in turns (who goes first alternates). */
function ratio(a: () => unknown, b: () => unknown, runs = 7): { ratio: number; a: number; b: number } {
  const ratios: number[] = [];
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const time = (f: () => unknown) => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    const [ta, tb] = i % 2 ? [time(a), time(b)] : (([y, x]) => [x, y])([time(b), time(a)]);
    as.push(ta!);
    bs.push(tb!);
    ratios.push(ta! / tb!);
  }
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[xs.length >> 1]!;
  return { ratio: med(ratios), a: med(as), b: med(bs) };
}

test.each([
  ['a table', 'keyTable', 'sessionTable'],
  ['cards', 'keyCards', 'sessionCards'],
] as const)(
  `${N} API keys in %s read within 3× the time of ${N} sessions in the same layout`,
  (layout, keys, sessions) => {
    const k = copyOf(pages[keys]);
    const s = copyOf(pages[sessions]);
    expect(read(k).apiKeys).toHaveLength(N);
    expect(read(s).sessions).toHaveLength(N);
    const r = ratio(
      () => read(k),
      () => read(s),
    );
    console.info(
      `${layout}: ${N} keys ${r.a.toFixed(1)} ms, ${N} sessions ${r.b.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`,
    );
    expect(r.ratio).toBeLessThan(3);
  },
  60_000,
);
