import { expect, test } from 'vitest';
import { judge } from './incident';
import { countedIncidents, highSignalSessions, incidentsOfWarnings } from './incidents';
import { ctx, login, NOW, session } from './rules/test-helpers';
import type { Finding, StoredSession, StoredWarning } from './types';

const stored = (f: Finding, i: number, state: StoredWarning['state'] = 'open'): StoredWarning => ({
  ...f,
  id: `a|${f.rule}|${f.subject}|${i}`,
  accountId: 'a',
  state,
  firstRaisedAt: NOW,
  lastRaisedAt: NOW,
  stateChangedAt: NOW,
});

function judged(sessions: StoredSession[], c = {}): StoredWarning[] {
  return judge(ctx({ sessions, ...c })).map((f, i) => stored(f, i));
}

test('one stored warning is one incident: the judgement grouped the intruder, the view does not group again', () => {
  // A stranger on a Vultr address after failed sign-ins: one incident with every reason, its session marked.
  const vps = session({ device: 'Firefox 115 on Windows 10', ip: '45.77.12.9', location: 'Frankfurt, Germany' });
  const failed = Array.from({ length: 6 }, (_, i) =>
    login({ time: NOW - 3600_000 + i * 60_000, device: vps.device, ip: '45.77.12.9', outcome: 'failed' }),
  );
  const mac = session({ device: 'Chrome 126 on macOS 14.5', ip: '81.2.69.142', isCurrent: true });
  const warnings = judged([mac, vps], { logins: failed });
  const incidents = incidentsOfWarnings('a', warnings, [mac, vps]);
  expect(incidents.map((i) => i.warnings.map((w) => w.id))).toEqual(
    expect.arrayContaining(warnings.map((w) => [w.id])),
  );
  expect(incidents).toHaveLength(warnings.length);
  const top = incidents[0];
  expect(top?.severity).toBe('high');
  expect(top?.sessionKeys).toEqual([vps.key]);
  expect(new Set(top?.reasons.map((r) => r.rule))).toEqual(
    new Set(['hosting-ip', 'unknown-device', 'failed-login-burst']),
  );
  // Two stored warnings about one session (as a hygiene note beside an incident) stay two, as the badge counts them.
  const note = stored({ rule: 'stale-session', subject: vps.key, severity: 'low', reason: 's', evidence: {} }, 99);
  expect(incidentsOfWarnings('a', [...warnings, note], [mac, vps])).toHaveLength(incidents.length + 1);
});

test('answered and resolved warnings are no incident; low ones are not counted', () => {
  const f: Finding = { rule: 'unknown-device', subject: 's', severity: 'high', reason: 'r', evidence: {} };
  const ws = [stored(f, 1), stored(f, 2, 'dismissed'), stored(f, 3, 'resolved'), stored({ ...f, severity: 'low' }, 4)];
  const incidents = incidentsOfWarnings('a', ws, []);
  expect(incidents.map((i) => i.id)).toEqual([ws[0]?.id, ws[3]?.id]);
  expect(countedIncidents(incidents).map((i) => i.id)).toEqual([ws[0]?.id]);
});

test('an incident marks every live session one of its reasons is about, moved or by its device on its address', () => {
  const a = session({ device: 'Chrome on macOS', ip: '45.77.1.1' });
  const b = session({ device: 'Edge on Windows', ip: '45.77.2.2' });
  const gone = session({ device: 'Edge on Windows', ip: '45.77.2.2', goneAt: NOW });
  const w = stored(
    {
      rule: 'copied-session',
      subject: `moved|${a.key}`,
      severity: 'high',
      reason: 'r',
      evidence: {},
      reasons: [
        { rule: 'copied-session', subject: `moved|${a.key}`, severity: 'high', reason: 'r', evidence: {} },
        {
          rule: 'hosting-ip',
          subject: 'login-9',
          severity: 'high',
          reason: 'h',
          evidence: { device: b.device, ip: b.ip },
        },
      ],
    },
    1,
  );
  expect(incidentsOfWarnings('a', [w], [a, b, gone])[0]?.sessionKeys).toEqual([a.key, b.key]);
});

test('high signals: a rented network, failed sign-ins; never "not trusted yet" alone, never an answered warning', () => {
  const vps = session({ device: 'Firefox', ip: '45.77.12.9' });
  const home = session({ device: 'Chrome', ip: '81.2.69.142' });
  const hosting = stored(
    {
      rule: 'hosting-ip',
      subject: 'login-1',
      severity: 'high',
      reason: 'h',
      evidence: { device: 'Firefox', ip: vps.ip },
    },
    1,
  );
  const unknown = stored(
    {
      rule: 'unknown-device',
      subject: home.key,
      severity: 'high',
      reason: 'u',
      evidence: { device: 'Chrome', ip: home.ip },
    },
    2,
  );
  expect([...highSignalSessions([vps, home], [hosting, unknown])]).toEqual([vps.key]);
  expect([...highSignalSessions([vps, home], [{ ...hosting, state: 'dismissed' }, unknown])]).toEqual([]);
});
