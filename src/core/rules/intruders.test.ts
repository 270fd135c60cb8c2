import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRules } from '../evaluate';
import { judge } from '../incident';
import type { Finding, Severity } from '../types';
import { backdoorCases } from './backdoor-cases';
import { allRules } from './index';
import { base, intruderCases, MAC, mine, ordinaryLife, PHONE, STRANGER, TOR, VPS } from './intruder-cases';
import { HOUR, login, NOW, session, trusted } from './test-helpers';

const rank: Record<Severity, number> = { high: 2, medium: 1, low: 0 };
const worst = (fs: Finding[]) =>
  fs.reduce<Severity | undefined>((w, f) => (!w || rank[f.severity] > rank[w] ? f.severity : w), undefined);

describe('one incident per intruder, judged by what the attacker cannot fake', () => {
  test.each([...intruderCases, ...backdoorCases].map((x) => [x.label, x] as const))('%s', (_l, x) => {
    const incidents = judge(x.c);
    const w = worst(incidents);
    if (x.isTakeover) {
      // A takeover is one high incident (never several warnings about the one intruder).
      expect(w, JSON.stringify(incidents.map((f) => [f.rule, f.severity]))).toBe('high');
      expect(incidents.filter((f) => f.severity === 'high')).toHaveLength(1);
    } else {
      expect(
        rank[w ?? 'low'],
        JSON.stringify(incidents.map((f) => [f.rule, f.severity, f.reason])),
      ).toBeLessThanOrEqual(rank[x.atMost ?? 'low']);
    }
  });
});

describe('device text never makes a rented network quiet', () => {
  test('any device text, any trusted device made of it, from a rented server the account never used: high', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(MAC, PHONE, STRANGER, 'Chrome on macOS', '', 'Binance App (iPhone 15 Pro, iOS 17.5)'),
        fc.string({ maxLength: 30 }),
        fc.boolean(),
        fc.constantFrom(VPS, TOR, '52.95.110.1'),
        fc.boolean(),
        (device, extra, trustIt, ip, asLogin) => {
          const text = `${device} ${extra}`.trim();
          const entry = trusted({ name: 'copy', browser: undefined, os: undefined, pattern: text || 'x' });
          const row = { device: text, ip, location: 'Frankfurt, Germany' };
          const c = base({
            trustedDevices: trustIt ? [...mine, entry] : mine,
            logins: asLogin ? [...ordinaryLife(), login({ time: NOW - HOUR, ...row })] : ordinaryLife(),
            sessions: asLogin ? [] : [session(row)],
          });
          expect(worst(judge(c))).toBe('high');
        },
      ),
      { numRuns: 60 },
    );
  });
});

test('the figures: precision, recall and warnings per intruder over the pairs', () => {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let incidents = 0;
  let findings = 0;
  for (const x of intruderCases) {
    const judged = judge(x.c);
    const w = worst(judged);
    if (x.isTakeover) {
      if (w === 'high') tp++;
      else fn++;
      // What the user is shown about the intruder, and what the rules found before folding.
      incidents += judged.filter((f) => f.severity !== 'low').length;
      findings += runRules(x.c, allRules).filter((f) => f.severity !== 'low').length;
    } else if (rank[w ?? 'low'] > rank[x.atMost ?? 'low']) fp++;
  }
  const takeovers = tp + fn;
  console.log(
    `intruder pairs: ${intruderCases.length}; precision ${(tp / (tp + fp)).toFixed(2)}, recall ${(tp / takeovers).toFixed(2)}; warnings per intruder ${(incidents / takeovers).toFixed(2)} (rule findings before folding ${(findings / takeovers).toFixed(2)})`,
  );
  expect(fn).toBe(0);
  expect(fp).toBe(0);
  expect(incidents).toBe(takeovers);
});
