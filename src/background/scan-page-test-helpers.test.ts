import { expect, test } from 'vitest';
import { extractScan } from '../core/extract/extract-scan';
import { fromSnapshot, parseSnapshot, SnapDoc } from '../core/extract/snapshot';
import type { ExtractedScan } from '../core/types';
import { fixturePage, pageOfScan } from './scan-page-test-helpers';

const URL_ = 'https://www.binance.com/en/my/security/device-management';
const T0 = Date.UTC(2026, 3, 14, 15);

function read(snapshot: ReturnType<typeof pageOfScan>, now = T0): ExtractedScan {
  expect(parseSnapshot(snapshot).ok).toBe(true);
  const page = fromSnapshot(snapshot);
  return extractScan(page instanceof SnapDoc ? (page.body ?? page) : page, { url: URL_, now });
}

test("the worker's extractor reads back the scan a test page shows", () => {
  const scan: ExtractedScan = {
    url: URL_,
    scannedAt: T0,
    accountHint: '38451092',
    hasSessionList: true,
    hasLoginList: true,
    sessions: [
      {
        device: 'Chrome 126 on macOS 14.5',
        ip: '203.0.113.42',
        location: 'Paris, FR',
        lastActive: T0 - 3_600_000,
        isCurrent: true,
        kind: 'web',
      },
      { device: 'Firefox 115 on Windows 10', ip: '45.77.12.9', isCurrent: false, kind: 'web' },
    ],
    logins: [
      { device: 'Chrome 126 on macOS', ip: '198.51.100.7', time: T0 - 86_400_000, outcome: 'failed', kind: 'web' },
    ],
  };
  expect(read(pageOfScan(scan))).toEqual(scan);
});

test('a saved fixture page is sent as its content script copies it, and reads as its expected scan', () => {
  const page = fixturePage('binance-device-management.en');
  expect(read(page.message.payload.snapshot, page.now)).toEqual(page.expected);
});
