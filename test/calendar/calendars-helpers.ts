// Shared by the calendar tests (calendars, admin): calls as a signed-in caller and SQL set-up of the
// rows other engineers' routes will create (members, type definitions, reminders, entries,
// deliveries) through the owner connection.
import { eq } from 'drizzle-orm';
import { groupMembers, groups } from '../../src/db/schema/access';
import { calendarEntries, calendarEntryParticipants, calendarMutations, calendarReminders, calendars, recurrenceInstances, recurrenceMasters, reminderDeliveries } from '../../src/db/schema/calendar';
import { spaceMembers } from '../../src/db/schema/spaces';
import { typeDefinitions } from '../../src/db/schema/type-definitions';
import { withDb } from '../helpers/db';
import { api } from '../helpers/http';
import type { SignedIn } from '../helpers/identity';

export const C = '/api/v1/secure/calendar';
export const A = '/api/v1/secure/admin/calendars';
export const call = (who: SignedIn | null, method: string, path: string, json?: unknown) =>
  api(path, { method, headers: who ? who.auth : {}, ...(json !== undefined && { json }) });

export const newCalendar = async (who: SignedIn, body: Record<string, unknown> = {}) => {
  const res = await call(who, 'POST', `${C}/`, { kind: 'user_linked', linkedUserId: who.userId, name: `Cal ${crypto.randomUUID().slice(0, 6)}`, timezone: 'Europe/Zurich', ...body });
  if (res.status !== 201) throw new Error(`calendar create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; [k: string]: unknown };
};

export const calendarRows = (tenantId: string) => withDb((db) => db.select().from(calendars).where(eq(calendars.tenantId, tenantId)));
export const mutationRows = (calendarId: string) => withDb((db) => db.select().from(calendarMutations).where(eq(calendarMutations.calendarId, calendarId)).orderBy(calendarMutations.occurredAt));

export const addSpaceMember = (tenantId: string, spaceId: string, userId: string, role: 'manager' | 'reader' = 'reader') =>
  withDb((db) => db.insert(spaceMembers).values({ tenantId, spaceId, userId, role }));

export const newTypeDefinition = (tenantId: string, appliesTo: 'calendar' | 'space', isActive = true) =>
  withDb(async (db) => {
    const [r] = await db
      .insert(typeDefinitions)
      .values({ tenantId, name: `td-${crypto.randomUUID().slice(0, 8)}`, label: 'TD', appliesTo, isActive, schemaDefinition: { properties: {} } })
      .returning({ id: typeDefinitions.id });
    return r!.id;
  });

export const setVisits = (calendarId: string, n: number) => withDb((db) => db.update(calendars).set({ totalVisits: n, lastVisitedAt: new Date() }).where(eq(calendars.id, calendarId)));

/** An entry starting in `hoursAhead` hours (1 hour long). */
export const insertEntry = (tenantId: string, calendarId: string, hoursAhead: number) =>
  withDb(async (db) => {
    const starts = new Date(Date.now() + hoursAhead * 3600_000);
    const [r] = await db
      .insert(calendarEntries)
      .values({ tenantId, calendarId, kind: 'event', status: 'confirmed', title: 'E', startsAt: starts, endsAt: new Date(starts.getTime() + 3600_000), timezone: 'UTC' })
      .returning({ id: calendarEntries.id });
    return r!.id;
  });

export const insertReminder = (tenantId: string, calendarId: string, entryId: string, o: { channel: 'in_app' | 'email' | 'sms' | 'webhook'; enabled: boolean; nextTriggerAt: Date | null; noTarget?: true }) =>
  withDb(async (db) => {
    const [r] = await db
      .insert(calendarReminders)
      .values({ tenantId, calendarId, calendarEntryId: entryId, channel: o.channel, offsetMinutes: -15, isEnabled: o.enabled, nextTriggerAt: o.nextTriggerAt, nextTargetKind: o.noTarget ? null : 'entry', nextTargetId: o.noTarget ? null : entryId })
      .returning({ id: calendarReminders.id });
    return r!.id;
  });

export const insertDelivery = (tenantId: string, calendarId: string, reminderId: string, targetId: string, status: 'queued' | 'sent' | 'failed' | 'dead') =>
  withDb((db) => db.insert(reminderDeliveries).values({ deliveryKey: `${reminderId}:${crypto.randomUUID()}`, tenantId, reminderId, calendarId, channel: 'email', targetKind: 'entry', targetId, triggerAt: new Date(), status }));

export const E = `${C}/entries`;

/** An entry created through the API (1 hour, tomorrow at 09:00 UTC unless told). */
export const newEntry = async (who: SignedIn, calendarId: string, body: Record<string, unknown> = {}) => {
  const res = await call(who, 'POST', E, { calendarId, kind: 'event', title: 'Meeting', startsAt: '2030-01-10T09:00:00Z', endsAt: '2030-01-10T10:00:00Z', timezone: 'Europe/Zurich', ...body });
  if (res.status !== 201) throw new Error(`entry create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; [k: string]: unknown };
};

export const entryRows = (tenantId: string) => withDb((db) => db.select().from(calendarEntries).where(eq(calendarEntries.tenantId, tenantId)));
export const participantRows = (entryId: string) =>
  withDb((db) => db.select().from(calendarEntryParticipants).where(eq(calendarEntryParticipants.calendarEntryId, entryId)).orderBy(calendarEntryParticipants.createdAt));

/** A group of the tenant with these members. */
export const newGroup = (tenantId: string, memberIds: string[]) =>
  withDb(async (db) => {
    const [g] = await db.insert(groups).values({ tenantId, name: `g-${crypto.randomUUID().slice(0, 8)}` }).returning({ id: groups.id });
    if (memberIds.length) await db.insert(groupMembers).values(memberIds.map((userId) => ({ groupId: g!.id, userId, tenantId })));
    return g!.id;
  });

/**
 * A recurrence master on `rootEntryId` with the given occurrences materialized (set up in SQL for
 * the window and free-busy tests: the recurrence routes' own tests create them through the API).
 */
export const insertSeries = (tenantId: string, calendarId: string, rootEntryId: string, occurrences: { startsAt: string; endsAt: string; state?: 'generated' | 'overridden' | 'cancelled'; titleOverride?: string }[]) =>
  withDb(async (db) => {
    const [m] = await db
      .insert(recurrenceMasters)
      .values({ tenantId, calendarId, rootEntryId, frequency: 'daily', startsAt: new Date(occurrences[0]!.startsAt), timezone: 'UTC' })
      .returning({ id: recurrenceMasters.id });
    await db.update(calendarEntries).set({ recurrenceMasterId: m!.id }).where(eq(calendarEntries.id, rootEntryId));
    const rows = await db
      .insert(recurrenceInstances)
      .values(
        occurrences.map((o) => ({
          tenantId,
          recurrenceMasterId: m!.id,
          calendarId,
          sourceEntryId: rootEntryId,
          instanceDate: o.startsAt.slice(0, 10),
          startsAt: new Date(o.startsAt),
          endsAt: new Date(o.endsAt),
          timezone: 'UTC',
          instanceState: o.state ?? 'generated',
          status: 'confirmed' as const,
          titleOverride: o.titleOverride ?? null,
        })),
      )
      .returning({ id: recurrenceInstances.id });
    return { masterId: m!.id, instanceIds: rows.map((r) => r.id) };
  });
