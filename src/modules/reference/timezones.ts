// IANA time zones from the platform (Intl), with current offsets: no database.
import { z } from '@hono/zod-openapi';
import * as contract from '../../contract/foundation';
import { notFound } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { fold } from './locale';

const PRIORITY = [
  'Europe/Zurich', 'Europe/Berlin', 'Europe/Paris', 'Europe/London', 'America/New_York',
  'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney',
];

interface Zone {
  name: string;
  offset: string;
  offsetMinutes: number;
  region: string;
  city: string;
  abbreviation: string;
}

function part(zone: string, style: Intl.DateTimeFormatOptions['timeZoneName'], locale: string, at: Date) {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')!.value;
}

/** Offset and abbreviation as of `at` (they change with DST, so they are never stored). */
export function describeZone(name: string, at = new Date()): Zone {
  const longOffset = part(name, 'longOffset', 'en-US', at); // "GMT+05:30" or "GMT"
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(longOffset);
  const offsetMinutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const offset = part(name, 'shortOffset', 'en-US', at);
  // CLDR has abbreviations per locale: en-US knows PST/EST, en-GB knows CET/BST; else the offset.
  const abbreviation = [part(name, 'short', 'en-US', at), part(name, 'short', 'en-GB', at)].find((a) => !/^(GMT|UTC)[+-]/.test(a)) ?? offset;
  const segments = name.split('/');
  return {
    name,
    offset,
    offsetMinutes,
    region: segments.length > 1 ? segments[0]! : 'Etc',
    city: segments[segments.length - 1]!.replace(/_/g, ' '),
    abbreviation,
  };
}

let names: string[] | undefined;
let described: { slot: number; zones: Zone[] } | undefined;

/**
 * All zones described as of now, kept in memory for the current quarter hour: DST transitions
 * fall on quarter-hour boundaries, so an entry never outlives the offset it shows.
 */
function allZones(): Zone[] {
  const slot = Math.floor(Date.now() / 900_000);
  if (described?.slot !== slot) {
    const at = new Date();
    described = { slot, zones: zoneNames().map((n) => describeZone(n, at)) };
  }
  return described.zones;
}
function zoneNames(): string[] {
  names ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])];
  return names;
}

/**
 * The listed name for what the caller typed (case-insensitive); a name Intl accepts but does not
 * list (an alias) is answered as given. Unknown: undefined.
 */
function lookup(name: string): string | undefined {
  const lower = name.toLowerCase();
  const listed = zoneNames().find((n) => n.toLowerCase() === lower);
  if (listed) return listed;
  try {
    // The runtime's ICU may list the legacy form (Asia/Calcutta) of a current IANA name
    // (Asia/Kolkata): a caller who asks by the current name gets it back.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return resolved.toLowerCase() === lower ? resolved : name;
  } catch {
    return undefined;
  }
}

const list = contractRoute(contract.getPublicTimezones, {
  description:
    'IANA time zones with their offset right now (DST-aware). Priority zones first (Europe/Zurich, ' +
    'Europe/Berlin, Europe/Paris, Europe/London, America/New_York, America/Los_Angeles, Asia/Tokyo, ' +
    'Asia/Singapore, Australia/Sydney), then by region, then city. No database.',
  request: {
    query: z.object({
      search: z.string().max(100).optional().openapi({ description: 'Text to look for in name, city and abbreviation' }),
      region: z.string().max(50).optional().openapi({ description: 'Region (first part of the name), e.g. `Europe`' }),
      ...limitOffsetQuery(500),
    }),
  },
});
const regions = contractRoute(contract.getPublicTimezonesRegions);
const one = contractRoute(contract.getPublicTimezonesByName, {
  description: 'One zone by IANA name; the slash raw (`America/New_York`) or URL-encoded (`America%2FNew_York`). Aliases resolve to the canonical name. Unknown: 404.',
  request: { params: z.object({ name: z.string().min(1).max(64).openapi({ example: 'Europe/Zurich' }) }) },
});

export const timezones = newRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const needle = q.search ? fold(q.search) : undefined;
    const region = q.region ? fold(q.region) : undefined;
    const zones = allZones().filter(
      (z) =>
        (!region || fold(z.region) === region) &&
        (!needle || [z.name, z.city, z.abbreviation].some((h) => fold(h).includes(needle))),
    );
    const rank = (n: string) => (PRIORITY.includes(n) ? PRIORITY.indexOf(n) : PRIORITY.length);
    zones.sort((a, b) => rank(a.name) - rank(b.name) || a.region.localeCompare(b.region) || a.city.localeCompare(b.city));
    return c.json(
      { data: { timezones: zones.slice(q.offset, q.offset + q.limit), total: zones.length, limit: q.limit, offset: q.offset } },
      200,
    );
  })
  .openapi(regions, async (c) => {
    const all = [...new Set(zoneNames().filter((n) => n.includes('/')).map((n) => n.split('/')[0]!))].sort();
    return c.json({ data: all }, 200);
  })
  .openapi(one, async (c) => {
    const name = lookup(c.req.valid('param').name);
    if (!name) throw notFound(`Time zone ${c.req.valid('param').name}`);
    return c.json({ data: describeZone(name) }, 200);
  });
