// IANA time zones from the platform (Intl), with current offsets: no database.
import { notFound } from '../../../../lib/errors';
import { fold } from '../locale';
import type { Zone } from './timezones.model';

const PRIORITY = [
  'Europe/Zurich', 'Europe/Berlin', 'Europe/Paris', 'Europe/London', 'America/New_York',
  'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney',
];

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

/** Matching zones: priority zones first, then by region, then city. */
export function listZones(f: { search?: string; region?: string; limit: number; offset: number }): { page: Zone[]; total: number } {
  const needle = f.search ? fold(f.search) : undefined;
  const region = f.region ? fold(f.region) : undefined;
  const zones = allZones().filter(
    (z) => (!region || fold(z.region) === region) && (!needle || [z.name, z.city, z.abbreviation].some((h) => fold(h).includes(needle))),
  );
  const rank = (n: string) => (PRIORITY.includes(n) ? PRIORITY.indexOf(n) : PRIORITY.length);
  zones.sort((a, b) => rank(a.name) - rank(b.name) || a.region.localeCompare(b.region) || a.city.localeCompare(b.city));
  return { page: zones.slice(f.offset, f.offset + f.limit), total: zones.length };
}

export function regions(): string[] {
  return [...new Set(zoneNames().filter((n) => n.includes('/')).map((n) => n.split('/')[0]!))].sort();
}

/** One zone by name (any case; aliases resolve); 404 when Intl does not know it. */
export function getZone(name: string): Zone {
  const listed = lookup(name);
  if (!listed) throw notFound(`Time zone ${name}`);
  return describeZone(listed);
}
