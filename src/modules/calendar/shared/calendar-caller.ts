// The calendar caller of a principal: tenant owners, admins and platform administrators administer
// every calendar of the tenant; an integrator (API key, app account) with `calendar:write` does too
// (the access area maps `calendar.events` to calendar:read + write), one with only free-busy does not.
import type { Context } from 'hono';
import type { Principal } from '../../../context';
import type { AppEnv } from '../../../env';
import { ApiError } from '../../../lib/errors';
import { withCaller } from '../../../middleware/auth';
import { earlyReadHolds } from '../../directory/shared/directory.rules';
import type { CalendarCaller } from './calendar-access';

export function calendarCallerOf(p: Principal): CalendarCaller {
  const integrator = p.kind === 'api_key' || p.appAccountId !== null;
  if (integrator) return { userId: p.kind === 'user' ? p.userId : undefined, isCalendarAdmin: p.permissions.has('calendar:write') };
  return { userId: p.userId, isCalendarAdmin: p.isSystemAdmin || p.role === 'owner' || p.role === 'admin' };
}

/**
 * The caller of free-busy: an integrator with `calendar:free_busy` sees the busy time of every
 * calendar of the tenant (no details are answered); people as for any calendar read.
 */
export function freeBusyCallerOf(p: Principal): CalendarCaller {
  const c = calendarCallerOf(p);
  const integrator = p.kind === 'api_key' || p.appAccountId !== null;
  return integrator && p.permissions.has('calendar:free_busy') ? { ...c, isCalendarAdmin: true } : c;
}

/** The person a write is attributed to (API keys: the key's creator). */
export const actorUserOf = (p: Principal): string | null => (p.kind === 'user' ? p.userId : p.createdBy);

export const calendarNotFound = (id: string) => new ApiError('NOT_FOUND', 'Calendar not found', { reason: 'calendar_not_found', calendarId: id });

/**
 * `read` sent with the caller check (one round trip), as the person the credentials name with the
 * admin flag derived in SQL; API keys and app accounts (permissions from an object) are read again
 * once loaded.
 */
export async function asCalendarCaller<T>(c: Context<AppEnv>, read: (caller: CalendarCaller) => Promise<T>, callerOf = calendarCallerOf): Promise<{ p: Principal; value: T }> {
  const { p, value } = await withCaller(c, (as) => settle(read({ userId: as.userId, isCalendarAdmin: undefined })));
  return { p, value: earlyReadHolds(p) ? unwrap(value) : await read(callerOf(p)) };
}

/** `read` sent with the caller check, answered only to a calendar admin (403 first, whatever the read found). */
export async function asCalendarAdmin<T>(c: Context<AppEnv>, read: () => Promise<T>): Promise<T> {
  const { p, value } = await withCaller(c, () => settle(read()));
  assertCalendarAdmin(p);
  return unwrap(value);
}

export function assertCalendarAdmin(p: Principal): void {
  if (!calendarCallerOf(p).isCalendarAdmin) throw new ApiError('FORBIDDEN', 'Only calendar admins (tenant owner or admin) may call this route', { reason: 'CALENDAR_ADMIN_REQUIRED' });
}

// An early read's error (a 404 for a caller it could not know yet) waits until the caller is known.
type Settled<T> = { ok: true; v: T } | { ok: false; e: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));
function unwrap<T>(s: Settled<T>): T {
  if (!s.ok) throw s.e;
  return s.v;
}
