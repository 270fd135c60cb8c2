import { describe, expect, test } from 'vitest';
import { localHours, nightSignIn } from './night-sign-in';
import { ctx, DAY, HOUR, history, login, NOW, session, trusted } from './test-helpers';

// NOW is 12:00 UTC; history() signs in at 12:00 UTC on the days before.
const at3 = NOW - 9 * HOUR; // 03:00 UTC that day

describe('night-sign-in', () => {
  test('a page of sessions alone asks nothing of the time zone (its first read is costly in a cold worker)', () => {
    const c = ctx({ sessions: [session()] });
    Object.defineProperty(c, 'timeZone', {
      get() {
        throw new Error('the zone was read');
      },
    });
    expect(nightSignIn.evaluate(c)).toEqual([]);
  });

  test('a 3 AM sign-in by a user who signs in by day is one medium warning naming the local time and zone', () => {
    const f = nightSignIn.evaluate(ctx({ logins: [...history(8), login({ time: at3 })], timeZone: 'UTC' }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'night-sign-in', severity: 'medium' });
    expect(f[0]?.reason).toContain('03:00 (UTC)');
    expect(f[0]?.message).toMatchObject({ key: 'reason_nightSignIn' });
  });

  test("the user's zone decides the hour: 19:00 UTC is 03:00 in Shanghai", () => {
    const evening = NOW - DAY + 7 * HOUR; // 19:00 UTC the day before
    const logins = [...history(8), login({ time: evening })];
    expect(nightSignIn.evaluate(ctx({ logins, timeZone: 'UTC' }))).toHaveLength(0);
    const f = nightSignIn.evaluate(ctx({ logins, timeZone: 'Asia/Shanghai' }));
    expect(f.map((x) => x.evidence.time)).toEqual([evening]);
    expect(f[0]?.reason).toContain('03:00 (Asia/Shanghai)');
  });

  test('a night owl whose history from before the watch shows sign-ins around that hour is not warned', () => {
    // Older than the account's first scan minus the lookback: the baseline the rule learns the hours from.
    const owl = history(8, {}, 130 * DAY).map((l, i) => ({
      ...l,
      time: (l.time as number) - 9 * HOUR + (i % 3) * 20 * 60_000,
    }));
    expect(nightSignIn.evaluate(ctx({ logins: [...owl, login({ time: at3 })], timeZone: 'UTC' }))).toHaveLength(0);
  });

  test("an intruder's own night sign-ins never become the habit that hides the next ones", () => {
    const nights = [0, 1, 2, 3, 4].map((d) => login({ time: at3 - d * DAY, device: 'Firefox 128 (Linux)' }));
    const f = nightSignIn.evaluate(ctx({ logins: [...history(8, {}, 6 * DAY), ...nights], timeZone: 'UTC' }));
    expect(f.map((x) => x.evidence.count ?? 1)).toEqual([5]);
  });

  test('with too little history it stays quiet, as the other rules that compare with the past do', () => {
    expect(nightSignIn.evaluate(ctx({ logins: [login({ time: at3 })], timeZone: 'UTC' }))).toHaveLength(0);
  });

  test('a trusted device at night is a low note, not a medium warning', () => {
    const f = nightSignIn.evaluate(
      ctx({ logins: [...history(8), login({ time: at3 })], trustedDevices: [trusted()], timeZone: 'UTC' }),
    );
    expect(f.map((x) => x.severity)).toEqual(['low']);
  });

  test('a schedule for the account silences it (the outside-schedule rule judges instead)', () => {
    const schedules = [
      {
        id: 's',
        name: 'Days',
        timeZone: 'UTC',
        windows: [{ days: [0, 1, 2, 3, 4, 5, 6], startMinute: 480, endMinute: 1200 }],
      },
    ];
    expect(
      nightSignIn.evaluate(ctx({ logins: [...history(8), login({ time: at3 })], schedules, timeZone: 'UTC' })),
    ).toEqual([]);
  });

  test("a live session's last activity at night is not a sign-in", () => {
    const s = session({
      lastActive: at3,
      firstSeen: at3 - DAY + 9 * HOUR,
      ip: '198.51.100.9',
      location: 'Paris, France',
    });
    expect(nightSignIn.evaluate(ctx({ logins: history(8), sessions: [s], timeZone: 'UTC' }))).toEqual([]);
  });

  test('several night sign-ins from one device are one warning with a count', () => {
    const nights = [0, 1, 2].map((d) => login({ time: at3 - d * DAY }));
    const f = nightSignIn.evaluate(ctx({ logins: [...history(8, {}, 5 * DAY), ...nights], timeZone: 'UTC' }));
    expect(f).toHaveLength(1);
    expect(f[0]?.evidence.count).toBe(3);
    expect(f[0]?.evidence.lastTime).toBe(at3);
  });

  test('an unknown zone falls back to UTC instead of failing', () => {
    expect(
      nightSignIn.evaluate(ctx({ logins: [...history(8), login({ time: at3 })], timeZone: 'Mars/Olympus' })),
    ).toHaveLength(1);
  });
});

