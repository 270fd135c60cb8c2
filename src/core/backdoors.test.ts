import { describe, expect, test } from 'vitest';
import {
  applyBackdoors,
  type HashedCall,
  type HashedKey,
  type HashedWhitelistEntry,
  maskSecret,
  mergeBackdoors,
  type StoredBackdoors,
} from './backdoors';

const A = 'binance:me';
const empty: StoredBackdoors = { apiKeys: [], apiCalls: [], whitelist: [], baselines: {} };
const FULL_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const key = (label: string, hash: string, keyText?: string): HashedKey => ({
  row: { label, ...(keyText ? { keyText } : {}), permissions: ['read', 'withdraw'] },
  keyHash: hash,
  refs: [hash],
});
const call = (hash: string, ip: string): HashedCall => ({
  row: { ip, time: 1, action: 'order' },
  callHash: hash,
  keyRefs: ['k1'],
});
const addr = (hash: string, addressText: string): HashedWhitelistEntry => ({
  row: { addressText, coin: 'USDT', network: 'TRC20' },
  addressHash: hash,
});
const lists = { hasApiKeyList: true, hasApiCallList: true, hasWhitelist: true };
const visit = (
  stored: StoredBackdoors,
  rows: Partial<Parameters<typeof mergeBackdoors>[2]>,
  now: number,
  scan: Parameters<typeof mergeBackdoors>[1] = lists,
) =>
  applyBackdoors(stored, mergeBackdoors(stored, scan, { apiKeys: [], apiCalls: [], whitelist: [], ...rows }, A, now));

describe('keys, calls and addresses as history', () => {
  test('a full key or address on the page is kept masked: first and last four only', () => {
    expect(maskSecret(FULL_KEY)).toBe('vmPU…Eh8A');
    expect(maskSecret('TXk8 9fa2 c3Wq 11Pz 0aZq')).toBe('TXk8…0aZq');
    expect(maskSecret('abc123')).toBe('a…3');
    expect(maskSecret('  ')).toBeUndefined();
    const once = visit(
      empty,
      { apiKeys: [key('Bot', 'k1', FULL_KEY)], whitelist: [addr('a1', 'TXk89fa2c3Wq11Pz0aZqLL')] },
      10,
    );
    expect(JSON.stringify(once)).not.toContain(FULL_KEY);
    expect(JSON.stringify(once)).not.toContain('TXk89fa2c3Wq11Pz0aZqLL');
    expect(once.apiKeys[0]).toMatchObject({ id: `${A}|k1`, masked: 'vmPU…Eh8A', firstSeenAt: 10, lastSeenAt: 10 });
  });

  test('first and last seen; a key the next list lacks is deleted, one back is live again', () => {
    const one = visit(empty, { apiKeys: [key('Bot', 'k1'), key('Old', 'k2')] }, 10);
    expect(one.baselines).toEqual({ apiKeys: 10, apiCalls: 10, whitelist: 10 });
    const two = visit(one, { apiKeys: [key('Bot', 'k1')] }, 20);
    expect(two.apiKeys.find((k) => k.keyHash === 'k1')).toMatchObject({ firstSeenAt: 10, lastSeenAt: 20 });
    expect(two.apiKeys.find((k) => k.keyHash === 'k2')?.deletedAt).toBe(20);
    const three = visit(two, { apiKeys: [key('Bot', 'k1'), key('Old', 'k2')] }, 30);
    expect(three.apiKeys.find((k) => k.keyHash === 'k2')?.deletedAt).toBeUndefined();
    expect(three.baselines.apiKeys).toBe(10);
  });

  test('a page that does not show a list changes nothing of it', () => {
    const one = visit(empty, { apiKeys: [key('Bot', 'k1')], whitelist: [addr('a1', 'T1234567890')] }, 10);
    const m = mergeBackdoors(one, {}, { apiKeys: [], apiCalls: [], whitelist: [] }, A, 20);
    expect(m.isChanged).toBe(false);
    expect(applyBackdoors(one, m)).toEqual(one);
  });

  test('an empty list shown deletes every key and removes every address', () => {
    const one = visit(empty, { apiKeys: [key('Bot', 'k1')], whitelist: [addr('a1', 'T1234567890')] }, 10);
    const two = visit(one, {}, 20);
    expect(two.apiKeys[0]?.deletedAt).toBe(20);
    expect(two.whitelist[0]?.removedAt).toBe(20);
  });

  test('calls are kept once across visits', () => {
    const one = visit(empty, { apiCalls: [call('c1', '1.2.3.4'), call('c1', '1.2.3.4'), call('c2', '5.6.7.8')] }, 10);
    expect(one.apiCalls.map((c) => c.id)).toEqual([`${A}|c1`, `${A}|c2`]);
    const m = mergeBackdoors(one, lists, { apiKeys: [], apiCalls: [call('c2', '5.6.7.8')], whitelist: [] }, A, 20);
    expect(m.apiCalls).toEqual([]);
    expect(applyBackdoors(one, m).apiCalls.find((c) => c.id === `${A}|c2`)?.firstSeenAt).toBe(10);
  });
});
