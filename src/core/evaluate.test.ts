import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Catalog, messageText } from '../shared/message-text';
import { countsOnBadge, reconcileWarnings, runRules, warningId } from './evaluate';
import { allRules } from './rules';
import { newSession } from './rules/new-session';
import type { Rule, RuleContext } from './rules/rule';
import { RULE_IDS } from './rules/rule-ids';
import { ACCOUNT_ID, ctx, FIREFOX_LINUX, NOW, session, trusted } from './rules/test-helpers';
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

describe('one stranger, one warning', () => {
  const stranger = session({ device: FIREFOX_LINUX, location: 'London, United Kingdom' });
  const open = (c: RuleContext) =>
    reconcileWarnings([], runRules(c, allRules), ACCOUNT_ID, NOW).upserts.filter(countsOnBadge);

  test('a new untrusted session counts once on the badge, as an unknown device that says it is new', () => {
    const c = ctx({ sessions: [stranger], newSessionKeys: [stranger.key] });
    // Alone, the new-session rule still finds it: the fold, not the rule, is what keeps it off the badge.
    expect(newSession.evaluate(c)).toHaveLength(1);
    const badge = open(c);
    expect(badge.map((w) => [w.rule, w.subject, w.severity])).toEqual([['unknown-device', stranger.key, 'high']]);
    expect(badge[0]?.reason).toMatch(/new since your last visit/);
    expect(badge[0]?.evidence.isNew).toBe(true);
  });

  test('a new session trusted only in its country is neither an unknown device nor a new session', () => {
    const phone = trusted({ browser: 'Firefox', os: 'Linux', countries: ['GB'] });
    const c = ctx({ sessions: [stranger], newSessionKeys: [stranger.key], trustedDevices: [phone] });
    expect(runRules(c, allRules).map((x) => x.rule)).toEqual([]);
  });

  test('the fold only drops findings about the same subject', () => {
    const other = session({ device: FIREFOX_LINUX });
    const only = {
      ...newSession,
      evaluate: () => newSession.evaluate(ctx({ sessions: [other], newSessionKeys: [other.key] })),
    };
    const c = ctx({ sessions: [stranger] });
    const rules = allRules.map((r) => (r.id === 'new-session' ? only : r));
    expect(runRules(c, rules).map((x) => [x.rule, x.subject])).toEqual([
      ['unknown-device', stranger.key],
      ['new-session', other.key],
    ]);
  });
});

describe('a rule switched off', () => {
  const stranger = session({ device: FIREFOX_LINUX, location: 'London, United Kingdom' });

  test('gives no finding; the rules left on still run', () => {
    const on: Rule = { id: 'on', title: 'On', evaluate: () => [{ ...f('x'), rule: 'on' }] };
    const off: Rule = { id: 'off', title: 'Off', evaluate: () => [{ ...f('y'), rule: 'off' }] };
    const c = { enabledRules: { off: false, on: true } } as unknown as RuleContext;
    expect(runRules(c, [on, off]).map((x) => x.rule)).toEqual(['on']);
    // Absent from the map is on.
    expect(runRules({} as RuleContext, [on, off]).map((x) => x.rule)).toEqual(['on', 'off']);
  });

  test('supersedes nothing: the finding it would have folded in comes back', () => {
    const c = ctx({ sessions: [stranger], newSessionKeys: [stranger.key], enabledRules: { 'unknown-device': false } });
    expect(runRules(c, allRules).map((x) => [x.rule, x.subject])).toEqual([['new-session', stranger.key]]);
  });
});

test('RULE_IDS lists every rule, in the order of allRules', () => {
  expect([...RULE_IDS]).toEqual(allRules.map((r) => r.id));
});

test('a rule that could not run is named from the catalogs in the reason, in the reader’s language', () => {
  const broken: Rule = {
    id: 'new-city',
    title: 'A sign-in from a city far from the places you use your account',
    evaluate: () => {
      throw new Error('boom');
    },
  };
  const [finding] = runRules({} as RuleContext, [broken]);
  const read = (locale: string): Catalog =>
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'public', '_locales', locale, 'messages.json'), 'utf8'),
    );
  const en = read('en');
  const zh = read('zh_CN');
  const words = messageText({ locale: () => 'zh_CN', lookup: (key) => zh[key]?.message ?? en[key]?.message });
  expect(finding?.message && words.renderReason(finding.message)).toContain(zh.options_rule_newCity?.message);
  expect(finding?.reason).toContain(broken.title);
});
