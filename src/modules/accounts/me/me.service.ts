// The caller's own profile: read, change (present keys set, `null` clears) and reset settings.
import type { ServiceContext, UserPrincipal } from '../../../context';
import { validateSettingsChange } from '../../catalog/type-definitions';
import * as q from './me.queries';
import { profileChanges, type ProfileUpdate } from './profile-fields';

export const profileOf = (ctx: ServiceContext, userId: string) => q.userById(ctx, userId);
export const profile = (ctx: ServiceContext, p: UserPrincipal) => profileOf(ctx, p.userId);

export async function updateProfile(ctx: ServiceContext, p: UserPrincipal, body: ProfileUpdate) {
  const set = profileChanges(body);
  // Settings are checked against the user's type definition (the new one, else the current one).
  await validateSettingsChange(ctx, 'user', () => profile(ctx, p), set);
  if (Object.keys(set).length) await q.updateProfile(ctx, p.userId, set);
  return profile(ctx, p);
}

/** Back to the default: empty settings, no settings type. */
export async function resetPreferences(ctx: ServiceContext, p: UserPrincipal) {
  await q.updateProfile(ctx, p.userId, { settings: {}, typeDefinitionId: null });
  return profile(ctx, p);
}
