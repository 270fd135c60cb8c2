// @vitest-environment jsdom
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ExtractedScanSchema } from '../../shared/schemas';
import { build, page } from './dom-test-helpers';
import { extractScan } from './extract-scan';

// `npm run fuzz` for a long run (random seed each time).
const RUNS = Number(process.env.FUZZ_RUNS) || 100;
const URL = 'https://www.binance.com/en/my/security/device-management';
const NOW = Date.UTC(2026, 3, 14, 15);
/** Per page; a random page is at most a few hundred nodes, so this is far above a healthy extraction. */
const MAX_MS = 2000;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

test('any DOM: extraction never throws, stays fast, and always yields a scan the worker accepts', () => {
  fc.assert(
    fc.property(page, ({ head, row, copies, tail }) => {
      // An inert document: random <script> elements must not run in the test's own window.
      const doc = document.implementation.createHTMLDocument('');
      const list = doc.createElement('div');
      for (let i = 0; i < copies; i++) list.append(build(doc, row));
      doc.body.append(build(doc, head), list, build(doc, tail));

      const t = performance.now();
      const scan = extractScan(doc.body, { url: URL, now: NOW });
      expect(performance.now() - t).toBeLessThan(MAX_MS);

      const parsed = ExtractedScanSchema.safeParse(scan);
      expect(parsed.error?.issues ?? []).toEqual([]);
      const strings = [
        scan.accountHint ?? '',
        ...scan.sessions.flatMap((s) => [s.device, s.ip ?? '', s.location ?? '']),
        ...scan.logins.flatMap((l) => [l.device, l.ip ?? '', l.location ?? '']),
        ...(scan.apiKeys ?? []).flatMap((k) => [k.label, k.keyText ?? '', ...(k.ipRestriction ?? [])]),
        ...(scan.apiCalls ?? []).flatMap((c) => [c.keyText ?? '', c.ip ?? '', c.action ?? '']),
        ...(scan.whitelist ?? []).flatMap((w) => [w.label ?? '', w.coin ?? '', w.network ?? '', w.addressText ?? '']),
      ];
      expect(strings.join('\n')).not.toMatch(INVISIBLE);
    }),
    { numRuns: RUNS },
  );
});

test('deep and wide pages stay bounded: depth 10,000 plus 2,000 card rows', () => {
  const doc = document.implementation.createHTMLDocument('');
  // Built inside out and never connected: jsdom's own attach steps are quadratic, then recurse past the stack.
  const root = doc.createElement('main');
  let chain = doc.createElement('div');
  for (let i = 1; i < 10_000; i++) {
    const d = doc.createElement('div');
    if (i % 50 === 0) d.textContent = `Chrome ${i} on Windows 10 203.0.113.${i % 250}`;
    d.append(chain);
    chain = d;
  }
  root.append(chain);
  const wide = doc.createElement('div');
  for (let i = 0; i < 2_000; i++) {
    const row = doc.createElement('div');
    for (const t of ['Firefox 115 on Linux', `198.51.100.${i % 250}`, 'Online']) {
      const span = doc.createElement('span');
      span.textContent = t;
      row.append(span);
    }
    wide.append(row);
  }
  root.append(wide);
  const t = performance.now();
  const scan = extractScan(root, { url: URL, now: NOW });
  const ms = performance.now() - t;
  console.log(`deep+wide extraction: ${Math.round(ms)} ms`);
  // Linear in the rows (jsdom, one machine: 5,000 rows ~2.2 s), so a quadratic regression fails here.
  expect(ms).toBeLessThan(8_000);
  expect(scan.sessions.length + scan.logins.length).toBeLessThanOrEqual(4000);
  expect(ExtractedScanSchema.safeParse(scan).success).toBe(true);
}, 60_000);