describe('localHours', () => {
  test('the hour kept per day is the hour worked out afresh for every time, in any order', () => {
    // The formula each time went through before the day's local midnight was kept.
    const afresh = (zone: string) => {
      return (t: number) => {
        // The zone's offset at the start of the time's UTC day, as the kept function reads it.
        const day = Math.floor(t / DAY) * DAY;
        const parts = new Intl.DateTimeFormat('en-GB', {
          timeZone: zone,
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).formatToParts(day);
        const p: Record<string, number> = {};
        for (const x of parts) if (x.type !== 'literal') p[x.type] = Number(x.value);
        const off = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0) - day;
        const local = t + off;
        let ofDay = local - Math.floor(local / DAY) * DAY;
        if (ofDay < 0) ofDay += DAY;
        else if (ofDay >= DAY) ofDay -= DAY;
        return Math.floor(ofDay / HOUR);
      };
    };
    const start = Date.UTC(2025, 0, 1);
    for (const zone of ['UTC', 'Europe/London', 'Asia/Kolkata', 'America/St_Johns', 'Pacific/Chatham']) {
      const kept = localHours(zone);
      const ref = afresh(zone);
      let seed = 3;
      const next = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      // Mostly forward in small steps (a history's order), sometimes a jump back or ahead, sometimes a fraction.
      let t = start;
      for (let i = 0; i < 3000; i++) {
        const r = next();
        t = r < 0.05 ? start + next() * 700 * DAY : t + Math.floor(next() * 9 * HOUR) + (r > 0.95 ? 0.5 : 0);
        expect(kept(t)).toBe(ref(t));
      }
    }
  });

  test('follows daylight saving: London is UTC+0 in winter, UTC+1 in summer', () => {
    const hourOf = localHours('Europe/London');
    expect(hourOf(Date.UTC(2026, 0, 15, 2, 30))).toBe(2);
    expect(hourOf(Date.UTC(2026, 6, 15, 2, 30))).toBe(3);
  });

  test('half-hour zones and days before 1970 are read right', () => {
    expect(localHours('Asia/Kolkata')(Date.UTC(2026, 3, 14, 21, 40))).toBe(3);
    expect(localHours('UTC')(Date.UTC(1969, 11, 31, 23, 0))).toBe(23);
    // The hour is worked out without a floating-point remainder: it is still the clock's hour on either side of
    // every midnight, before 1970 too, and for a time with a fraction of a millisecond.
    const utc = localHours('UTC');
    for (let day = -800; day <= 800; day += 7) {
      const midnight = Date.UTC(2026, 0, 1) + day * DAY;
      for (const t of [midnight - 1, midnight, midnight + 1, midnight - 1e-4, midnight + HOUR - 0.5]) {
        expect(utc(t)).toBe(new Date(Math.floor(t)).getUTCHours());
      }
    }
  });
});
