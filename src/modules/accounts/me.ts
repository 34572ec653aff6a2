import { eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import * as contract from '../../contract/accounts';
import { users } from '../../db/schema/identity';
import type { AppEnv } from '../../env';
import { ROLE_RANK } from '../../lib/permissions';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { userPrincipal, withCaller } from '../../middleware/auth';
import { profileChanges } from './profile-fields';

const get = contractRoute(contract.getSecureAuthMe, {
  description: 'The signed-in user in the session’s active tenant: profile, settings, groups and effective permissions (role permissions plus every group’s). `displayName` falls back to the email’s local part.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
const resetPreferences = contractRoute(contract.deleteSecureAuthMePreferences, {
  description: 'Resets the caller’s settings to the default (empty settings, no settings type) and returns the profile.',
  auth: { allowDuringFlow: true, usersOnly: true },
});
const patch = contractRoute(contract.patchSecureAuthMe, {
  description: 'Updates the signed-in user’s names, locale, settings (replaced as a whole) and settings type. `null` clears a name.',
  auth: { allowDuringFlow: true, usersOnly: true },
});

async function me(c: Context<AppEnv>) {
  // The profile read goes with the caller check (one round trip on GET).
  const db = await c.var.db();
  // An API key has no profile: userPrincipal below refuses it.
  const { value: [u] } = await withCaller(c, async (as) => (as.userId ? db.select().from(users).where(eq(users.id, as.userId)) : []));
  const p = await userPrincipal(c);
  return {
    user: {
      id: u!.id,
      email: u!.email,
      displayName: u!.displayName ?? u!.email.split('@')[0]!,
      tenantId: p.tenantId,
      tenantName: p.tenantName,
      locale: u!.locale,
      settings: u!.settings,
      typeDefinitionId: u!.typeDefinitionId,
      groups: p.groups.map((g) => g.name),
      groupDetails: p.groups,
      permissions: [...p.permissions],
      isSystemAdmin: p.isSystemAdmin,
      isTenantAdmin: p.isSystemAdmin || ROLE_RANK[p.role] >= ROLE_RANK.admin,
    },
  };
}

export const meRoutes = newRouter()
  .openapi(get, async (c) => c.json(await me(c), 200))
  .openapi(patch, async (c) => {
    const body = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const set = profileChanges(body);
    if (Object.keys(set).length) await db.update(users).set({ ...set, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
    return c.json(await me(c), 200);
  })
  .openapi(resetPreferences, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    await db.update(users).set({ settings: {}, typeDefinitionId: null, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
    return c.json(await me(c), 200);
  });
