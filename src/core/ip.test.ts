import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  cidrListMatcher,
  ipInCidr,
  isValidCidr,
  parseIp,
  parseIpBits,
  plainV4Value,
  plainV6Groups,
  sameNetwork,
} from './ip';

describe('parseIp: finding and normalising', () => {
  test.each([
    // [page text, text found, version, address, isMasked]
    ['IP: 203.0.113.42 (Hong Kong)', '203.0.113.42', 4, '203.0.113.42', false],
    ['8.8.8.8', '8.8.8.8', 4, '8.8.8.8', false],
    ['8.8.8.8:53', '8.8.8.8', 4, '8.8.8.8', false],
    ['IP:1.1.1.1', '1.1.1.1', 4, '1.1.1.1', false],
    ['登录IP：101.6.8.9 中国', '101.6.8.9', 4, '101.6.8.9', false],
    ['<td class="ip">52.95.110.1</td>', '52.95.110.1', 4, '52.95.110.1', false],
    ['\u202e52.95.110.1\u202c', '52.95.110.1', 4, '52.95.110.1', false],
    ['010.001.002.003', '010.001.002.003', 4, '10.1.2.3', false],
    ['last seen 1.2.3.4, previously 5.6.7.8', '1.2.3.4', 4, '1.2.3.4', false],
    ['203.0.*.*', '203.0.*.*', 4, '203.0.*.*', true],
    ['203.0.113.***', '203.0.113.***', 4, '203.0.113.*', true],
    ['192.168.xx.xx', '192.168.xx.xx', 4, '192.168.*.*', true],
    ['103.2**.**.12', '103.2**.**.12', 4, '103.*.*.12', true],
    ['IP 45.13*.7.*', '45.13*.7.*', 4, '45.*.7.*', true],
    ['2001:db8::1', '2001:db8::1', 6, '2001:db8::1', false],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:0DB8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1', false],
    ['IPv6:2a01:4f8:c17:1::2.', '2a01:4f8:c17:1::2', 6, '2a01:4f8:c17:1::2', false],
    ['[2606:4700::1111]:443', '2606:4700::1111', 6, '2606:4700::1111', false],
    ['fe80::1%eth0', 'fe80::1', 6, 'fe80::1', false],
    ['::ffff:8.8.4.4', '::ffff:8.8.4.4', 4, '8.8.4.4', false],
    ['64:ff9b::808:808', '64:ff9b::808:808', 6, '64:ff9b::808:808', false],
    ['2001:db8:****', '2001:db8:****', 6, '2001:db8:*:*:*:*:*:*', true],
    ['2001:db8:85a3:*:*:*:*:*', '2001:db8:85a3:*:*:*:*:*', 6, '2001:db8:85a3:*:*:*:*:*', true],
    ['2001:db8::****', '2001:db8::****', 6, '2001:db8:0:0:0:0:0:*', true],
  ])('%j', (input, text, version, address, isMasked) => {
    const p = parseIp(input);
    expect(p).toMatchObject({ text, version, address, isMasked });
  });

  test.each([
    ['', 'empty'],
    ['1.2.3', 'three-part v4 that ipaddr.js would accept'],
    ['1.2.3.256', 'octet out of range'],
    ['1.2.3.4.5', 'five parts'],
    ['Chrome 126.0.6478.127', 'browser version'],
    ['App v1.2.3.4', 'version with a v'],
    ['0x7f.0.0.1', 'hex octet'],
    ['*.*.*.*', 'fully masked: no information'],
    ['12:34:56', 'clock time'],
    ['12:34:**', 'masked-looking clock'],
    ['2001:db8::1::2', 'two ::'],
    ['1:2:3:4:5:6:7:8:9', 'nine groups'],
    ['2001:db8:12345::1', 'five-digit group'],
    ['Unknown', 'no address'],
    ['IP: ---', 'placeholder'],
  ])('%j → undefined (%s)', (input) => {
    expect(parseIp(input)).toBeUndefined();
  });

  test.each([
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['100.128.0.1', false],
    ['127.0.0.1', true],
    ['169.254.10.10', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['224.0.0.251', true],
    ['198.18.0.1', true],
    ['8.8.8.8', false],
    // Documentation ranges stay "public" on purpose: fixtures use them for real-world addresses.
    ['203.0.113.7', false],
    ['2001:db8::7', false],
    ['::1', true],
    ['::', true],
    ['fe80::abcd', true],
    ['fd12:3456:789a::1', true],
    ['ff02::1', true],
    ['2606:4700::1111', false],
    ['::ffff:10.0.0.1', true],
    ['::ffff:1.1.1.1', false],
    ['64:ff9b::101:101', false],
    ['10.*.*.*', true],
    ['192.168.*.*', true],
    ['172.*.*.*', false],
    ['203.0.*.*', false],
    ['fe80:****', true],
    ['2a01:****', false],
  ])('isNonPublic(%s) = %s', (input, expected) => {
    expect(parseIp(input)?.isNonPublic).toBe(expected);
  });

  test.each([
    ['203.0.113.42', '203.0.113.42'],
    ['203.0.113.***', '203.0.113.*'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::ffff', '2001:db8:1:2::/64'],
    ['2001:db8:****', '2001:db8::/32'],
    ['2001:db8:1:2:3:*:*:*', '2001:db8:1:2::/64'],
  ])('group(%s) = %s', (input, group) => {
    expect(parseIp(input)?.group).toBe(group);
  });

  test('a masked v6 group hides only itself, so the known tail still counts', () => {
    const bits = parseIpBits('2001:db8:*:*::1');
    expect(bits?.known).toEqual([255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255]);
  });
});

describe('ipInCidr', () => {
  test.each([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['10.1.2.3', '10.1.2.3', true],
    ['10.1.2.4', '10.1.2.3', false],
    ['192.168.1.77', '192.168.1.5/24', true],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['2001:db8:1::5', '2001:db8::/32', true],
    ['2001:db9::5', '2001:db8::/32', false],
    ['::ffff:10.9.9.9', '10.0.0.0/8', true],
    ['10.9.9.9', '::ffff:10.0.0.0/104', true],
    ['10.9.9.9', '2001:db8::/32', false],
    ['2001:db8::1', '10.0.0.0/8', false],
    // Masked: inside only when every hidden value is.
    ['203.0.113.***', '203.0.113.0/24', true],
    ['203.0.113.***', '203.0.113.0/25', false],
    ['203.0.*.*', '203.0.113.0/24', false],
    ['203.0.*.*', '203.0.0.0/16', true],
    ['2001:db8:****', '2001:db8::/32', true],
    ['2001:db8:****', '2001:db8::/48', false],
    // Unparsable on either side.
    ['1.2.3', '1.2.3.0/24', false],
    ['1.2.3.4', '1.2.3/24', false],
    ['1.2.3.4', '1.2.3.0/33', false],
    ['1.2.3.4', '1.2.3.0/-1', false],
    ['1.2.3.4', '', false],
    ['', '0.0.0.0/0', false],
    ['1.2.3.4', '1.2.3.*/24', false],
    // A range is read like page text: four decimal parts, leading zeros decimal (never octal, never hex).
    ['10.1.2.3', '010.000.0.0/8', true],
    ['8.1.2.3', '010.000.0.0/8', false],
    ['127.0.0.1', '0x7f.0.0.1', false],
  ])('%s in %s → %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });
});

describe('isValidCidr', () => {
  test.each([
    ['10.0.0.0/8', true],
    [' 192.168.0.0/16 ', true],
    ['1.2.3.4', true],
    ['2001:db8::/32', true],
    ['2001:db8::1', true],
    ['::/0', true],
    ['0.0.0.0/0', true],
    ['10.0.0.0/32', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['1.2.3/24', false],
    ['1.2.3.4.5', false],
    ['0x7f.0.0.1', false],
    ['1.2.3.0256', false],
    ['001.002.003.004/32', true],
    ['1.2.3.4/', false],
    ['1.2.3.4/24/8', false],
    ['10.0.0.0 /8', false],
    ['203.0.*.*/16', false],
    ['2001:db8::/+32', false],
    ['example.com', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isValidCidr(text)).toBe(expected);
  });
});

describe('sameNetwork', () => {
  test.each([
    ['1.2.3.4', '1.2.3.4', true],
    ['1.2.3.4', '1.2.3.5', false],
    ['203.0.113.***', '203.0.113.42', true],
    ['203.0.113.42', '203.0.113.*', true],
    ['203.0.113.***', '203.0.114.42', false],
    ['203.0.*.*', '203.0.113.42', false],
    ['2001:db8:1:2::5', '2001:db8:1:2:ffff::1', true],
    ['2001:db8:1:2::5', '2001:db8:1:3::5', false],
    ['2001:db8:1:2:*:*:*:*', '2001:db8:1:2::9', true],
    ['2001:db8:****', '2001:db8::9', false],
    ['::ffff:1.2.3.4', '1.2.3.4', true],
    ['1.2.3.4', '2001:db8::1', false],
    ['', '', false],
    ['garbage', 'garbage', false],
  ])('%s ~ %s → %s', (a, b, expected) => {
    expect(sameNetwork(a, b)).toBe(expected);
    expect(sameNetwork(b, a)).toBe(expected);
  });
});

// Property runs are many; a busy machine must not turn them into timeouts.
describe('properties', { timeout: 30_000 }, () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
  const junk = fc.string({ unit: 'binary', maxLength: 60 });
  const ipish = fc
    .array(fc.constantFrom('1', '.', ':', '::', '*', 'ff', '2001', 'db8', '255', '256', 'x', ' ', '[', ']', '%', 'a'), {
      maxLength: 40,
    })
    .map((a) => a.join(''));

  test('parseIp never throws on arbitrary text and address-like soup', () => {
    fc.assert(
      fc.property(fc.oneof(junk, ipish), (s) => {
        const p = parseIp(s);
        if (p) {
          expect(s).toContain(p.text);
          expect([4, 6]).toContain(p.version);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('any four-part v4 embedded in text is found and round-trips', () => {
    fc.assert(
      fc.property(
        v4,
        fc.constantFrom('', 'IP: ', '登录 ', '('),
        fc.constantFrom('', ' (Tokyo)', ')', '.'),
        (ip, pre, post) => {
          const p = parseIp(`${pre}${ip}${post}`);
          expect(p?.address).toBe(ip);
          expect(p?.group).toBe(ip);
          expect(ipInCidr(ip, `${ip}/32`)).toBe(true);
          expect(ipInCidr(ip, '0.0.0.0/0')).toBe(true);
        },
      ),
    );
  });

  test('any v6 address is found in its compressed and full forms, and they agree', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (g) => {
        const full = g.map((x) => x.toString(16).padStart(4, '0')).join(':');
        const a = parseIp(`IP ${full} ok`);
        expect(a?.version === 6 || a?.version === 4).toBe(true);
        const b = a && parseIp(a.address);
        expect(b?.address).toBe(a?.address);
        expect(sameNetwork(full, a?.address ?? '')).toBe(true);
      }),
    );
  });

  // Bare addresses take a fast path; inside page text they take the full scan. Both must read the same bits.
  test('a bare address reads as the same address inside page text', () => {
    const oddities = fc.constantFrom('01.002.3.4', '256.1.1.1', '1.2.3', '1:2', ':::', '::', '1::', '::1', 'ABCD::EF');
    const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    const compressed = groups.map((g) =>
      g
        .map((x) => x.toString(16))
        .join(':')
        .replace(/(^|:)0(:0)+(:|$)/, '::'),
    );
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), compressed, oddities), (ip) => {
        expect(parseIpBits(ip)).toEqual(parseIpBits(`IP: ${ip} ok`));
      }),
      { numRuns: 2000 },
    );
  });

  test('masking more octets never turns "outside" into "inside"', () => {
    fc.assert(
      fc.property(v4, octet, fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1, max: 3 }), (ip, n, bits, hide) => {
        const cidr = `${n}.0.0.0/${bits}`;
        const parts = ip.split('.');
        const masked = parts.map((p, i) => (i >= 4 - hide ? '***' : p)).join('.');
        if (ipInCidr(masked, cidr)) expect(ipInCidr(ip, cidr)).toBe(true);
      }),
    );
  });

  // Catastrophic backtracking takes seconds or worse; the bound leaves room for a busy machine.
  test('bounded time on 100 KB inputs', () => {
    const inputs = [
      '1'.repeat(100_000),
      '1.'.repeat(50_000),
      ':'.repeat(100_000),
      'a:'.repeat(50_000),
      `${'1:'.repeat(50_000)}g`,
      '*.'.repeat(50_000),
      `${'x'.repeat(99_990)} 8.8.8.8`,
    ];
    for (const s of inputs) {
      const t0 = performance.now();
      parseIp(s);
      ipInCidr(s, s);
      sameNetwork(s, s);
      isValidCidr(s);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });

  test('the bare-v4 fast paths agree with the full parse', () => {
    const list = ['2001:db8::/32', '::ffff:45.1.1.0/120', '45.1.1.0/24', '10.0.0.0/8', '198.51.100.7', '0.0.0.0/1'];
    const prefix = fc.integer({ min: 0, max: 32 });
    // Parts past 255, leading zeros, three or five parts.
    const part = fc.oneof(octet, fc.constantFrom(255, 256, 999, 1000));
    // Near 2001:db8:: so that ranges and addresses meet; sometimes a mapped v4 written in hex.
    const v6 = fc
      .tuple(
        fc.constantFrom('2001:db8::', '2001:db9::', '::ffff:'),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 2, maxLength: 2 }),
      )
      .map(([head, tail]) => `${head}${tail.map((x) => x.toString(16)).join(':')}`);
    const loose = fc.array(part, { minLength: 3, maxLength: 5 }).map((p) => p.join('.'));
    fc.assert(
      fc.property(fc.oneof(v4, ipish, loose, v6), fc.array(fc.tuple(fc.oneof(v4, v6), prefix)), (ip, extra) => {
        const cidrs = [...list, ...extra.map(([net, bits]) => `${net}/${net.includes(':') ? bits * 4 : bits}`)];
        expect(cidrListMatcher(cidrs)(ip)).toBe(cidrs.find((c) => ipInCidr(ip, c)));
        const bits = parseIpBits(ip);
        const whole = bits?.version === 4 && bits.known.every((k) => k === 0xff) && /^[\d.]+$/.test(ip);
        const [a = 0, b = 0, c = 0, d = 0] = bits?.bytes ?? [];
        expect(plainV4Value(ip)).toBe(whole ? ((a * 256 + b) * 256 + c) * 256 + d : -1);
      }),
      { numRuns: 2000 },
    );
  });

  test('the bare-v4 value reads exactly four parts of one to three digits, each at most 255', () => {
    const strict = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
    const expected = (s: string) => {
      const m = strict.exec(s);
      const parts = m ? m.slice(1).map(Number) : [];
      return m && parts.every((p) => p <= 255) ? parts.reduce((v, p) => v * 256 + p, 0) : -1;
    };
    // Digits and dots in any order and number (empty parts, four-digit ones, a dot at either end), and a few others.
    const soup = fc
      .array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '.', '25', '255', '256', ' ', 'a', ':', '/'), {
        maxLength: 12,
      })
      .map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(soup, v4), (s) => {
        expect(plainV4Value(s)).toBe(expected(s));
      }),
      { numRuns: 5000 },
    );
    for (const s of ['0.0.0.0', '255.255.255.255', '1.2.3.04', '001.002.003.004', '1.2.3.4.', '.1.2.3.4', '1..2.3']) {
      expect(plainV4Value(s)).toBe(expected(s));
    }
  });

  test('the bare-v6 fast path reads what the full parse reads', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    // Eight groups written in full, with a zero run compressed, in either case; and hex-and-colon soup.
    const written = fc
      .tuple(fc.array(group, { minLength: 8, maxLength: 8 }), fc.nat(8), fc.nat(8), fc.boolean())
      .map(([g, from, len, upper]) => {
        const hex = g.map((x) => x.toString(16));
        const cut = Math.min(len, 8 - Math.min(from, 8));
        const text = cut ? `${hex.slice(0, from).join(':')}::${hex.slice(from + cut).join(':')}` : hex.join(':');
        return upper ? text.toUpperCase() : text;
      });
    const soup = fc
      .array(fc.constantFrom('1', ':', '::', 'ff', 'FFFF', '0', 'db8', '12345', 'g'), { maxLength: 14 })
      .map((a) => a.join(''));
    const out = new Uint16Array(8);
    const agrees = (text: string) => {
      if (!plainV6Groups(text, out)) return false;
      const bits = parseIpBits(text);
      const bytes = [...out].flatMap((g) => [g >> 8, g & 0xff]);
      // A mapped v4 address comes back as v4 from the full parse.
      expect(bits?.bytes).toEqual(bits?.version === 4 ? bytes.slice(12) : bytes);
      return true;
    };
    fc.assert(
      fc.property(written, (text) => {
        expect(agrees(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // Soup it refuses goes the long way; what it takes must read the same.
    fc.assert(
      fc.property(soup, (text) => {
        agrees(text);
      }),
      { numRuns: 3000 },
    );
  });
});
