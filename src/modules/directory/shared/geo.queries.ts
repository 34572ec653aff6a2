// Distances of directory entities (spaces' home, resources' current location): earthdistance's
// meters on a spherical earth. An earth_box prefilter the GiST index on ll_to_earth(lat, lng)
// serves, then the exact earth_distance; the same SQL for every table with a lat/lng pair.
import { and, isNotNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Point } from './directory.model';

const earthAt = (p: Point) => sql`ll_to_earth(${p.lat}::float8, ${p.lng}::float8)`;

export function geoOf(lat: AnyColumn, lng: AnyColumn) {
  const at = sql`ll_to_earth(${lat}, ${lng})`;
  return {
    /** Meters from `p`; null without a location (or without `p`). */
    distance: (p: Point | undefined) =>
      p ? sql<number | null>`case when ${lat} is null then null else earth_distance(${earthAt(p)}, ${at}) end` : sql<number | null>`null::float8`,
    /** Within `radius` meters of `p` (index-served box, then the exact distance). */
    within: (p: Point, radius: number): SQL =>
      and(isNotNull(lat), sql`earth_box(${earthAt(p)}, ${radius}::float8) @> ${at}`, sql`earth_distance(${earthAt(p)}, ${at}) <= ${radius}::float8`)!,
    /** The exact distance, for ordering. */
    exact: (p: Point) => sql<number>`earth_distance(${earthAt(p)}, ${at})`,
  };
}
