import { describe, expect, test } from 'vitest';
import { reconcileWarnings, runRules } from '../evaluate';
import type { Finding } from '../types';
import { FindingGroups, occurrences } from './group';
import { impossibleTravel } from './impossible-travel';
import { allRules } from './index';
import { newCountry } from './new-country';
import { ctx, FIREFOX_LINUX, HOUR, history, login, NOW, session } from './test-helpers';

const finding = (subject: string, time: number): Finding => ({
  rule: 'r',
  subject,
  severity: 'high',
  reason: subject,
  evidence: { time },
});

describe('FindingGroups', () => {
  test('the first finding of a group stands for it, counting the repeats and the latest time', () => {
    const g = new FindingGroups();
    expect(g.repeat(['Tokyo', 'chrome'], 10)).toBe(false);
    g.add(['Tokyo', 'chrome'], finding('a', 10));
    expect(g.repeat(['Tokyo', 'firefox'], 20)).toBe(false);
    g.add(['Tokyo', 'firefox'], finding('b', 20));
    expect(g.repeat(['Tokyo', 'chrome'], 30)).toBe(true);
    expect(g.repeat(['Tokyo', 'chrome'], 40)).toBe(true);
    expect(g.findings.map((f) => [f.subject, occurrences(f), f.evidence.time, f.evidence.lastTime])).toEqual([
      ['a', 3, 10, 40],
      ['b', 1, 20, undefined],
    ]);
  });
});

const london = history(8, { location: 'London, United Kingdom' });

describe('repeats are one warning per place and device', () => {
  test('a stranger hopping London → Tokyo all day: one impossible-travel finding per arrival place', () => {
    const hops = Array.from({ length: 40 }, (_, i) =>
      login({
        time: NOW - 40 * HOUR + i * HOUR,
        location: i % 2 ? 'Tokyo, Japan' : 'London, United Kingdom',
        ...(i % 2 ? { device: FIREFOX_LINUX, ip: '126.0.0.1' } : {}),
      }),
    );
    const found = impossibleTravel.evaluate(ctx({ logins: [...london, ...hops] }));
    expect(found.map((f) => [f.evidence.location, occurrences(f)])).toEqual([
      ['Tokyo, Japan', 20],
      ['London, United Kingdom', 19],
    ]);
    const tokyo = found[0] as Finding;
    expect(tokyo.subject).toBe(hops[1]?.key);
    expect(tokyo.evidence.time).toBe(hops[1]?.time);
    expect(tokyo.evidence.lastTime).toBe(hops[39]?.time);
  });

  test('two sessions of the same stranger from a new country: one finding; another device is its own', () => {
    const lagos = { location: 'Lagos, Nigeria', ip: '102.89.0.1' };
    const found = newCountry.evaluate(
      ctx({
        logins: history(6, { location: 'Hong Kong', ip: '1.36.0.10' }),
        sessions: [
          session({ ...lagos, device: FIREFOX_LINUX, firstSeen: NOW - 3 * HOUR }),
          session({ ...lagos, device: 'Firefox 129 (Linux)', firstSeen: NOW - 2 * HOUR }),
          session({ ...lagos, device: 'Safari (iPad, iPadOS 16)', firstSeen: NOW - HOUR }),
        ],
      }),
    );
    expect(found.map(occurrences)).toEqual([2, 1]);
    expect(found.map((f) => f.severity)).toEqual(['high', 'high']);
  });

  test('a history where every sign-in jumps: a handful of warnings stand for over a thousand sign-ins', () => {
    const places = ['Tokyo, Japan', 'London, United Kingdom', 'New York, United States', 'Sydney, Australia'];
    const logins = Array.from({ length: 2000 }, (_, i) =>
      login({ time: NOW - 2000 * HOUR + i * HOUR, location: places[(i * 7) % 4], ip: `81.2.${i % 250}.${i % 7}` }),
    );
    const found = runRules(ctx({ logins }), allRules);
    const travel = found.filter((f) => f.rule === 'impossible-travel');
    expect(travel.length).toBeLessThanOrEqual(places.length);
    expect(travel.reduce((n, f) => n + occurrences(f), 0)).toBeGreaterThan(1000);
  });
});

describe('an answered group reopens when a later sign-in joins it', () => {
  const A = 'binance:1';
  const grouped = (last: number): Finding => ({
    ...finding('s1', 10),
    evidence: { time: 10, count: 2, lastTime: last },
  });
  test.each(['acknowledged', 'dismissed'] as const)('%s', (state) => {
    const answered = reconcileWarnings([], [grouped(20)], A, 100).upserts.map((w) => ({ ...w, state }));
    const same = reconcileWarnings(answered, [grouped(20)], A, 200);
    expect(same.raised).toEqual([]);
    expect(same.upserts[0]?.state).toBe(state);
    const grown = reconcileWarnings(same.upserts, [grouped(30)], A, 300);
    expect(grown.raised).toHaveLength(1);
    expect(grown.upserts[0]).toMatchObject({ state: 'open', stateChangedAt: 300 });
  });
  test('a finding that is no group (a session seen again) stays answered', () => {
    const single = { ...finding('s1', 10) };
    const answered = reconcileWarnings([], [single], A, 100).upserts.map((w) => ({
      ...w,
      state: 'dismissed' as const,
    }));
    const later = reconcileWarnings(answered, [{ ...single, evidence: { time: 50 } }], A, 200);
    expect(later.upserts[0]?.state).toBe('dismissed');
  });
});
