// Checks of a calendar's input: kind and linkage agree, the zone is an IANA zone, the type
// definition fits (each throws the ApiError clients tell apart by `details.reason`).
import type { CalendarKind } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';

const invalid = (message: string, reason: string, fields: Record<string, string[]>) => new ApiError('UNPROCESSABLE_ENTITY', message, { reason, fields });

export interface Linkage {
  linkedUserId?: string;
  linkedResourceId?: string;
  linkedSpaceId?: string;
}

const LINK_OF: Record<CalendarKind, keyof Linkage | null> = {
  user_linked: 'linkedUserId',
  resource_linked: 'linkedResourceId',
  space_linked: 'linkedSpaceId',
  tenant_shared: null,
};

/** Exactly the link the kind names (tenant_shared: none). */
export function checkLinkage(kind: CalendarKind, body: Linkage): void {
  const wanted = LINK_OF[kind];
  const given = (Object.keys(LINK_OF) as CalendarKind[]).map((k) => LINK_OF[k]).filter((f): f is keyof Linkage => f !== null && body[f] !== undefined);
  const fields: Record<string, string[]> = {};
  for (const f of given) if (f !== wanted) fields[f] = [`Not allowed for kind ${kind}`];
  if (wanted && body[wanted] === undefined) fields[wanted] = [`Required for kind ${kind}`];
  if (Object.keys(fields).length) throw invalid(`kind ${kind} needs ${wanted ?? 'no linked id'}`, 'INVALID_LINKAGE', fields);
}

/** An IANA zone name the runtime knows (Intl), e.g. Europe/Zurich or UTC. */
export function checkTimezone(tz: string | undefined): void {
  if (tz === undefined) return;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw invalid(`Unknown time zone ${JSON.stringify(tz.slice(0, 64))}`, 'INVALID_TIMEZONE', { timezone: ['An IANA time zone such as Europe/Zurich'] });
  }
}

export function checkName(name: string | undefined): void {
  if (name !== undefined && !name.trim()) throw invalid('name must not be blank', 'NAME_BLANK', { name: ['At least 1 visible character'] });
}

export const linkedParentNotFound = (field: keyof Linkage) =>
  new ApiError('UNPROCESSABLE_ENTITY', `${field} names nothing of this tenant`, { reason: 'LINKED_PARENT_NOT_FOUND', fields: { [field]: ['Not found in this tenant'] } });

export const typeDefinitionInvalid = (why: string) =>
  new ApiError('UNPROCESSABLE_ENTITY', `typeDefinitionId: ${why}`, { reason: 'INVALID_TYPE_DEFINITION', fields: { typeDefinitionId: [why] } });

export const notManageable = () => new ApiError('FORBIDDEN', 'You may not manage this calendar', { reason: 'CALENDAR_NOT_MANAGEABLE' });
