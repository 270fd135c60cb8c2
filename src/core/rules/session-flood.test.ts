import { describe, expect, test } from 'vitest';
import { runRules } from '../evaluate';
import { allRules } from './index';
import { newSession } from './new-session';
import { SESSION_FLOOD } from './session-flood';
import { staleSession } from './stale-session';
import { CHROME_WIN, ctx, FIREFOX_LINUX, HOUR, NOW, session, trusted } from './test-helpers';
import { unknownDevice } from './unknown-device';

/** `n` untrusted sessions of one kind of device, each from its own address, the i-th active i hours ago. */
const flood = (n: number, device = FIREFOX_LINUX, ipBase = 1) =>
  Array.from({ length: n }, (_, i) =>
    session({ device, ip: `102.89.${ipBase}.${i}`, location: 'Lagos, Nigeria', lastActive: NOW - (i + 1) * HOUR }),
  );

describe('a flood of strangers', () => {
  test.each([
    [SESSION_FLOOD, SESSION_FLOOD],
    [SESSION_FLOOD + 1, 1],
    [1000, 1],
  ])('%i untrusted sessions of one kind give %i unknown-device warnings', (n, warnings) => {
    expect(unknownDevice.evaluate(ctx({ sessions: flood(n) }))).toHaveLength(warnings);
  });

  test('a folded warning is its first session, counting the others, the latest time and a few examples', () => {
    const sessions = flood(30);
    const [f, ...rest] = unknownDevice.evaluate(ctx({ sessions }));
    expect(rest).toEqual([]);
    expect(f?.subject).toBe(sessions[0]?.key);
    expect(f?.evidence).toMatchObject({
      device: FIREFOX_LINUX,
      ip: '102.89.1.0',
      count: 30,
      time: NOW - HOUR,
      lastTime: NOW - HOUR,
      others: '102.89.1.1 · Lagos, Nigeria; 102.89.1.2 · Lagos, Nigeria; 102.89.1.3 · Lagos, Nigeria',
    });
  });

  test('kinds of device and new or earlier sessions are told apart; trusted and gone sessions stay out', () => {
    const old = flood(15, FIREFOX_LINUX, 1);
    const fresh = flood(10, FIREFOX_LINUX, 2);
    const chrome = flood(5, 'Chrome 126 (macOS 14)', 3);
    const mine = Array.from({ length: 40 }, () => session({ device: CHROME_WIN }));
    const gone = flood(40, 'Opera 110 (Linux)', 4).map((s) => ({ ...s, goneAt: NOW - HOUR }));
    const c = ctx({
      trustedDevices: [trusted()],
      sessions: [...old, ...fresh, ...chrome, ...mine, ...gone],
      newSessionKeys: fresh.map((s) => s.key),
    });
    const found = unknownDevice.evaluate(c);
    expect(found.map((f) => [f.subject, f.evidence.count, f.evidence.isNew])).toEqual([
      [old[0]?.key, 15, undefined],
      [fresh[0]?.key, 10, true],
      [chrome[0]?.key, 5, undefined],
    ]);
    // new-session folds the same new sessions under the same subject, so unknown-device supersedes all of it.
    expect(newSession.evaluate(c).map((f) => [f.subject, f.evidence.count])).toEqual([[fresh[0]?.key, 10]]);
    const all = runRules(c, allRules);
    expect(all.filter((f) => f.rule === 'new-session')).toEqual([]);
    expect(all.filter((f) => f.rule === 'unknown-device')).toHaveLength(3);
  });

  test('one kind of device across versions: a browser update does not split its warning', () => {
    const sessions = [
      ...flood(15, 'Chrome 126 on macOS 14.5', 1),
      ...flood(10, 'Chrome 127.0.6533 on macOS 14.6', 2),
      ...flood(5, 'Chrome 127 on Windows 11', 3),
    ];
    expect(unknownDevice.evaluate(ctx({ sessions })).map((f) => f.evidence.count)).toEqual([25, 5]);
  });

  test('below the flood every stranger is its own warning, as before', () => {
    const sessions = flood(3);
    const found = unknownDevice.evaluate(ctx({ sessions }));
    expect(found.map((f) => f.subject)).toEqual(sessions.map((s) => s.key));
    expect(found.every((f) => f.evidence.count === undefined && f.evidence.others === undefined)).toBe(true);
  });
});

describe('a flood of forgotten sessions', () => {
  const old = (n: number, device: string) =>
    Array.from({ length: n }, (_, i) =>
      session({
        device,
        ip: `81.2.69.${i}`,
        lastActive: NOW - (100 + i) * 24 * HOUR,
        firstSeen: NOW - 400 * 24 * HOUR,
      }),
    );

  test('more than the flood fold per kind of device, counting them; fewer stay one warning each', () => {
    const mac = old(25, 'Chrome 126 (macOS 14)');
    const win = old(5, CHROME_WIN);
    const found = staleSession.evaluate(ctx({ sessions: [...mac, ...win] }));
    expect(found.map((f) => [f.subject, f.evidence.count])).toEqual([
      [mac[0]?.key, 25],
      [win[0]?.key, 5],
    ]);
    // The first session's own figures stand for the group; lastTime is the most recent of them.
    expect(found[0]?.evidence).toMatchObject({ days: 100, time: NOW - 100 * 24 * HOUR });
    expect(staleSession.evaluate(ctx({ sessions: win }))).toHaveLength(5);
  });
});
