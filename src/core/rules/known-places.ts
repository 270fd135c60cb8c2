import { hasCityCoords, placeName } from '../enrich';
import { type Bbox, distanceToBboxKm, haversineKm } from '../geo';
import type { Place } from '../place';

type Point = Place & { lat: number; lon: number };
const pointKey = (p: Point) => `${p.lat},${p.lon}`;

/**
 * The distinct places of a baseline, in the order they first appear, grown one row at a time. A history of
 * 100k logins holds a handful of places: rules compare with these instead of with every row, and nearest
 * distances are kept per asked place and extended only over places added since.
 */
export class KnownPlaces {
  /** Countries of every known place, first seen first. */
  readonly countries: string[] = [];
  /** Names of the places known to a city, first seen first. */
  readonly cityNames: string[] = [];
  /** Countries of the places known to a city ('' for none): ask with `hasCityIn`. */
  private readonly cityCountries = new Set<string>();
  private readonly countrySet = new Set<string>();
  private readonly nameSet = new Set<string>();
  private readonly points: Point[] = [];
  private readonly pointKeys = new Set<string>();
  private readonly nearest = new Map<Place, { upTo: number; km: number }>();
  /** Boxes of the countries of places known only by their country, by country. */
  private readonly boxes = new Map<string, Bbox>();
  private readonly nearestBound = new Map<Place, { points: number; boxes: number; km: number }>();

  /** `boxOf` gives the box of a place known only by its country, when the lookups have one. */
  constructor(private readonly boxOf: (p: Place) => Bbox | undefined = () => undefined) {}
  /** Place objects already added: lookups hand out one object per place text, so most rows stop here. */
  private readonly added = new Set<Place>();

  /** Whether adding the place would change nothing. */
  has(p: Place): boolean {
    if (this.added.has(p)) return true;
    if (p.country !== undefined && !this.countrySet.has(p.country)) return false;
    if (!hasCityCoords(p)) return p.country === undefined || this.boxes.has(p.country) || !this.boxOf(p);
    return (
      this.pointKeys.has(pointKey(p)) &&
      this.nameSet.has(p.city ?? placeName(p)) &&
      this.cityCountries.has(p.country ?? '')
    );
  }

  /** Whether a place known to a city lies in the country. */
  hasCityIn(country: string | undefined): boolean {
    return this.cityCountries.has(country ?? '');
  }

  add(p: Place | undefined): void {
    if (!p || this.added.has(p)) return;
    this.added.add(p);
    if (p.country !== undefined && !this.countrySet.has(p.country)) {
      this.countrySet.add(p.country);
      this.countries.push(p.country);
    }
    if (!hasCityCoords(p)) {
      const box = p.country === undefined || this.boxes.has(p.country) ? undefined : this.boxOf(p);
      if (box && p.country !== undefined) this.boxes.set(p.country, box);
      return;
    }
    this.cityCountries.add(p.country ?? '');
    const name = p.city ?? placeName(p);
    if (!this.nameSet.has(name)) {
      this.nameSet.add(name);
      this.cityNames.push(name);
    }
    const k = pointKey(p);
    if (!this.pointKeys.has(k)) {
      this.pointKeys.add(k);
      this.points.push(p);
    }
  }

  /** Kilometres from the place to the nearest known city; Infinity when none is known. */
  nearestKm(p: Point): number {
    let memo = this.nearest.get(p);
    if (!memo) {
      memo = { upTo: 0, km: Number.POSITIVE_INFINITY };
      this.nearest.set(p, memo);
    }
    for (; memo.upTo < this.points.length; memo.upTo++) {
      memo.km = Math.min(memo.km, haversineKm(this.points[memo.upTo] as Point, p));
    }
    return memo.km;
  }

  /**
   * The least distance from a place to any known one, counting a place known only by its country as anywhere in
   * its box (the near edge): exact between cities, a lower bound otherwise. Two countries give no bound, so a
   * place known only by its country is compared with known cities only. Infinity when nothing compares.
   */
  leastKm(p: Place): number {
    if (hasCityCoords(p)) {
      const memo = this.nearestBound.get(p) ?? { points: 0, boxes: 0, km: Number.POSITIVE_INFINITY };
      memo.km = Math.min(memo.km, this.nearestKm(p));
      memo.points = this.points.length;
      const boxes = [...this.boxes.values()];
      for (; memo.boxes < boxes.length; memo.boxes++) {
        memo.km = Math.min(memo.km, distanceToBboxKm(p, boxes[memo.boxes] as Bbox));
      }
      this.nearestBound.set(p, memo);
      return memo.km;
    }
    const box = this.boxOf(p);
    if (!box) return Number.POSITIVE_INFINITY;
    const memo = this.nearestBound.get(p) ?? { points: 0, boxes: 0, km: Number.POSITIVE_INFINITY };
    for (; memo.points < this.points.length; memo.points++) {
      memo.km = Math.min(memo.km, distanceToBboxKm(this.points[memo.points] as Point, box));
    }
    this.nearestBound.set(p, memo);
    return memo.km;
  }
}
