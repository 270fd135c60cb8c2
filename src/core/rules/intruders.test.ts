import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { runRules } from '../evaluate';
import { combinedSeverity, foldIncidents, judge } from '../incident';
import { type Finding, MAX_INCIDENT_REASONS, type Severity } from '../types';
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

describe('an incident keeps a bounded list of reasons (the stored format holds at most MAX_INCIDENT_REASONS)', () => {
  // One intruder (one device, one network) behind many sessions, each giving the same rule's finding, and a few
  // findings of other rules at the end of the rules' order: more reasons than an incident keeps.
  const finding = (rule: string, severity: Severity, i: number): Finding => ({
    rule,
    subject: `s${i}`,
    severity,
    reason: `${rule} ${i}`,
    evidence: { device: STRANGER, ip: `203.0.113.${i % 250}`, location: 'Frankfurt, Germany', time: NOW - i },
  });
  const many = [
    ...Array.from({ length: MAX_INCIDENT_REASONS * 3 }, (_, i) => finding('cross-account', 'medium', i)),
    finding('night-sign-in', 'low', 9_000),
    finding('new-city', 'low', 9_001),
    finding('unknown-device', 'medium', 9_002),
  ];
  test('every rule keeps its worst reason, the rest fill up in order, and the severity is that of all of them', () => {
    const [incident, ...rest] = foldIncidents(base({}), many);
    expect(rest).toEqual([]);
    const reasons = incident?.reasons ?? [];
    expect(reasons).toHaveLength(MAX_INCIDENT_REASONS);
    expect(new Set(reasons.map((r) => r.rule))).toEqual(new Set(many.map((f) => f.rule)));
    expect(incident?.severity).toBe(combinedSeverity(many));
    // In the order of all of them: the worst first, then each rule in the rules' order.
    expect(reasons[0]?.rule).toBe('unknown-device');
    expect(reasons.slice(-2).map((r) => r.rule)).toEqual(['new-city', 'night-sign-in']);
  });
  test('fewer reasons are all kept', () => {
    const [incident] = foldIncidents(base({}), many.slice(0, 10));
    expect(incident?.reasons).toHaveLength(10);
  });
});
