import fc from 'fast-check';
import { expect, test } from 'vitest';
import { runRules } from '../evaluate';
import { parseIpBits, plainV6Groups } from '../ip';
import { allRules } from '.';
import {
  activities,
  activityHosting,
  activityTrusted,
  hostingOf,
  isTrusted,
  loginHosting,
  loginTrusted,
  successfulLogins,
} from './history';
import { AsnSet, activityNetworks, loginNetworks, networkOfIp, prefixKey, prefixOf, v6PrefixKey } from './network';
import type { GeoLookup, NetworkInfo, RuleContext } from './rule';
import { DAY, generatedContext, geoWithNetworks, NETS, NOW, trusted } from './test-helpers';

/** The real place and hosting tables, a provider table for the generated addresses, and a count of the asks. */
function countingGeo(): { geo: GeoLookup; asked: { hosting: number; network: number } } {
  const base = geoWithNetworks([
    ['81.2.', NETS.homeIsp],
    ['52.95.', NETS.vps],
    ['159.89.', NETS.vps],
    ['45.1.', NETS.tor],
    ['102.89.', NETS.lagosIsp],
    ['2001:db8:', NETS.mobile],
  ]);
  const asked = { hosting: 0, network: 0 };
  return {
    asked,
    geo: {
      ...base,
      lookupHosting: (ip) => {
        asked.hosting++;
        return base.lookupHosting(ip);
      },
      lookupNetwork: (ip) => {
        asked.network++;
        return base.lookupNetwork?.(ip);
      },
    },
  };
}

function contexts(): [string, RuleContext][] {
  const out: [string, RuleContext][] = [];
  for (const [n, seed] of [
    [300, 21],
    [1200, 22],
  ] as const) {
    const all = generatedContext(n, seed);
    all.thresholds.historyLookbackDays = 0;
    out.push([`${n} logins, all judged`, { ...all, geo: countingGeo().geo }]);
    const mid = generatedContext(n, seed);
    mid.account = { ...mid.account, firstScanAt: NOW - 60 * DAY };
    out.push([`${n} logins, first scan 60 days ago`, { ...mid, geo: countingGeo().geo }]);
  }
  return out;
}

test.each(contexts())('the answers kept per login and activity are the tables’ own: %s', (_label, ctx) => {
  const logins = successfulLogins(ctx);
  const acts = activities(ctx);
  expect(acts.some((a) => a.source === 'session')).toBe(true);
  expect(acts.length).toBeLessThan(logins.length + ctx.sessions.length);
  const hostingOfLogin = loginHosting(ctx);
  const networkOfLogin = loginNetworks(ctx);
  for (let i = 0; i < logins.length; i++) {
    const l = logins[i] as (typeof logins)[number];
    expect(hostingOfLogin.at(i)).toEqual(hostingOf(ctx, l));
    expect(networkOfLogin.at(i)).toEqual(networkOfIp(ctx, l.ip));
  }
  const hostingOfActivity = activityHosting(ctx);
  const networkOfActivity = activityNetworks(ctx);
  let rented = 0;
  for (let i = 0; i < acts.length; i++) {
    const a = acts[i] as (typeof acts)[number];
    expect(hostingOfActivity.at(i)).toEqual(hostingOf(ctx, a));
    expect(networkOfActivity.at(i)).toEqual(networkOfIp(ctx, a.ip));
    if (networkOfActivity.at(i)?.kind === 'hosting' || networkOfActivity.at(i)?.kind === 'tor') rented++;
  }
  // The generated accounts sign in from rented networks: the comparison covers both answers.
  expect(rented).toBeGreaterThan(0);
});

