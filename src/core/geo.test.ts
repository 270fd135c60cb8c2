import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type Bbox, bboxContains, distanceToBboxKm, haversineKm } from './geo';

const london = { lat: 51.5074, lon: -0.1278 };
const paris = { lat: 48.8566, lon: 2.3522 };
const newYork = { lat: 40.7128, lon: -74.006 };
const sydney = { lat: -33.8688, lon: 151.2093 };
const tokyo = { lat: 35.6895, lon: 139.6917 };
const suva = { lat: -18.1416, lon: 178.4419 };
const apia = { lat: -13.8333, lon: -171.7667 };

describe('haversineKm', () => {
  // Reference distances from the WGS84 ellipsoid (Vincenty); the sphere may differ by ~0.5 %.
  test.each([
    ['London–Paris', london, paris, 343.9],
    ['London–New York', london, newYork, 5585],
    ['Tokyo–Sydney', tokyo, sydney, 7792],
    ['Suva–Apia across the antimeridian', suva, apia, 1153],
    ['pole to pole', { lat: 90, lon: 0 }, { lat: -90, lon: 0 }, 20004],
    ['one degree of longitude on the equator', { lat: 0, lon: 0 }, { lat: 0, lon: 1 }, 111.32],
  ])('%s', (_name, a, b, km) => {
    const d = haversineKm(a, b);
    expect(Math.abs(d - km) / km).toBeLessThan(0.006);
    expect(haversineKm(b, a)).toBeCloseTo(d, 9);
  });

  test('same point is 0 and antipodes do not produce NaN', () => {
    expect(haversineKm(london, london)).toBe(0);
    const anti = haversineKm({ lat: 10, lon: 20 }, { lat: -10, lon: -160 });
    expect(anti).toBeCloseTo(Math.PI * 6371.0088, 3);
  });

  test('longitude written past ±180 means the same place', () => {
    expect(haversineKm({ lat: 5, lon: 190 }, { lat: 5, lon: -170 })).toBeLessThan(1e-6);
  });

  test('property: symmetric, non-negative, never above half the circumference, triangle inequality', () => {
    const point = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = haversineKm(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(Math.PI * 6371.0088 + 1e-3);
        expect(Math.abs(ab - haversineKm(b, a))).toBeLessThan(1e-6);
        expect(ab).toBeLessThanOrEqual(haversineKm(a, c) + haversineKm(c, b) + 1e-3);
      }),
    );
  });
});

describe('distanceToBboxKm', () => {
  const germany: Bbox = { south: 47.27, west: 5.87, north: 55.06, east: 15.04 };
  const russia: Bbox = { south: 41.19, west: 19.64, north: 81.86, east: -169.05 };

  test.each([
    ['inside', { lat: 50.1, lon: 8.7 }, germany, 0],
    ['due south of the box: distance along the meridian', { lat: 45.27, lon: 10 }, germany, 222.4],
    ['due west of the box on the equator-ward side', { lat: 50, lon: 2.35 }, germany, 251.7],
    ['inside a box that crosses the antimeridian (Chukotka)', { lat: 65, lon: 179 }, russia, 0],
    ['inside the wrapped part west of 180', { lat: 65, lon: -175 }, russia, 0],
    ['outside a wrapped box, east of its east edge (Alaska)', { lat: 65, lon: -150 }, russia, 885],
  ])('%s', (_name, p, box, km) => {
    const d = distanceToBboxKm(p, box);
    if (km === 0) expect(d).toBe(0);
    else expect(Math.abs(d - km) / km).toBeLessThan(0.01);
  });

  test('property: 0 inside, and never more than the distance to any point of the edges', () => {
    const point = fc.record({
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
    });
    const box = fc
      .tuple(
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
      )
      .map(([a, b, w, e]): Bbox => ({ south: Math.min(a, b), north: Math.max(a, b), west: w, east: e }));
    fc.assert(
      fc.property(point, box, (p, b) => {
        const d = distanceToBboxKm(p, b);
        if (bboxContains(b, p)) expect(d).toBe(0);
        else expect(d).toBeGreaterThanOrEqual(0);
        for (const lat of [b.south, b.north]) {
          for (const lon of [b.west, b.east]) expect(d).toBeLessThanOrEqual(haversineKm(p, { lat, lon }) + 1e-3);
        }
        // Sampling the edges: none may be nearer than the answer.
        for (let i = 0; i <= 20; i++) {
          const lat = b.south + ((b.north - b.south) * i) / 20;
          expect(d).toBeLessThanOrEqual(haversineKm(p, { lat, lon: b.west }) + 1e-3);
          expect(d).toBeLessThanOrEqual(haversineKm(p, { lat, lon: b.east }) + 1e-3);
        }
      }),
    );
  });
});
