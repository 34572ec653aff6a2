// The rules of an entry that need no database: the status transition matrix (one table, enforced
// identically by POST /entries/{id}/status and by PATCH `status`), the span and its all-day local
// dates, and the participants an entry names in `metadata.participants`.
import { z } from '@hono/zod-openapi';
import type { EntryStatus, ParticipantRole } from '../../../db/schema/calendar';
import { PARTICIPANT_ROLES } from '../../../db/schema/calendar';
import { ApiError } from '../../../lib/errors';
import { allDayDates } from '../shared/local-time';

/**
 * Where an entry's status may go. Staying in the same status is always allowed (a no-op).
 *   draft      → tentative, confirmed, cancelled
 *   tentative  → draft, confirmed, cancelled
 *   confirmed  → tentative, completed, cancelled
 *   cancelled  → draft            (reopened, to be planned again)
 *   completed  → (none: final)
 * While the entry's approval is pending it may not become `confirmed` or `completed`.
 */
export const STATUS_TRANSITIONS: Record<EntryStatus, readonly EntryStatus[]> = {
  draft: ['tentative', 'confirmed', 'cancelled'],
  tentative: ['draft', 'confirmed', 'cancelled'],
  confirmed: ['tentative', 'completed', 'cancelled'],
  cancelled: ['draft'],
  completed: [],
};

export const STATUS_MATRIX_DOC =
  'Status transitions (one matrix for `/status` and PATCH; staying put is a no-op): draft → tentative, confirmed, cancelled; tentative → draft, confirmed, cancelled; confirmed → tentative, completed, cancelled; cancelled → draft; completed is final. While `approvalState` is `pending` the entry cannot become confirmed or completed. Any other move: 422 `INVALID_STATUS_TRANSITION` (details name `from`, `to` and `allowed`).';

export function checkTransition(from: EntryStatus, to: EntryStatus, approvalPending: boolean): void {
  if (from === to) return;
  const allowed = STATUS_TRANSITIONS[from];
  if (!allowed.includes(to)) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `An entry cannot go from ${from} to ${to}`, { reason: 'INVALID_STATUS_TRANSITION', from, to, allowed, fields: { status: [`From ${from}: ${allowed.join(', ') || 'none (final)'}`] } });
  }
  if (approvalPending && (to === 'confirmed' || to === 'completed')) {
    throw new ApiError('UNPROCESSABLE_ENTITY', `The entry waits for approval: it cannot become ${to} yet`, { reason: 'APPROVAL_PENDING', from, to, fields: { status: ['Pending approval'] } });
  }
}

/**
 * The status a new entry is stored with: while its approval is pending, a confirmed or completed
 * one waits as `tentative` (the approval confirms it, see entries.approvals.ts).
 */
export const initialStatus = (asked: EntryStatus, pending: boolean): EntryStatus => (pending && (asked === 'confirmed' || asked === 'completed') ? 'tentative' : asked);

export interface Span {
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  isAllDay: boolean;
}

/** The stored span: `endsAt` not before `startsAt` (422), all-day local dates derived in the zone. */
export function spanColumns(s: Span) {
  if (s.endsAt < s.startsAt) throw new ApiError('UNPROCESSABLE_ENTITY', 'endsAt is before startsAt', { reason: 'INVALID_SPAN', fields: { endsAt: ['Must not be before startsAt'] } });
  const dates = s.isAllDay ? allDayDates(s.startsAt, s.endsAt, s.timezone) : { localStartDate: null, localEndDateExclusive: null };
  return { startsAt: s.startsAt, endsAt: s.endsAt, timezone: s.timezone, isAllDay: s.isAllDay, ...dates };
}

/**
 * Who an entry is assigned to. The reference has no participant routes: an entry names them in
 * `metadata.participants` (`[{ userId | groupId, role? }]`, role default `attendee`), and its
 * `ownerUserId` is its `owner`. `respond` answers for them.
 */
const participantSchema = z.union([
  z.strictObject({ userId: z.uuid(), role: z.enum(PARTICIPANT_ROLES).optional() }),
  z.strictObject({ groupId: z.uuid(), role: z.enum(PARTICIPANT_ROLES).optional() }),
]);
const participantsSchema = z.array(participantSchema).max(200);

export type WantedParticipant = { kind: 'user'; id: string; role: ParticipantRole } | { kind: 'group'; id: string; role: ParticipantRole };

/** The participants `metadata` names (undefined: it names none, leave them as they are). */
export function participantsOf(metadata: Record<string, unknown> | undefined): WantedParticipant[] | undefined {
  if (!metadata || !('participants' in metadata)) return undefined;
  const parsed = participantsSchema.safeParse(metadata.participants);
  if (!parsed.success) {
    throw new ApiError('UNPROCESSABLE_ENTITY', 'metadata.participants must be a list of { userId | groupId, role? }', { reason: 'INVALID_PARTICIPANTS', fields: { 'metadata.participants': parsed.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`) } });
  }
  const byKey = new Map<string, WantedParticipant>();
  for (const p of parsed.data) {
    const w: WantedParticipant = 'userId' in p ? { kind: 'user', id: p.userId, role: p.role ?? 'attendee' } : { kind: 'group', id: p.groupId, role: p.role ?? 'attendee' };
    byKey.set(`${w.kind}:${w.id}`, w);
  }
  return [...byKey.values()];
}

/** The owner joins the participants as `owner` (one row per user: the owner role wins). */
export function withOwner(wanted: WantedParticipant[], ownerUserId: string | null): WantedParticipant[] {
  if (!ownerUserId) return wanted;
  return [...wanted.filter((w) => !(w.kind === 'user' && w.id === ownerUserId)), { kind: 'user', id: ownerUserId, role: 'owner' }];
}