test('rules that ask by a parsed v4 value get the answers and findings the text forms give', () => {
  const textOnly = geoWithNetworks([
    ['81.2.', NETS.homeIsp],
    ['52.95.', NETS.vps],
    ['159.89.', NETS.vps],
    ['45.1.', NETS.tor],
    ['102.89.', NETS.lagosIsp],
  ]);
  const text = (v: number) => `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  const byValue: GeoLookup = {
    ...textOnly,
    lookupHostingV4: (v) => textOnly.lookupHosting(text(v)),
    lookupNetworkV4: (v) => textOnly.lookupNetwork?.(text(v)),
  };
  for (const seed of [31, 32]) {
    const a = { ...generatedContext(1500, seed), geo: textOnly };
    a.thresholds.historyLookbackDays = 0;
    const b = { ...a, geo: byValue };
    const [hostA, hostB, netA, netB] = [loginHosting(a), loginHosting(b), loginNetworks(a), loginNetworks(b)];
    for (let i = 0; i < successfulLogins(a).length; i++) {
      expect(hostB.at(i)).toEqual(hostA.at(i));
      expect(netB.at(i)).toEqual(netA.at(i));
    }
    expect(runRules({ ...b }, allRules)).toEqual(runRules({ ...a }, allRules));
  }
});

test('rules that ask both tables at once get the answers and findings of asking each', () => {
  const textOnly = geoWithNetworks([
    ['81.2.', NETS.homeIsp],
    ['52.95.', NETS.vps],
    ['159.89.', NETS.vps],
    ['45.1.', NETS.tor],
    ['102.89.', NETS.lagosIsp],
    ['2001:db8:', NETS.mobile],
  ]);
  const text = (v: number) => `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
  const text6 = (hi: number, lo: number) =>
    `${[hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff].map((g) => g.toString(16)).join(':')}::1`;
  const asked = { both: 0 };
  // Networks numbered as they are met, as the provider table numbers its own.
  const numbered: NetworkInfo[] = [];
  const idOf = (n: NetworkInfo | undefined) => {
    if (!n) return -1;
    const at = numbered.indexOf(n);
    return at >= 0 ? at : numbered.push(n) - 1;
  };
  const both: GeoLookup = {
    ...textOnly,
    lookupBothV4: (v, out) => {
      asked.both++;
      out.hosting = textOnly.lookupHosting(text(v));
      out.network = idOf(textOnly.lookupNetwork?.(text(v)));
    },
    lookupBothV6: (hi, lo, out) => {
      asked.both++;
      out.hosting = textOnly.lookupHosting(text6(hi, lo));
      out.network = idOf(textOnly.lookupNetwork?.(text6(hi, lo)));
    },
    networkOfId: (id) => numbered[id],
    networkKindOfId: (id) => numbered[id]?.kind,
    networkAsnOfId: (id) => numbered[id]?.asn ?? -1,
  };
  for (const seed of [33, 34]) {
    const a = { ...generatedContext(1500, seed), geo: textOnly };
    a.thresholds.historyLookbackDays = 0;
    const b = { ...a, geo: both };
    const [hostA, hostB, netA, netB] = [loginHosting(a), loginHosting(b), loginNetworks(a), loginNetworks(b)];
    for (let i = 0; i < successfulLogins(a).length; i++) {
      expect(hostB.at(i)).toEqual(hostA.at(i));
      expect(netB.at(i)).toEqual(netA.at(i));
    }
    expect(runRules({ ...b }, allRules)).toEqual(runRules({ ...a }, allRules));
  }
  expect(asked.both).toBeGreaterThan(0);
});

test.each([
  ['words only', [trusted(), trusted({ browser: 'Safari', os: 'iOS' })]],
  ['words and countries', [trusted(), trusted({ browser: 'Safari', os: 'iOS', countries: ['GB'] })]],
  ['words and ranges', [trusted({ ipRanges: ['81.2.69.0/24'] }), trusted({ browser: 'Firefox' })]],
  ['none', []],
])('the trust read per login and activity is isTrusted of the row: %s', (_label, devices) => {
  for (const seed of [41, 42]) {
    const ctx = { ...generatedContext(1500, seed), geo: countingGeo().geo, trustedDevices: devices };
    ctx.thresholds.historyLookbackDays = 0;
    const logins = successfulLogins(ctx);
    const ofLogin = loginTrusted(ctx);
    const answers = logins.map((l, i) => [ofLogin.at(i), isTrusted(ctx, l)]);
    expect(answers.every(([a, b]) => a === b)).toBe(true);
    if (devices.length) expect(answers.some(([a]) => a)).toBe(true);
    const acts = activities(ctx);
    const ofActivity = activityTrusted(ctx);
    expect(acts.every((a, i) => ofActivity.at(i) === isTrusted(ctx, a))).toBe(true);
  }
});

