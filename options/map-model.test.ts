import { expect, test } from 'vitest';
import land from 'world-atlas/land-110m.json';
import type { StoredLogin, StoredSession, StoredWarning } from '../src/core/types';
import { landPath, project } from '../src/core/world-outline';
import type { AccountView } from '../src/shared/contract';
import { activityRows, mapPoints, placesToLook, travelLines } from './map-model';

const T = Date.UTC(2026, 3, 14, 12);
const w = (over: Partial<StoredWarning>): StoredWarning => ({
  id: over.subject ?? 'w',
  accountId: 'a',
  rule: 'unknown-device',
  subject: 's',
  severity: 'high',
  reason: '',
  evidence: {},
  state: 'open',
  firstRaisedAt: T,
  lastRaisedAt: T,
  stateChangedAt: T,
  ...over,
});
const s = (key: string, ip: string, location: string): StoredSession => ({
  key,
  accountId: 'a',
  device: key,
  ip,
  location,
  isCurrent: false,
  firstSeen: T,
  firstObservedAt: T,
  lastObservedAt: T + 1000,
});
const l = (key: string, ip: string, location: string, time: number): StoredLogin => ({
  key,
  accountId: 'a',
  device: key,
  ip,
  location,
  time,
  outcome: 'success',
  firstObservedAt: T,
});
const view = (warnings: StoredWarning[], sessions: StoredSession[]): AccountView => ({
  account: { id: 'a', siteId: 'binance', hint: 'x', firstScanAt: T, lastScanAt: T, scanCount: 1 },
  siteName: 'Binance',
  devicesUrl: '',
  sessions,
  warnings,
  openWarningCount: 0,
});
const places = [
  { text: 'Hong Kong', lat: 22.3, lon: 114.2, precision: 'city' as const },
  { text: 'Frankfurt', lat: 50.1, lon: 8.7, precision: 'city' as const },
  { text: 'Kowloon', lat: 22.3, lon: 114.2, precision: 'city' as const },
];

test('rows are trusted, untrusted (a warning names them or their address) or hosting (a datacenter address)', () => {
  const v = view(
    [w({ subject: 'stranger', evidence: { ip: '45.77.12.9' } }), w({ subject: 'gone', state: 'resolved' })],
    [
      s('mine', '203.0.113.42', 'Hong Kong'),
      s('stranger', '45.77.12.9', 'Frankfurt'),
      s('gone', '198.51.100.1', 'Kowloon'),
    ],
  );
  const rows = activityRows(
    v,
    [l('in1', '45.77.12.9', 'Frankfurt', T - 5), l('in2', '203.0.113.42', 'Hong Kong', T - 9)],
    [{ ip: '45.77.12.9', provider: 'Vultr', isHosting: true }],
  );
  expect(rows.map((r) => [r.key, r.trust])).toEqual([
    ['in2', 'trusted'],
    ['in1', 'hosting'],
    ['mine', 'trusted'],
    ['stranger', 'hosting'],
    ['gone', 'trusted'],
  ]);
  expect(activityRows(v, [], []).find((r) => r.key === 'stranger')?.trust).toBe('untrusted');
  // One point per place (Kowloon and Hong Kong share a spot here), the worst trust wins, strangers drawn last.
  const points = mapPoints(rows, places);
  expect(points.map((p) => [p.place, p.trust, p.sessions, p.signIns])).toEqual([
    ['Hong Kong', 'trusted', 2, 1],
    ['Frankfurt', 'hosting', 1, 1],
  ]);
});

test('impossible travel is a line between its two places; a resolved one is not drawn', () => {
  const travel = w({
    rule: 'impossible-travel',
    subject: 't',
    evidence: { fromLocation: 'Hong Kong', location: 'Frankfurt', distanceKm: 9200, hours: 1, time: T },
  });
  const v = view([travel, { ...travel, id: 'r', state: 'resolved' }], []);
  expect(travelLines(v, places)).toEqual([
    {
      from: 'Hong Kong',
      to: 'Frankfurt',
      fromLat: 22.3,
      fromLon: 114.2,
      toLat: 50.1,
      toLon: 8.7,
      km: 9200,
      hours: 1,
      time: T,
    },
  ]);
  expect(placesToLook(v, [])).toEqual(['Hong Kong', 'Frankfurt']);
});

test('the world outline is drawn from the Natural Earth land polygons inside the map box', () => {
  const d = landPath(land);
  expect(d.match(/M/g)?.length).toBeGreaterThan(100);
  const numbers = d.match(/-?\d+(?:\.\d+)?/g)?.map(Number) ?? [];
  expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...numbers)).toBeLessThanOrEqual(720);
  expect(project(0, 0)).toEqual([360, 175]);
  expect(project(-180, 84)).toEqual([0, 0]);
});
