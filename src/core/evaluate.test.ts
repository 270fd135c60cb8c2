import { describe, expect, test } from 'vitest';
import { countsOnBadge, reconcileWarnings, runRules, warningId } from './evaluate';
import type { Rule, RuleContext } from './rules/rule';
import type { Finding, StoredWarning } from './types';

const A = 'binance:1';
const f = (subject: string, severity: Finding['severity'] = 'high'): Finding => ({
  rule: 'unknown-device',
  subject,
  severity,
  reason: `r ${subject}`,
  evidence: {},
});

describe('reconcileWarnings', () => {
  test('a new finding opens a warning and is reported as raised', () => {
    const r = reconcileWarnings([], [f('s1')], A, 10);
    expect(r.upserts).toMatchObject([{ id: warningId(A, f('s1')), state: 'open', firstRaisedAt: 10 }]);
    expect(r.raised).toHaveLength(1);
  });
  test('an open warning found again is not raised again', () => {
    const first = reconcileWarnings([], [f('s1')], A, 10).upserts;
    const r = reconcileWarnings(first, [f('s1')], A, 20);
    expect(r.raised).toEqual([]);
    expect(r.upserts[0]).toMatchObject({ state: 'open', firstRaisedAt: 10, lastRaisedAt: 20 });
  });
  test.each(['acknowledged', 'dismissed'] as const)('a %s warning stays quiet', (state) => {
    const first = reconcileWarnings([], [f('s1')], A, 10).upserts.map((w) => ({ ...w, state }));
    const r = reconcileWarnings(first, [f('s1')], A, 20);
    expect(r.raised).toEqual([]);
    expect(r.upserts[0]?.state).toBe(state);
  });
  test('a warning whose finding is gone is resolved, and reopens if it returns', () => {
    const first = reconcileWarnings([], [f('s1')], A, 10).upserts;
    const resolved = reconcileWarnings(first, [], A, 20).upserts;
    expect(resolved[0]?.state).toBe('resolved');
    const back = reconcileWarnings(resolved, [f('s1')], A, 30);
    expect(back.raised).toHaveLength(1);
    expect(back.upserts[0]).toMatchObject({ state: 'open', firstRaisedAt: 30 });
  });
});

test('a rule that throws becomes a low finding and the others still run', () => {
  const bad: Rule = {
    id: 'bad',
    title: 'Bad',
    evaluate: () => {
      throw new Error('boom');
    },
  };
  const good: Rule = { id: 'good', title: 'Good', evaluate: () => [f('x')] };
  const out = runRules({} as RuleContext, [bad, good]);
  expect(out.map((x) => [x.rule, x.severity])).toEqual([
    ['bad', 'low'],
    ['unknown-device', 'high'],
  ]);
  expect(out[0]?.reason).toContain('boom');
});

test.each([
  ['open', 'high', true],
  ['open', 'medium', true],
  ['open', 'low', false],
  ['acknowledged', 'high', false],
  ['resolved', 'high', false],
] as const)('badge counts %s %s: %s', (state, severity, counted) => {
  expect(countsOnBadge({ state, severity } as StoredWarning)).toBe(counted);
});
