// Synthetic stored data shaped as the worker stores it (src/core/types.ts), deterministic per seed.
import { DEVICES, PLACES, rng } from './stats.mjs';

export const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const DAY = 86_400_000;

export function account(i) {
  const hint = `UID 384510${String(i).padStart(2, '0')}`;
  return {
    id: `binance:${hint}`,
    siteId: 'binance',
    hint,
    firstScanAt: NOW - 400 * DAY,
    lastScanAt: NOW - DAY,
    scanCount: 40,
  };
}

const ipOf = (r) =>
  r() < 0.1
    ? `2001:db8:${Math.floor(r() * 65535).toString(16)}::${Math.floor(r() * 65535).toString(16)}`
    : `${[198, 203, 45, 81][Math.floor(r() * 4)]}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`;

/** `count` logins over the last two years, oldest first, about 1 in 20 failed. */
export function logins(acc, count, seed = 1) {
  const r = rng(seed);
  const out = [];
  const span = 730 * DAY;
  for (let i = 0; i < count; i++) {
    const time = NOW - span + Math.floor((i / count) * span) + Math.floor(r() * 60_000);
    const device = DEVICES[Math.floor(r() * DEVICES.length)];
    out.push({
      key: `${acc.id}|login|${i}`,
      accountId: acc.id,
      firstObservedAt: time,
      time,
      ip: ipOf(r),
      device,
      location: PLACES[Math.floor(r() * PLACES.length)],
      outcome: r() < 0.05 ? 'failed' : 'success',
      secondFactor: r() < 0.8 ? 'authenticator' : 'sms',
      kind: device.includes('APP') ? 'app' : 'web',
    });
  }
  return out;
}

/**
 * A user's own history instead: `count` logins over the last two years, oldest first, from their Mac at home, their
 * iPhone on a carrier's pool of addresses and the app, with two trips abroad; about 1 in 200 from a
 * stranger (a random device, place and address); 1 in 100 of the user's own sign-ins fail, half of a stranger's.
 */
export function realisticLogins(acc, count, seed = 1) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const carrier = Array.from({ length: 40 }, (_, i) => `45.64.${20 + (i % 4)}.${10 + i}`);
  const own = [
    { device: DEVICES[0], location: PLACES[0], ips: ['203.0.113.10', '203.0.113.11'], secondFactor: 'authenticator' },
    { device: DEVICES[2], location: PLACES[1], ips: carrier, secondFactor: 'authenticator' },
    { device: DEVICES[3], location: PLACES[0], ips: carrier, secondFactor: 'authenticator' },
  ];
  const trips = [
    { location: PLACES[5], ip: '198.51.100.23' },
    { location: PLACES[4], ip: '198.51.100.77' },
  ];
  const out = [];
  const span = 730 * DAY;
  for (let i = 0; i < count; i++) {
    const time = NOW - span + Math.floor((i / count) * span) + Math.floor(r() * 60_000);
    const stranger = r() < 0.005;
    const me = pick(own);
    // Two trips of about a week each: every own sign-in of those days is from abroad.
    const week = Math.floor((i / count) * 104);
    const trip = stranger ? undefined : week === 30 ? trips[0] : week === 80 ? trips[1] : undefined;
    const device = stranger ? pick(DEVICES) : me.device;
    out.push({
      key: `${acc.id}|login|${i}`,
      accountId: acc.id,
      firstObservedAt: time,
      time,
      ip: stranger ? ipOf(r) : (trip?.ip ?? pick(me.ips)),
      device,
      location: stranger ? pick(PLACES) : (trip?.location ?? me.location),
      outcome: r() < (stranger ? 0.5 : 0.01) ? 'failed' : 'success',
      secondFactor: stranger && r() < 0.5 ? 'sms' : me.secondFactor,
      kind: device.includes('APP') ? 'app' : 'web',
    });
  }
  return out;
}

export function sessions(acc, count, seed = 2) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const lastActive = NOW - Math.floor(r() * 30 * DAY);
    out.push({
      key: `${acc.id}|session|${i}`,
      accountId: acc.id,
      device: DEVICES[i % DEVICES.length],
      ip: ipOf(r),
      location: PLACES[Math.floor(r() * PLACES.length)],
      firstSeen: lastActive - Math.floor(r() * 90 * DAY),
      lastActive,
      status: r() < 0.3 ? 'online' : 'offline',
      isCurrent: i === 0,
      firstObservedAt: lastActive - DAY,
      lastObservedAt: NOW - DAY,
      ...(i % 7 === 6 ? { goneAt: NOW - 2 * DAY } : {}),
    });
  }
  return out;
}

export function warnings(acc, list) {
  return list
    .filter((s) => s.goneAt === undefined)
    .slice(0, 5)
    .map((s) => ({
      id: `${acc.id}|unknown-device|${s.key}`,
      accountId: acc.id,
      rule: 'unknown-device',
      subject: s.key,
      severity: 'high',
      reason: `A session on ${s.device} is not one of your trusted devices`,
      evidence: { device: s.device, ip: s.ip, location: s.location },
      state: 'open',
      firstRaisedAt: NOW - 3 * DAY,
      lastRaisedAt: NOW - DAY,
      stateChangedAt: NOW - 3 * DAY,
    }));
}

/** The per-account summary the worker keeps beside the rows (src/background/summary.ts): live, 20 latest gone, unresolved warnings. */
export function summary(acc, sessionList, warningList) {
  const live = sessionList.filter((s) => s.goneAt === undefined);
  const gone = sessionList
    .filter((s) => s.goneAt !== undefined)
    .sort((a, b) => b.goneAt - a.goneAt)
    .slice(0, 20);
  return {
    accountId: acc.id,
    sessions: [...live, ...gone],
    warnings: warningList.filter((w) => w.state !== 'resolved'),
  };
}
