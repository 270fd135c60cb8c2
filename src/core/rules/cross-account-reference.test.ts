import { expect, test } from 'vitest';
import { parseIp, sameNetwork } from '../ip';
import { foldText } from '../text';
import type { StoredSession } from '../types';
import { crossAccount } from './cross-account';
import { isTrusted } from './history';
import type { RuleContext } from './rule';
import { account, ctx, DAY, NOW, session, trusted } from './test-helpers';

// The rule indexes the other accounts' sessions once per judging; this is the search it replaced, every session
// of every other account compared in order. The two must find the same sessions, reasons included.
function crossAccountRef(c: RuleContext) {
  const specific = (s: StoredSession) =>
    s.userAgent && s.userAgent.length > 40 ? `ua:${foldText(s.userAgent)}` : undefined;
  const isPublic = (ip: string | undefined): ip is string => {
    const p = ip ? parseIp(ip) : undefined;
    return p !== undefined && !p.isNonPublic;
  };
  const out: { subject: string; otherAccount: string; reason: string }[] = [];
  for (const s of c.sessions) {
    if (s.goneAt !== undefined || isTrusted(c, s)) continue;
    const ua = specific(s);
    for (const other of c.otherAccounts) {
      if (other.account.id === c.account.id) continue;
      const hit = other.sessions.find(
        (o) =>
          o.goneAt === undefined &&
          ((isPublic(s.ip) && isPublic(o.ip) && sameNetwork(s.ip, o.ip)) || (ua !== undefined && specific(o) === ua)),
      );
      if (!hit) continue;
      const byIp = isPublic(s.ip) && isPublic(hit.ip) && sameNetwork(s.ip, hit.ip);
      out.push({
        subject: `${s.key}|${other.account.id}`,
        otherAccount: other.account.id,
        reason: byIp ? `network ${s.ip}` : 'fingerprint',
      });
      break;
    }
  }
  return out;
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

// Few networks, so that accounts share them: whole and masked v4 in the same /24, v4 seen through v6, v6 in the
// same /64 and not, private and unreadable addresses.
const IPS = [
  '81.2.69.142',
  '81.2.69.143',
  '81.2.69.*',
  '81.2.*.*',
  '::ffff:81.2.69.142',
  '203.0.113.7',
  '52.95.110.1',
  '2a02:c7f:1234:5600::1',
  '2a02:c7f:1234:5600::99',
  '2a02:c7f:1234:5601::1',
  '2a02:c7f:****:****::1',
  '10.0.0.2',
  '192.168.1.1',
  'unknown',
  '',
];
const UAS = [
  undefined,
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15',
  'short UA',
];
const DEVICES = ['Chrome 126 (Windows 10)', 'Safari 17 (macOS)', 'Firefox 128 (Linux)'];

function generated(seed: number, own: number, others: number, perOther: number): RuleContext {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const gen = (accountId: string, n: number) =>
    Array.from({ length: n }, () =>
      session({
        accountId,
        ip: pick(IPS),
        userAgent: pick(UAS),
        device: pick(DEVICES),
        ...(r() < 0.2 ? { goneAt: NOW - DAY } : {}),
      }),
    );
  const otherAccounts = Array.from({ length: others }, (_, i) => {
    const a = account(`okx:other${i}`);
    return { account: a, sessions: gen(a.id, perOther), logins: [] };
  });
  // The account itself among the others is skipped.
  otherAccounts.push({ account: account(), sessions: gen(account().id, 5), logins: [] });
  return ctx({
    sessions: gen(account().id, own),
    otherAccounts,
    trustedDevices: [trusted({ name: 'Linux box', browser: 'Firefox', os: 'Linux' })],
  });
}

test.each([
  [1, 40, 2, 30],
  [2, 200, 4, 200],
  [3, 600, 3, 50],
])('cross-account finds what the search of every pair finds (seed %i)', (seed, own, others, perOther) => {
  const c = generated(seed, own, others, perOther);
  const fast = crossAccount.evaluate(c).map((f) => ({
    subject: f.subject,
    otherAccount: String(f.evidence.otherAccount),
    reason: f.message?.key === 'reason_crossAccountNetwork' ? `network ${f.evidence.ip}` : 'fingerprint',
  }));
  const ref = crossAccountRef(c);
  expect(fast).toEqual(ref);
  // Both kinds of match, so the comparison proves something.
  expect(ref.some((f) => f.reason === 'fingerprint')).toBe(true);
  expect(ref.some((f) => f.reason.startsWith('network'))).toBe(true);
});
