import type { Severity, StoredLogin, StoredSession } from '../types';
import type { RuleContext } from './rule';
import { account, ctx, DAY, geoWithNetworks, HOUR, history, login, NETS, NOW, session, trusted } from './test-helpers';

// Takeovers and the ordinary life that looks closest to each, as they show on a security page. Addresses: the
// user's home line (BT, London), their mobile carrier, a Berlin hotel's provider, a rented server, a Tor exit,
// and a Lagos access provider; the provider table answers for them (geoWithNetworks), the hosting and place
// tables are the real ones.
const HOME = '81.2.69.142';
const HOME6 = '2a00:23c5:1:2::10';
const RENUMBERED6 = '2a00:23c5:9:8::10';
const CARRIER = '85.255.232.7';
const HOTEL = '91.64.11.20';
export const VPS = '159.89.0.1';
export const TOR = '185.220.101.4';
const LAGOS = '102.89.0.1';
const OFFICE = '62.30.1.9';
export const geo = geoWithNetworks([
  ['81.2.69.', NETS.homeIsp],
  ['2a00:23c5:', NETS.homeIsp],
  ['85.255.', NETS.mobile],
  ['91.64.', NETS.hotel],
  ['159.89.', NETS.vps],
  ['185.220.', NETS.tor],
  ['102.89.', NETS.lagosIsp],
  ['62.30.', NETS.otherIsp],
]);

export const MAC = 'Chrome 126 on macOS 14.5';
const MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
export const PHONE = 'Safari 17.4 on iPhone 15 Pro · iOS 17.4';
const NEW_PHONE = 'Safari 18.1 on iPhone 16 · iOS 18.1';
export const STRANGER = 'Firefox 128 (Linux)';

/** "Any network": the options form's old default, and what "This was me" on a row without an address gives. */
const macAnywhere = trusted({ name: 'My Mac', browser: 'Chrome', os: 'macOS' });
const phoneAnywhere = trusted({ name: 'My phone', browser: 'Safari', os: 'iOS' });
export const mine = [macAnywhere, phoneAnywhere];

/** Months of the Mac at home and the phone at home or on the carrier in London. */
export const ordinaryLife = (): StoredLogin[] => [
  ...history(40, { device: MAC, ip: HOME, location: 'London, United Kingdom' }, 2 * DAY),
  ...history(20, { device: PHONE, ip: CARRIER, location: 'London, United Kingdom' }, 2 * DAY + 3 * HOUR),
];
export const base = (c: Partial<RuleContext>) => ctx({ geo, trustedDevices: mine, logins: ordinaryLife(), ...c });
const homeSession = (c = {}) =>
  session({ device: MAC, userAgent: MAC_UA, ip: HOME, isCurrent: true, status: 'online', lastActive: NOW, ...c });

/**
 * The account's first scan, before the user has said which devices are theirs: nothing trusted, no history but the
 * page's own login list, every session first observed now.
 */
const firstScan = (sessions: StoredSession[], logins: StoredLogin[] = []): RuleContext =>
  ctx({
    geo,
    account: { ...account(), firstScanAt: NOW, scanCount: 1 },
    isFirstScan: true,
    trustedDevices: [],
    sessions: sessions.map((s) => ({ ...s, firstObservedAt: NOW, lastObservedAt: NOW })),
    logins: logins.map((l) => ({ ...l, firstObservedAt: NOW })),
  });
const APP = 'Binance App (iPhone 15 Pro, iOS 17.5)';
/** The user's Mac (this browser, at home), iPhone (on the carrier) and the exchange's app (at home), as a page lists them. */
const ownThree = () => [
  homeSession(),
  session({ device: PHONE, ip: CARRIER, location: 'London, United Kingdom', lastActive: NOW - 3 * HOUR }),
  session({ device: APP, ip: '81.2.69.150', location: 'London, United Kingdom', lastActive: NOW - 20 * HOUR }),
];
const ownSignIns = () => [
  login({ time: NOW - 3 * DAY, device: APP, ip: '81.2.69.150' }),
  login({ time: NOW - 2 * DAY, device: PHONE, ip: CARRIER }),
  login({ time: NOW - DAY, device: MAC, ip: HOME }),
];

