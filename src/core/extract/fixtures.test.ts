// @vitest-environment jsdom
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import type { ExtractedScan } from '../types';
import { extractScan } from './extract-scan';
import { fromSnapshot, snapshotDom } from './snapshot';

/** `<page>.expected.json` beside every `<page>.html`: the clock and zone the page is read with, and the exact scan. */
interface Expectation {
  now: string;
  timeZone?: string;
  url: string;
  expected: ExtractedScan;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../e2e/fixtures');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .sort();

test('the fixture set covers the pages the extractor must read', () => {
  expect(pages.length).toBeGreaterThanOrEqual(15);
});

test.each(pages)('%s', (page) => {
  const expectedFile = join(dir, page.replace(/\.html$/, '.expected.json'));
  expect(existsSync(expectedFile), `${page} needs ${expectedFile}`).toBe(true);
  const { now, timeZone, url, expected } = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expectation;
  const doc = new DOMParser().parseFromString(readFileSync(join(dir, page), 'utf8'), 'text/html');
  // As the worker reads it: the page copy, taken where the page's style sheets apply, so what they hide (a
  // responsive page's second copy of its list) is marked hidden as a browser's checkVisibility would.
  document.documentElement.innerHTML = doc.documentElement.innerHTML;
  for (const a of [...document.documentElement.attributes]) document.documentElement.removeAttribute(a.name);
  for (const a of [...doc.documentElement.attributes]) document.documentElement.setAttribute(a.name, a.value);
  const isShown = (e: unknown) => {
    const style = getComputedStyle(e as Element);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  const copy = fromSnapshot(snapshotDom(document, { isShown }));
  expect(extractScan(copy, { url, now: Date.parse(now), timeZone })).toStrictEqual(expected);
});