test('a judging asks the tables about each login at most once, however many rules ask about it', () => {
  // Before: the hosting rule asked about every judged sign-in, its baseline of where each device had been about
  // the same logins again, and impossible travel about each once more (about 3 asks a login).
  const { geo, asked } = countingGeo();
  const ctx = { ...generatedContext(3000, 23), geo };
  ctx.thresholds.historyLookbackDays = 0;
  const findings = runRules(ctx, allRules);
  expect(findings.some((f) => f.rule === 'hosting-ip')).toBe(true);
  const logins = successfulLogins(ctx).length;
  // Live sessions and the other accounts' rows are asked about too, a few each.
  const others = ctx.sessions.length * 4 + ctx.otherAccounts.reduce((n, o) => n + o.sessions.length * 4, 0);
  expect(asked.hosting).toBeLessThanOrEqual(logins + others);
  expect(asked.network).toBeLessThanOrEqual(logins + others);
});

test('the prefix of a bare dotted quad is what the general parse gives (property)', () => {
  const slow = (ip: string) => {
    const b = parseIpBits(ip);
    if (b?.version !== 4 || b.known.slice(0, 3).some((k) => k !== 0xff)) return undefined;
    return `4:${b.bytes[0]}.${b.bytes[1]}.${b.bytes[2]}.`;
  };
  const octet = fc.oneof(
    fc.integer({ min: 0, max: 255 }).map(String),
    // Leading zeros and out-of-range values, which the fast path must read (or refuse) as the parse does.
    fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0')),
  );
  fc.assert(
    fc.property(fc.tuple(octet, octet, octet, octet), (parts) => {
      const ip = parts.join('.');
      expect(prefixOf(ip)).toBe(slow(ip));
    }),
    { numRuns: 3000 },
  );
  expect(prefixOf('81.2.69.142')).toBe('4:81.2.69.');
  expect(prefixOf('255.255.255.255')).toBe('4:255.255.255.');
});

test('an ASN set holds what a Set holds, on both sides of its bitmap (property)', () => {
  const asn = fc.oneof(
    fc.integer({ min: 0, max: 70_000 }),
    fc.integer({ min: 2 ** 22 - 40, max: 2 ** 22 + 40 }),
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  );
  fc.assert(
    fc.property(fc.array(asn, { maxLength: 60 }), fc.array(asn, { maxLength: 60 }), (added, asked) => {
      const set = new AsnSet();
      for (const a of added) set.add(a);
      const plain = new Set(added);
      for (const a of [...added, ...asked, 0, 31, 32, 2 ** 22 - 1, 2 ** 22, 2 ** 32 - 1]) {
        expect(set.has(a)).toBe(plain.has(a));
      }
    }),
    { numRuns: 500 },
  );
});

test('the prefix key of an address names the prefix prefixOf names (property)', () => {
  const group = fc.integer({ min: 0, max: 0xffff }).map((g) => g.toString(16));
  const v6 = fc
    .tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.nat(8), fc.boolean())
    .map(([g, cut, upper]) => {
      const text = cut > 1 ? `${g.slice(0, 8 - cut).join(':')}::${g.slice(8 - cut + 1).join(':')}` : g.join(':');
      return upper ? text.toUpperCase() : text;
    });
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
  const other = fc.constantFrom('::ffff:81.2.69.142', '::ffff:5102:458e', '81.2.69.*', '2001:db8:****', 'n/a', '');
  // Two addresses share a key exactly when prefixOf gives them the same prefix.
  fc.assert(
    fc.property(fc.oneof(v4, v6, other), fc.oneof(v4, v6, other), (a, b) => {
      expect(prefixKey(a) === undefined).toBe(prefixOf(a) === undefined);
      if (prefixOf(a) !== undefined && prefixOf(b) !== undefined) {
        expect(prefixKey(a) === prefixKey(b)).toBe(prefixOf(a) === prefixOf(b));
      }
    }),
    { numRuns: 3000 },
  );
  expect(prefixKey('2001:DB8:1:2::5')).toBe(prefixKey('2001:db8:1:2:ffff::1'));
  // The key the baselines build from a login's parsed /64 is the one the text gives.
  const groups = new Uint16Array(8);
  fc.assert(
    fc.property(v6, (ip) => {
      expect(plainV6Groups(ip, groups)).toBe(true);
      const hi = (((groups[0] as number) << 16) | (groups[1] as number)) >>> 0;
      const lo = (((groups[2] as number) << 16) | (groups[3] as number)) >>> 0;
      expect(v6PrefixKey(hi, lo)).toBe(prefixKey(ip));
    }),
    { numRuns: 1000 },
  );
  expect(prefixKey('2001:db8:1:2:****')).toBe(prefixKey('2001:db8:1:2::9'));
  expect(prefixKey('::ffff:81.2.69.142')).toBe(prefixKey('81.2.69.1'));
});