export type Case = { label: string; isTakeover: boolean; c: RuleContext; atMost?: Severity };
const pair = (klass: string, takeover: [string, RuleContext], benign: [string, RuleContext, Severity?]): Case[] => [
  { label: `${klass}: ${takeover[0]}`, isTakeover: true, c: takeover[1] },
  { label: `${klass}: ${benign[0]}`, isTakeover: false, c: benign[1], atMost: benign[2] ?? 'low' },
];

export const intruderCases: Case[] = [
  ...pair(
    'first scan',
    [
      "a stranger on a Vultr address with the victim's exact browser and user agent, among the user's three devices",
      firstScan(
        [
          ...ownThree(),
          session({
            device: MAC,
            userAgent: MAC_UA,
            ip: '45.77.12.9',
            location: 'Frankfurt, Germany',
            lastActive: NOW,
          }),
        ],
        ownSignIns(),
      ),
    ],
    [
      "the user's three devices alone: this browser at home, the phone on its carrier, the app at home",
      firstScan(ownThree(), ownSignIns()),
    ],
  ),
  ...pair(
    'first scan, a residential stranger',
    [
      'a stranger on an access provider in Lagos while this browser is in London, among the three devices',
      firstScan(
        [...ownThree(), session({ device: STRANGER, ip: LAGOS, location: 'Lagos, Nigeria', lastActive: NOW - HOUR })],
        ownSignIns(),
      ),
    ],
    [
      'the three devices and an office line in Manchester, same country as this browser',
      firstScan(
        [
          ...ownThree(),
          session({ device: 'Edge 125 on Windows 11', ip: OFFICE, location: 'Manchester, United Kingdom' }),
        ],
        ownSignIns(),
      ),
    ],
  ),
  ...pair(
    'first scan, failed sign-ins',
    [
      'a stranger at a home-like address in London right after a burst of failed sign-ins',
      firstScan(
        [...ownThree(), session({ device: STRANGER, ip: '62.30.7.7', location: 'London, United Kingdom' })],
        [
          ...ownSignIns(),
          ...Array.from({ length: 6 }, (_, i) =>
            login({ time: NOW - 2 * HOUR + i * 60_000, device: STRANGER, ip: '62.30.7.7', outcome: 'failed' }),
          ),
          login({ time: NOW - HOUR, device: STRANGER, ip: '62.30.7.7' }),
        ],
      ),
    ],
    [
      'the three devices and the phone mistyping once',
      firstScan(ownThree(), [
        ...ownSignIns(),
        login({ time: NOW - 2 * DAY - 60_000, device: PHONE, ip: CARRIER, outcome: 'failed' }),
      ]),
    ],
  ),
  ...pair(
    'infostealer cookie replay',
    [
      "the victim's exact browser and user agent on a rented server, the Mac trusted on any network",
      base({
        sessions: [
          homeSession({ lastActive: NOW - 5 * HOUR, status: 'offline' }),
          session({ device: MAC, userAgent: MAC_UA, ip: VPS, location: 'Frankfurt, Germany', lastActive: NOW }),
        ],
      }),
    ],
    [
      'the user on the VPN the Mac has used for months',
      base({
        logins: [
          ...ordinaryLife(),
          // Before the watchdog was installed: the past the user came with (the first judged one would be asked about).
          ...history(10, { device: MAC, ip: '159.89.0.77', location: 'Amsterdam, Netherlands' }, 130 * DAY),
        ],
        sessions: [session({ device: MAC, userAgent: MAC_UA, ip: VPS, location: 'Amsterdam, Netherlands' })],
      }),
    ],
  ),
  ...pair(
    'phishing proxy relay (evilginx)',
    [
      "a sign-in relayed through a VPS with the victim's browser and authenticator while this browser is at home",
      base({
        logins: [
          ...ordinaryLife(),
          login({ time: NOW - 20 * 60_000, device: MAC, ip: VPS, location: 'Amsterdam, Netherlands' }),
        ],
        sessions: [
          homeSession(),
          session({ device: MAC, ip: VPS, location: 'Amsterdam, Netherlands', lastActive: NOW - 10 * 60_000 }),
        ],
      }),
    ],
    [
      'the same Mac signed in at home and at the office it uses every week, at once',
      base({
        logins: [
          ...ordinaryLife(),
          ...history(12, { device: MAC, ip: OFFICE, location: 'London, United Kingdom' }, 3 * DAY),
        ],
        sessions: [homeSession(), session({ device: MAC, ip: OFFICE, lastActive: NOW - 10 * 60_000 })],
      }),
    ],
  ),
  ...pair(
    'look-alike device',
    [
      '"Chrome on macOS" from Lagos while the real Mac is online at home',
      base({
        sessions: [
          homeSession(),
          session({ device: 'Chrome 126 on macOS', ip: LAGOS, location: 'Lagos, Nigeria', lastActive: NOW }),
        ],
      }),
    ],
    [
      'the real Mac on a trip to Berlin, nothing at home meanwhile',
      base({
        logins: [...ordinaryLife(), login({ time: NOW - HOUR, device: MAC, ip: HOTEL, location: 'Berlin, Germany' })],
        sessions: [session({ device: MAC, ip: HOTEL, location: 'Berlin, Germany', lastActive: NOW - HOUR })],
      }),
    ],
  ),
  ...pair(
    'trip abroad',
    [
      "the phone's identity in Lisbon an hour after it was in London (a copy, not a flight)",
      base({
        logins: [
          ...ordinaryLife(),
          login({ time: NOW - 2 * HOUR, device: PHONE, ip: CARRIER }),
          login({ time: NOW - HOUR, device: PHONE, ip: HOTEL, location: 'Lisbon, Portugal' }),
        ],
      }),
    ],
    [
      'the trusted phone on hotel Wi-Fi and roaming in Berlin two days after the last sign-in at home',
      base({
        logins: [
          ...ordinaryLife(),
          login({ time: NOW - 5 * HOUR, device: PHONE, ip: HOTEL, location: 'Berlin, Germany' }),
          login({ time: NOW - HOUR, device: PHONE, ip: CARRIER, location: 'Berlin, Germany' }),
        ],
      }),
    ],
  ),
  ...pair(
    'ISP renumbering',
    [
      "the Mac's words on another provider's line in Manchester, the Mac trusted on its home /64 only",
      base({
        trustedDevices: [{ ...macAnywhere, ipRanges: ['2a00:23c5:1:2::/64'] }],
        logins: history(20, { device: MAC, ip: HOME6, location: 'London, United Kingdom' }),
        sessions: [session({ device: MAC, ip: OFFICE, location: 'Manchester, United Kingdom' })],
      }),
    ],
    [
      'the home IPv6 /64 renumbered by the same provider, same city',
      base({
        trustedDevices: [{ ...macAnywhere, ipRanges: ['2a00:23c5:1:2::/64'] }],
        logins: history(20, { device: MAC, ip: HOME6, location: 'London, United Kingdom' }),
        sessions: [session({ device: MAC, ip: RENUMBERED6, location: 'London, United Kingdom' })],
      }),
    ],
  ),
  ...pair(
    'mobile carrier hop',
    [
      'a stranger signs in from the same carrier placed in Glasgow, no home device trusts it',
      base({
        logins: [
          ...ordinaryLife(),
          login({ time: NOW - HOUR, device: STRANGER, ip: '85.255.9.9', location: 'Glasgow' }),
        ],
        sessions: [session({ device: STRANGER, ip: '85.255.9.9', location: 'Glasgow, United Kingdom' })],
      }),
    ],
    [
      "the phone's carrier places it in Glasgow, then Manchester",
      base({
        logins: [
          ...ordinaryLife(),
          login({ time: NOW - 3 * HOUR, device: PHONE, ip: '85.255.9.9', location: 'Glasgow, United Kingdom' }),
          login({ time: NOW - HOUR, device: PHONE, ip: '85.255.1.1', location: 'Manchester, United Kingdom' }),
        ],
      }),
    ],
  ),
  ...pair(
    'new device on the home network',
    [
      'a new phone at home right after failed sign-ins, with an SMS code instead of the authenticator',
      (() => {
        const s = session({ device: NEW_PHONE, ip: '81.2.69.150' });
        return base({
          logins: [
            ...ordinaryLife(),
            ...Array.from({ length: 7 }, (_, i) =>
              login({ time: NOW - 3 * HOUR + i * 60_000, device: NEW_PHONE, ip: '81.2.69.150', outcome: 'failed' }),
            ),
            login({ time: NOW - 2 * HOUR, device: NEW_PHONE, ip: '81.2.69.150', secondFactor: 'sms' }),
          ],
          sessions: [s],
          newSessionKeys: [s.key],
        });
      })(),
    ],
    [
      'a new phone at home with the usual authenticator',
      (() => {
        const s = session({ device: NEW_PHONE, ip: '81.2.69.150' });
        return base({
          logins: [...ordinaryLife(), login({ time: NOW - 2 * HOUR, device: NEW_PHONE, ip: '81.2.69.150' })],
          sessions: [s],
          newSessionKeys: [s.key],
        });
      })(),
      'medium',
    ],
  ),
  ...pair(
    'password spraying',
    [
      'one or two failures a day for ten days from five networks in three countries, then one gets in',
      base({
        logins: [
          ...ordinaryLife(),
          ...Array.from({ length: 14 }, (_, i) =>
            login({
              time: NOW - (10 - Math.floor(i / 1.4)) * DAY + i * HOUR,
              device: STRANGER,
              ip: ['102.89.0.1', '45.77.1.2', '91.64.200.1', '203.0.113.9', '198.51.100.4'][i % 5],
              location: ['Lagos, Nigeria', 'Frankfurt, Germany', 'Berlin, Germany', 'Hong Kong', 'Lagos, Nigeria'][
                i % 5
              ],
              outcome: 'failed',
            }),
          ),
          login({ time: NOW - HOUR, device: STRANGER, ip: '45.77.1.9', location: 'Frankfurt, Germany' }),
        ],
      }),
    ],
    [
      'the user mistypes twice on three days, at home',
      base({
        logins: [
          ...ordinaryLife(),
          ...[7, 4, 1].flatMap((d) =>
            [0, 1].map((k) => login({ time: NOW - d * DAY + k * 60_000, device: MAC, ip: HOME, outcome: 'failed' })),
          ),
        ],
      }),
    ],
  ),
  ...pair(
    'dormant account',
    [
      'no sign-in for seven months, then an unknown device from a new network at 03:00',
      base({
        logins: [
          ...history(20, { device: MAC, ip: HOME }, 220 * DAY),
          login({ time: Date.UTC(2026, 2, 2, 3), device: STRANGER, ip: LAGOS, location: 'Lagos, Nigeria' }),
        ],
      }),
    ],
    [
      'no sign-in for seven months, then the Mac from home',
      base({
        logins: [
          ...history(20, { device: MAC, ip: HOME }, 220 * DAY),
          login({ time: NOW - HOUR, device: MAC, ip: HOME }),
        ],
      }),
    ],
  ),
  ...pair(
    'Tor',
    [
      'the trusted Mac from a Tor exit it never used',
      base({ sessions: [session({ device: MAC, ip: TOR, location: 'Germany' })] }),
    ],
    [
      'the Mac on Tor, as it has been for months',
      base({
        logins: [
          ...ordinaryLife(),
          ...history(10, { device: MAC, ip: '185.220.101.9', location: 'Germany' }, 130 * DAY),
        ],
        sessions: [session({ device: MAC, ip: TOR, location: 'Germany' })],
      }),
    ],
  ),
];
