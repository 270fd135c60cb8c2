import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Checklist } from '../core/checklist';
import { ChecklistSchema, checklistToYaml, parseChecklistYaml } from './checklist';

// Section 6 of seed 000, as the article prints it.
const SEED_YAML = `binance_account:
  primary_email: [email protected]
  uid: 123456789
  2fa:
    type: Google Authenticator
    backup_key_location: 1Password + Physical Safe
    last_verified: 2026-04-14
  anti_phishing_code: Sky7Whale-FV
  withdrawal_whitelist:
    enabled: true
    mode: strict
    addresses:
      - {coin: BTC, label: Ledger-1, added: 2026-01-15}
      - {coin: USDT-TRC20, label: Exchange-Main, added: 2026-01-20}
  devices:
    trusted:
      - {name: MacBook Pro M3, ip_range: 203.0.113.0/24}
      - {name: iPhone 15 Pro, ip_range: mobile}
    last_review: 2026-04-14
  api_keys:
    - {label: Trading Bot, perms: [spot_read, spot_trade], ip_whitelist: [x.x.x.x]}
`;

const SEED: Checklist = {
  accounts: [
    {
      name: 'binance_account',
      twoFactor: { type: 'Google Authenticator', lastVerified: '2026-04-14' },
      isAntiPhishingCodeSet: true,
      isWithdrawalWhitelistOn: true,
      trustedDevices: [
        { name: 'MacBook Pro M3', ipRange: '203.0.113.0/24' },
        { name: 'iPhone 15 Pro', ipRange: 'mobile' },
      ],
      lastDeviceReview: '2026-04-14',
      apiKeys: [{ label: 'Trading Bot', permissions: ['spot_read', 'spot_trade'] }],
    },
  ],
};

describe('checklist YAML', () => {
  test("reads the seed's checklist as written, keeping no secret", () => {
    const got = parseChecklistYaml(SEED_YAML);
    expect(got).toEqual({ ok: true, checklist: SEED });
    const stored = JSON.stringify(got);
    for (const secret of ['Sky7Whale', 'email', '123456789', '1Password', 'Ledger-1', 'x.x.x.x']) {
      expect(stored).not.toContain(secret);
    }
  });

  test('writes the seed shape back, with the anti-phishing code as set: yes/no only', () => {
    const yaml = checklistToYaml(SEED);
    expect(yaml).toContain('anti_phishing_code_set: true');
    expect(yaml).not.toContain('Sky7Whale');
    expect(yaml).toContain('ip_range: 203.0.113.0/24');
    expect(yaml).toContain('last_verified: 2026-04-14');
    expect(parseChecklistYaml(yaml)).toEqual({ ok: true, checklist: SEED });
  });

  test.each([
    [
      'binance_account:\n  devices:\n    trusted:\n      - {name: PC, ip_range: 300.1.1.0/24}\n',
      'binance_account.devices.trusted[0].ip_range: expected a CIDR',
    ],
    [
      'binance_account:\n  2fa: {type: TOTP, last_verified: 2026-02-30}\n',
      'binance_account.2fa.last_verified: expected a date like 2026-04-14',
    ],
    [
      'binance_account:\n  api_keys: [{label: Bot, perms: read}]\n',
      'binance_account.api_keys[0].perms: expected array',
    ],
    ['binance_account: [1, 2]\n', 'binance_account: expected object'],
    [
      'a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      'Not valid YAML',
    ],
    ['key: [unclosed\n', 'Not valid YAML'],
  ])('refuses %j naming the field', (yaml, error) => {
    const got = parseChecklistYaml(yaml);
    expect(got.ok).toBe(false);
    expect(got.ok ? '' : got.error).toContain(error);
  });

  test.each([
    ['yes', true],
    ['no', false],
    ['true', true],
  ])('anti_phishing_code_set: %s', (v, set) => {
    const got = parseChecklistYaml(`okx:\n  anti_phishing_code_set: ${v}\n`);
    expect(got.ok && got.checklist.accounts[0]?.isAntiPhishingCodeSet).toBe(set);
  });

  test('property: any valid checklist survives YAML out and back', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);
    const text = fc
      .string({ minLength: 1, maxLength: 30 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const date = fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const account = fc.record(
      {
        name,
        twoFactor: fc.record({ type: fc.string({ maxLength: 20 }), lastVerified: date }, { requiredKeys: ['type'] }),
        isAntiPhishingCodeSet: fc.boolean(),
        isWithdrawalWhitelistOn: fc.boolean(),
        trustedDevices: fc.array(
          fc.record({ name: text, ipRange: fc.constantFrom('203.0.113.0/24', 'mobile', '2001:db8::/48') }),
          { maxLength: 3 },
        ),
        lastDeviceReview: date,
        apiKeys: fc.array(fc.record({ label: text, permissions: fc.array(text, { maxLength: 3 }) }), { maxLength: 2 }),
      },
      { requiredKeys: ['name', 'isAntiPhishingCodeSet', 'isWithdrawalWhitelistOn', 'trustedDevices', 'apiKeys'] },
    );
    const checklist = fc
      .uniqueArray(account, { selector: (a) => a.name, maxLength: 3 })
      .map((accounts) => ({ accounts }));
    fc.assert(
      fc.property(checklist, (c) => {
        const valid = ChecklistSchema.parse(c);
        expect(parseChecklistYaml(checklistToYaml(valid))).toEqual({ ok: true, checklist: valid });
      }),
      { numRuns: 200 },
    );
  });
});
