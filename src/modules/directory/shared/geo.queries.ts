// Distances of directory entities (spaces' home, resources' current location): earthdistance's
// meters on a spherical earth. A latitude/longitude box around the circle prefilters, served by the
// B-tree (tenant_id, lat, lng) of 0031; then the exact earth_distance. Not earth_box and the GiST
// index on ll_to_earth: under row-level security the planner uses an index only for leakproof
// operators (cube's @> is not, float8's comparisons are), so the box is plain comparisons.
import { and, isNotNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Point } from './directory.model';

/** earthdistance's earth(): the sphere's radius in meters. */
const EARTH_RADIUS_M = 6378168;
const deg = (rad: number) => (rad * 180) / Math.PI;

/**
 * The smallest latitude/longitude box holding every point within `radius` meters of `p` (slightly
 * widened against rounding): the latitude band, and the longitude range, which is whole near a pole
 * and wraps in two parts across the antimeridian.
 */
export function boxAround(p: Point, radius: number): { lat: [number, number]; lng: [number, number][] | null } {
  const angle = radius / EARTH_RADIUS_M;
  const dLat = deg(angle) * 1.000001 + 1e-9;
  const lat: [number, number] = [Math.max(-90, p.lat - dLat), Math.min(90, p.lat + dLat)];
  if (angle >= Math.PI / 2 || p.lat + dLat >= 90 || p.lat - dLat <= -90) return { lat, lng: null };
  const s = Math.sin(angle) / Math.cos((p.lat * Math.PI) / 180);
  if (s >= 1) return { lat, lng: null };
  const dLng = deg(Math.asin(s)) * 1.000001 + 1e-9;
  if (dLng >= 180) return { lat, lng: null };
  const [lo, hi] = [p.lng - dLng, p.lng + dLng];
  if (lo < -180) return { lat, lng: [[lo + 360, 180], [-180, hi]] };
  if (hi > 180) return { lat, lng: [[lo, 180], [-180, hi - 360]] };
  return { lat, lng: [[lo, hi]] };
}

const earthAt = (p: Point) => sql`ll_to_earth(${p.lat}::float8, ${p.lng}::float8)`;

export function geoOf(lat: AnyColumn, lng: AnyColumn) {
  const at = sql`ll_to_earth(${lat}, ${lng})`;
  const between = (col: AnyColumn, [lo, hi]: [number, number]) => sql`${col} between ${lo}::float8 and ${hi}::float8`;
  return {
    /** Meters from `p`; null without a location (or without `p`). */
    distance: (p: Point | undefined) =>
      p ? sql<number | null>`case when ${lat} is null then null else earth_distance(${earthAt(p)}, ${at}) end` : sql<number | null>`null::float8`,
    /** Within `radius` meters of `p` (index-served box, then the exact distance). */
    within: (p: Point, radius: number): SQL => {
      const box = boxAround(p, radius);
      return and(
        isNotNull(lat),
        between(lat, box.lat),
        box.lng ? or(...box.lng.map((r) => between(lng, r))) : undefined,
        sql`earth_distance(${earthAt(p)}, ${at}) <= ${radius}::float8`,
      )!;
    },
    /** The exact distance, for ordering. */
    exact: (p: Point) => sql<number>`earth_distance(${earthAt(p)}, ${at})`,
  };
}
