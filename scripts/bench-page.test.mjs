// The benchmark's extraction page reads as it did before the extractor was made faster: every session of the
// 100-, 1,000- and 10,000-row lists, through the page copy as the worker receives it (a digest of the whole scan,
// recorded from the extractor before the fast paths; its first rows written out to read a failure by).
import { createHash } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { expect, test } from 'vitest';
import { pageHtml, tableHtml } from '../bench/pages.mjs';
import { extractScan } from '../src/core/extract/extract-scan';
import { fromSnapshot, parseSnapshot, SnapDoc, snapshotDom } from '../src/core/extract/snapshot';

const OPTS = { url: 'https://extract-bench.test/en/my/security/device-management', now: Date.UTC(2026, 3, 15, 12) };
const DIGESTS = {
  100: '4bd812c96edb4412f2165e3be3cc5d94d8baf2cb1a66de1b55fff36994902734',
  1000: 'c77f0809c589de55ded1f274240915e8380eb320ae2288f83aa4777407ef10e7',
  10000: '0a98ccaab0b555bfa160074855a30a54bac85e4d462506e826a468d054d79d00',
};

test.each([100, 1000, 10000])('the %i-row bench page', (rows) => {
  const { document } = new JSDOM(pageHtml(tableHtml(rows))).window;
  const copy = JSON.parse(JSON.stringify(snapshotDom(document)));
  expect(parseSnapshot(copy).ok).toBe(true);
  const doc = fromSnapshot(copy);
  const scan = extractScan(doc instanceof SnapDoc ? (doc.body ?? doc) : doc, OPTS);
  expect(scan.sessions.length).toBe(Math.min(rows, 2000));
  expect(scan.accountHint).toBe('38451092');
  expect(scan.sessions.slice(0, 2)).toStrictEqual([
    {
      device: 'Chrome 126 on macOS 14.5',
      isCurrent: true,
      ip: '198.0.0.0',
      location: 'Hong Kong, HK',
      lastActive: 1772323200000,
      status: 'online',
      kind: 'web',
    },
    {
      device: 'Firefox 115 on Windows 10',
      isCurrent: false,
      ip: '198.0.0.1',
      location: 'Kowloon, HK',
      lastActive: 1772413260000,
      status: 'offline',
      kind: 'web',
    },
  ]);
  expect(createHash('sha256').update(JSON.stringify(scan)).digest('hex')).toBe(DIGESTS[rows]);
});
