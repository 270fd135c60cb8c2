import 'fake-indexeddb/auto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { diskDataReader, GENERATED_DIR } from '../../scripts/data-files';
import { plainV4Value, plainV6Groups } from '../core/ip';
import type { AddressAnswers } from '../core/rules/rule';
import type { ExtractedScan } from '../core/types';
import { defaultSettings } from '../shared/settings';
import { openDatabase, readAllRows } from './db';
import { createGeoLoader, DATA_FILES, type ReadDataFile, useDataFiles } from './geo-data';
import { handleMessage, type Services } from './handlers';
import { recordPageOf } from './scan-page-test-helpers';
import { completeServices } from './services-test-helpers';
import { englishWords } from './words-test-helpers';

const ID = 'ext-id';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}popup/index.html` };
const TAB = {
  id: ID,
  url: 'https://www.binance.com/en/my/security/device-management',
  tab: { id: 7, url: 'https://www.binance.com/en/my/security/device-management' },
  frameId: 0,
};
const T0 = Date.UTC(2026, 3, 14, 15);

/** The packaged-file reader over a fetch that serves the generated files and writes down every URL asked. */
async function packagedReaderWithFetchLog(): Promise<{ read: ReadDataFile; fetched: string[] }> {
  // webextension-polyfill wants an extension context; the reader asks it for runtime.getURL only.
  vi.stubGlobal('chrome', { runtime: { id: ID, getURL: (path: string) => `${ORIGIN}${path}` } });
  const { packagedFileReader } = await import('../platform/packaged-files');
  const fetched: string[] = [];
  const read = packagedFileReader(async (url) => {
    fetched.push(url);
    const path = url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : '';
    const file = /^data\/([\w.-]+)$/.exec(path)?.[1];
    if (!file || !existsSync(join(GENERATED_DIR, file)))
      return { ok: false, status: 404, arrayBuffer: async () => new ArrayBuffer(0) };
    const bytes = await readFile(join(GENERATED_DIR, file));
    return { ok: true, status: 200, arrayBuffer: async () => new Uint8Array(bytes).buffer };
  });
  return { read, fetched };
}

afterEach(() => {
  useDataFiles(diskDataReader());
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('the worker reads the data tables on its first judging, never before', () => {
  let read: ReadDataFile;
  let fetched: string[];
  beforeAll(async () => {
    ({ read, fetched } = await packagedReaderWithFetchLog());
  });

  test('answering the popup reads nothing; the first scan reads each table once; the next scan none', async () => {
    fetched.length = 0;
    useDataFiles(read);
    const db = await openDatabase(`geo-${crypto.randomUUID()}`);
    const services: Services = completeServices({
      db: async () => db,
      settings: async () => defaultSettings(),
      now: () => T0,
      refreshBadge: async () => {},
      onRaised: async () => {},
      identity: { id: ID, origin: ORIGIN },
      words: englishWords,
    });
    try {
      expect(await handleMessage({ type: 'getOverview', payload: {} }, PAGE, services)).toMatchObject({ ok: true });
      expect(fetched).toEqual([]);

      // A stranger's Linux browser on a DigitalOcean address: only the hosting table can tell.
      const scan: ExtractedScan = {
        url: TAB.url,
        scannedAt: T0,
        accountHint: '1001',
        hasSessionList: true,
        hasLoginList: false,
        sessions: [{ device: 'Firefox 128 (Linux)', ip: '104.131.0.1', isCurrent: false }],
        logins: [],
      };
      expect(await handleMessage(recordPageOf(scan), TAB, services)).toMatchObject({
        ok: true,
        value: { isRecorded: true },
      });
      expect([...fetched].sort()).toEqual(
        Object.values(DATA_FILES)
          .map((f) => `${ORIGIN}data/${f}`)
          .sort(),
      );
      expect((await readAllRows(db)).warnings.map((w) => w.rule)).toContain('hosting-ip');

      // The page read again on a later visit: stored, judged, and no table read again.
      expect(await handleMessage(recordPageOf(scan), TAB, services)).toMatchObject({ value: { isRecorded: true } });
      expect(fetched).toHaveLength(Object.keys(DATA_FILES).length);
    } finally {
      db.close();
    }
  });

  test('a file the package lacks fails the load, and the next judging tries again', async () => {
    const { read: packaged } = await packagedReaderWithFetchLog();
    let isMissing = true;
    const loader = createGeoLoader((path) =>
      isMissing && path.endsWith(DATA_FILES.providers) ? packaged('data/absent.bin') : packaged(path),
    );
    await expect(loader.load()).rejects.toThrow(/could not be read \(404\)/);
    isMissing = false;
    const geo = await loader.load();
    expect(geo.lookupNetwork?.('104.131.0.1')).toMatchObject({ asn: 14061, kind: 'hosting' });
    expect(geo.lookupHosting('104.131.0.1')?.provider).toBe('DigitalOcean');
    expect(Object.keys(loader.timings).sort()).toEqual(Object.keys(DATA_FILES).sort());
  });

  test('the lookups by a parsed v4 value answer as the text forms', async () => {
    const geo = await createGeoLoader(diskDataReader()).load();
    for (const ip of ['104.131.0.1', '52.95.110.1', '81.2.69.142', '100.64.1.2', '10.0.0.1', '8.8.8.8', '1.0.0.0']) {
      const value = plainV4Value(ip);
      expect(geo.lookupHostingV4?.(value)).toEqual(geo.lookupHosting(ip));
      expect(geo.lookupNetworkV4?.(value)).toEqual(geo.lookupNetwork?.(ip));
    }
    expect(geo.lookupHostingV4?.(plainV4Value('104.131.0.1'))?.provider).toBe('DigitalOcean');
  });

  test('both tables asked at once answer as each asked alone', async () => {
    const geo = await createGeoLoader(diskDataReader()).load();
    const out: AddressAnswers = { hosting: undefined, network: -1 };
    const read = () => ({ hosting: out.hosting, network: geo.networkOfId?.(out.network) });
    for (const ip of ['104.131.0.1', '52.95.110.1', '81.2.69.142', '100.64.1.2', '10.0.0.1', '8.8.8.8', '1.0.0.0']) {
      geo.lookupBothV4?.(plainV4Value(ip), out);
      expect(read()).toEqual({ hosting: geo.lookupHosting(ip), network: geo.lookupNetwork?.(ip) });
      expect(geo.networkKindOfId?.(out.network)).toBe(geo.lookupNetwork?.(ip)?.kind);
      expect(geo.networkAsnOfId?.(out.network)).toBe(geo.lookupNetwork?.(ip)?.asn ?? -1);
    }
    geo.lookupBothV4?.(plainV4Value('104.131.0.1'), out);
    expect(out.hosting?.provider).toBe('DigitalOcean');
    const groups = new Uint16Array(8);
    for (const ip of ['2604:a880::1', '2a03:2880:f10c:83:face:b00c:0:25de', '2001:db8::1', '::1']) {
      expect(plainV6Groups(ip, groups)).toBe(true);
      const hi = (((groups[0] as number) << 16) | (groups[1] as number)) >>> 0;
      const lo = (((groups[2] as number) << 16) | (groups[3] as number)) >>> 0;
      geo.lookupBothV6?.(hi, lo, out);
      expect(read()).toEqual({ hosting: geo.lookupHosting(ip), network: geo.lookupNetwork?.(ip) });
    }
  });

  test('the lookups by a parsed v6 address answer as the text forms', async () => {
    const geo = await createGeoLoader(diskDataReader()).load();
    const groups = new Uint16Array(8);
    const ips = ['2604:a880::1', '2a03:2880:f10c:83:face:b00c:0:25de', '2001:db8::1', '2c0f:f248::5', '::1', 'fe80::1'];
    let named = 0;
    for (const ip of ips) {
      expect(plainV6Groups(ip, groups)).toBe(true);
      const hi = (((groups[0] as number) << 16) | (groups[1] as number)) >>> 0;
      const lo = (((groups[2] as number) << 16) | (groups[3] as number)) >>> 0;
      expect(geo.lookupHostingV6?.(hi, lo)).toEqual(geo.lookupHosting(ip));
      expect(geo.lookupNetworkV6?.(hi, lo)).toEqual(geo.lookupNetwork?.(ip));
      if (geo.lookupNetwork?.(ip)) named++;
    }
    expect(named).toBeGreaterThan(0);
  });

  test('judgings asked at once share one load', async () => {
    const reads: string[] = [];
    const disk = diskDataReader();
    const loader = createGeoLoader((path) => {
      reads.push(path);
      return disk(path);
    });
    const [a, b] = await Promise.all([loader.load(), loader.load()]);
    expect(a).toBe(b);
    expect(reads).toHaveLength(Object.keys(DATA_FILES).length);
  });
});
