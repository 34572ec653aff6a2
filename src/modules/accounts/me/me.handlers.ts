// Handlers of the caller's own account: the profile answer is shaped here from the user and the
// principal (groups and permissions are the session's).
import type { Handler } from '../../../http/handler';
import { ROLE_RANK } from '../../../lib/permissions';
import { userPrincipal, withCaller, type UserPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './me.routes';
import * as service from './me.service';
import * as password from './password.service';

function toMe(u: Awaited<ReturnType<typeof service.profile>>, p: UserPrincipal) {
  return {
    user: {
      id: u.id,
      email: u.email,
      displayName: u.displayName ?? u.email.split('@')[0]!,
      tenantId: p.tenantId,
      tenantName: p.tenantName,
      locale: u.locale,
      settings: u.settings,
      typeDefinitionId: u.typeDefinitionId,
      groups: p.groups.map((g) => g.name),
      groupDetails: p.groups,
      permissions: [...p.permissions],
      isSystemAdmin: p.isSystemAdmin,
      isTenantAdmin: p.isSystemAdmin || ROLE_RANK[p.role] >= ROLE_RANK.admin,
    },
  };
}

export const get: Handler<typeof routes.get> = async (c) => {
  // The profile read goes with the caller check (one round trip); an API key has no profile
  // (userPrincipal refuses it), so nothing is read for one.
  const { value: u } = await withCaller(c, async (as) => (as.userId ? service.profileOf(serviceContext(c), as.userId) : undefined));
  const p = await userPrincipal(c);
  return c.json(toMe(u!, p), 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const body = c.req.valid('json');
  const p = await userPrincipal(c);
  return c.json(toMe(await service.updateProfile(serviceContext(c), p, body), p), 200);
};

export const resetPreferences: Handler<typeof routes.resetPreferences> = async (c) => {
  const p = await userPrincipal(c);
  return c.json(toMe(await service.resetPreferences(serviceContext(c), p), p), 200);
};

export const changePassword: Handler<typeof routes.changePassword> = async (c) => {
  const body = c.req.valid('json');
  await password.changePassword(serviceContext(c), await userPrincipal(c), body);
  return c.json({ data: { success: true, message: 'Password changed; other sessions were signed out' } }, 200);
};

export const closeAccount: Handler<typeof routes.closeAccount> = async (c) => {
  const closedAt = await password.closeAccount(serviceContext(c), await userPrincipal(c));
  return c.json({ data: { success: true, message: 'Your account has been closed', accountClosedAt: closedAt.toISOString() } }, 200);
};
