export interface LatLon {
  lat: number;
  lon: number;
}

/**
 * A latitude/longitude rectangle. `west > east` means the box crosses the antimeridian
 * (Russia, Fiji, New Zealand's outer islands), so its longitudes are west..180 and -180..east.
 */
export interface Bbox {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** IUGG mean Earth radius; the spherical model errs by at most ~0.5 %, far below what the rules need. */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance. */
export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  // Rounding can push s a hair past 1 near antipodes; atan2 stays well-conditioned there, asin does not.
  const h = Math.min(1, Math.max(0, s));
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

function wrapLon(lon: number): number {
  // Only when needed: the modulo arithmetic nudges in-range values by an ulp, enough to miss a box edge.
  return lon >= -180 && lon <= 180 ? lon : ((((lon + 180) % 360) + 360) % 360) - 180;
}

export function bboxContainsLon(box: Bbox, lon: number): boolean {
  const x = wrapLon(lon);
  return box.west <= box.east ? x >= box.west && x <= box.east : x >= box.west || x <= box.east;
}

export function bboxContains(box: Bbox, p: LatLon): boolean {
  return p.lat >= box.south && p.lat <= box.north && bboxContainsLon(box, p.lon);
}

/**
 * Where the great circle through `p` perpendicular to a meridian meets it, when that foot lies on the
 * near half of the meridian. Beyond 90° of longitude the nearest point is always an end of the segment.
 */
function meridianFoot(p: LatLon, lon: number, south: number, north: number): LatLon | undefined {
  const c = Math.cos((p.lon - lon) * RAD);
  if (c <= 0) return undefined;
  const footLat = Math.atan(Math.tan(p.lat * RAD) / c) / RAD;
  // Distance along the meridian grows monotonically away from the foot, so clamping finds the nearest point.
  return { lat: Math.min(north, Math.max(south, footLat)), lon };
}

/**
 * Shortest distance from a point to a box (0 inside). Used when only a country is known:
 * travel to anywhere in the country is possible, so the near edge, not a centroid, is what counts.
 */
export function distanceToBboxKm(p: LatLon, box: Bbox): number {
  if (bboxContains(box, p)) return 0;
  const candidates: (LatLon | undefined)[] = [
    { lat: box.south, lon: box.west },
    { lat: box.north, lon: box.west },
    { lat: box.south, lon: box.east },
    { lat: box.north, lon: box.east },
    meridianFoot(p, box.west, box.south, box.north),
    meridianFoot(p, box.east, box.south, box.north),
  ];
  // On a parallel, the nearest point to p shares p's longitude when that longitude is inside the box.
  if (bboxContainsLon(box, p.lon)) {
    candidates.push({ lat: p.lat > box.north ? box.north : box.south, lon: p.lon });
  }
  let best = Number.POSITIVE_INFINITY;
  for (const c of candidates) if (c) best = Math.min(best, haversineKm(p, c));
  return best;
}
