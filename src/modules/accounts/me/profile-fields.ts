// The profile fields a user may change about themselves (PATCH /me) and an admin about them
// (PATCH /users/{id}): present keys are set, `null` clears, absent keys stay.
import type { users } from '../../../db/schema/accounts';

const PROFILE_KEYS = ['firstName', 'middleName', 'lastName', 'displayName', 'locale', 'settings', 'typeDefinitionId'] as const;

export type ProfileUpdate = Partial<Pick<typeof users.$inferInsert, (typeof PROFILE_KEYS)[number]>>;

export function profileChanges(body: ProfileUpdate): ProfileUpdate {
  const set: Record<string, unknown> = {};
  for (const key of PROFILE_KEYS) if (body[key] !== undefined) set[key] = body[key];
  return set as ProfileUpdate;
}
