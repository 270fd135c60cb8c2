import { describe, expect, test } from 'vitest';
import { judge } from '../incident';
import { address, apiCall, apiKey, BASELINE, withBackdoors } from './backdoor-cases';
import { checklistPermission } from './backdoor-evidence';
import { VPS } from './intruder-cases';
import { HOUR, NOW, session } from './test-helpers';

const rulesOf = (f: { rule: string; reasons?: { rule: string }[] }) => (f.reasons ?? [f]).map((r) => r.rule).sort();

describe('keys, calls and addresses, judged in the incidents', () => {
  test('a new key with withdraw rights and a call from an unknown network: one high incident with all three reasons', () => {
    const key = apiKey({ label: 'Bot', permissions: ['trade', 'withdraw'], firstSeenAt: NOW });
    const incidents = judge(withBackdoors({ apiKeys: [key], apiCalls: [apiCall(key, { ip: '102.89.0.1' })] }));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.severity).toBe('high');
    expect(rulesOf(incidents[0] as never)).toEqual(['api-call-unknown-network', 'api-key-withdraw', 'new-api-key']);
  });

  test('a key made while a stranger was signed in joins that stranger’s incident', () => {
    const intruder = session({ device: 'Firefox 128 (Linux)', ip: VPS, firstSeen: NOW - 2 * HOUR });
    const key = apiKey({ label: 'Bot', permissions: ['trade'], firstSeenAt: NOW, createdAt: NOW - HOUR });
    const incidents = judge(withBackdoors({ apiKeys: [key], sessions: [intruder] }));
    const joined = incidents.find((f) => rulesOf(f).includes('new-api-key'));
    expect(joined?.severity).toBe('high');
    // The intruder's own findings (a rented network, an unknown device) are reasons of the same incident.
    expect(rulesOf(joined as never)).toContain('hosting-ip');
    expect(joined?.evidence.ip ?? joined?.reasons?.[0]?.evidence.ip).toBe(VPS);
    expect(incidents.filter((f) => f.severity === 'high')).toHaveLength(1);
  });

  test('a key the page showed on the first visit is the baseline: not new, only its rights are judged', () => {
    const key = apiKey({ label: 'Old', permissions: ['withdraw'], firstSeenAt: BASELINE });
    const incidents = judge(withBackdoors({ apiKeys: [key] }));
    expect(incidents.map((f) => [f.rule, f.severity])).toEqual([['api-key-withdraw', 'medium']]);
  });

  test('a trading key without restriction is a low note; restricted, nothing', () => {
    const open = apiKey({ label: 'Open', permissions: ['trade'], unrestricted: true });
    expect(judge(withBackdoors({ apiKeys: [open] })).map((f) => [f.rule, f.severity])).toEqual([
      ['api-key-unrestricted', 'low'],
    ]);
    const closed = apiKey({ label: 'Closed', permissions: ['trade'], ipRestriction: ['81.2.69.0/24'] });
    expect(judge(withBackdoors({ apiKeys: [closed] }))).toEqual([]);
  });

  test('a deleted key and a removed address raise nothing', () => {
    const key = apiKey({ label: 'Bot', permissions: ['withdraw'], firstSeenAt: NOW, deletedAt: NOW });
    expect(judge(withBackdoors({ apiKeys: [key], whitelist: [address({ removedAt: NOW })] }))).toEqual([]);
  });

  test('the checklist confirms a key only with the rights it lists: more rights are a difference, so a finding', () => {
    const key = apiKey({ label: 'Trading Bot', permissions: ['read', 'trade', 'withdraw'], firstSeenAt: NOW });
    const listed = [{ label: 'trading bot', permissions: ['spot_read', 'spot_trade'] }];
    expect(judge(withBackdoors({ apiKeys: [key], checklistApiKeys: listed }))[0]?.severity).toBe('high');
    const all = [{ label: 'Trading Bot', permissions: ['spot_read', 'spot_trade', 'withdraw'] }];
    expect(judge(withBackdoors({ apiKeys: [key], checklistApiKeys: all }))).toEqual([]);
  });

  test('calls seen on the first visit of the log are the baseline, except one outside the restriction', () => {
    const key = apiKey({ label: 'Bot', permissions: ['trade'], ipRestriction: ['81.2.69.0/24'], confirmedAt: 1 });
    const early = [apiCall(key, { ip: '102.89.0.1', firstSeenAt: BASELINE })];
    expect(judge(withBackdoors({ apiKeys: [key], apiCalls: early })).map((f) => f.rule)).toEqual([
      'api-call-unknown-network',
    ]);
    const open = apiKey({ label: 'Open', permissions: ['trade'], unrestricted: true, confirmedAt: 1 });
    expect(
      judge(withBackdoors({ apiKeys: [open], apiCalls: [apiCall(open, { ip: '102.89.0.1', firstSeenAt: BASELINE })] })),
    ).toEqual([]);
  });

  test('many calls from one new provider are one finding that counts them', () => {
    const key = apiKey({ label: 'Bot', permissions: ['trade'], ipRestriction: [], confirmedAt: 1 });
    const many = Array.from({ length: 5 }, (_, i) => apiCall(key, { ip: `102.89.0.${i + 1}`, time: NOW - i * HOUR }));
    const found = judge(withBackdoors({ apiKeys: [key], apiCalls: many })).filter(
      (f) => f.rule === 'api-call-unknown-network',
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence.count).toBe(5);
  });

  test.each([
    ['spot_read', 'read'],
    ['spot_trade', 'trade'],
    ['enable_withdrawals', 'withdraw'],
    ['universal_transfer', 'transfer'],
    ['futures', 'futures'],
    ['margin_trade', 'margin'],
    ['vip', 'other'],
  ] as const)('checklist permission %s is %s', (word, permission) => {
    expect(checklistPermission(word)).toBe(permission);
  });
});

describe('the checklist is the user’s statement of what should exist', () => {
  const listed = [{ label: 'Trading Bot', permissions: ['spot_read', 'spot_trade'] }];
  test('a key the page has shown since the first visit that the checklist does not list is a medium finding', () => {
    const other = apiKey({ label: 'Portfolio', permissions: ['read'] });
    expect(
      judge(withBackdoors({ apiKeys: [other], checklistApiKeys: listed })).map((f) => [f.rule, f.severity]),
    ).toEqual([['unlisted-api-key', 'medium']]);
  });
  test('a listed key with the listed rights, or any key of an account the checklist does not name, is quiet', () => {
    const bot = apiKey({ label: 'Trading Bot', permissions: ['read', 'trade'] });
    expect(judge(withBackdoors({ apiKeys: [bot], checklistApiKeys: listed }))).toEqual([]);
    expect(judge(withBackdoors({ apiKeys: [apiKey({ label: 'Portfolio', permissions: ['read'] })] }))).toEqual([]);
  });
});
