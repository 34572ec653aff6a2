// Linked sign-in identities of the caller: list, link (start), unlink, primary method, history.
import { z } from '@hono/zod-openapi';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import * as contract from '../../contract/accounts';
import { userIdentities } from '../../db/schema/identities';
import { users } from '../../db/schema/identity';
import { oauthLoginHistory } from '../../db/schema/oauth';
import { ApiError } from '../../lib/errors';
import { limitOffsetQuery } from '../../lib/pagination';
import { clientIp } from '../../lib/request';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { userPrincipal } from '../../middleware/auth';
import { setAudit } from '../../middleware/audit';
import { OAUTH_PROVIDERS } from '../../providers/oauth';
import { adapterConfig, assertProviderEnabled, checkRedirectUrl, clientTypeOf, isHttpUrl, loadTenant, PROVIDER_INFO } from './oauth-config';
import { startAuthorization } from './oauth-service';

// Identity routes serve a session that still owes its post-sign-in tasks (linking is part of the flow).
const auth = { usersOnly: true, allowDuringFlow: true } as const;
const providerParam = z.object({ provider: z.enum(OAUTH_PROVIDERS) });

const listRoute = contractRoute(contract.getSecureAuthIdentities, {
  description:
    "The caller's linked provider identities, oldest link first. `is_primary`: the identity's provider is the account's " +
    'primary sign-in method (`users.primary_provider`). `email_auth_enabled`: the account has a password.',
  auth,
});

const linkRoute = contractRoute(contract.postSecureAuthLinkByProvider, {
  description:
    'Starts linking a provider to the caller: returns the provider URL of a state bound to this account (purpose link, ' +
    "single use, 10 minutes). The provider returns to `redirectUrl?code&state`; post both to `/public/auth/oauth/exchange` " +
    '(`pveState` = state) to attach the identity (409 there when it belongs to another account). `redirectUrl` defaults ' +
    "to the tenant's `defaultOAuthRedirectUrl` (400 when neither is set) and follows the rules of `oauth/initiate`; its " +
    'scheme implies the client type (https/http → web, chrome-extension → extension, other → desktop). 409 when the ' +
    'account already has an identity of this provider; 400 when the provider is not enabled for the tenant.',
  request: { params: providerParam },
  bodyOptional: true,
  auth,
  errors: [409],
});

const unlinkRoute = contractRoute(contract.deleteSecureAuthUnlinkByProvider, {
  description:
    "Removes the caller's identity of this provider (404 when none). Refused with 409 when it is the account's last way " +
    'to sign in (no other identity and no password). When it was the primary method, the primary becomes `email` if the ' +
    'account has a password, else the oldest remaining identity; an avatar taken from it falls back to none.',
  request: { params: providerParam },
  auth,
  errors: [409],
});

const primaryRoute = contractRoute(contract.patchSecureAuthPrimaryByProvider, {
  description:
    'Sets the primary sign-in method: a linked provider (404 when not linked) or `email` (409 when the account has no password).',
  request: { params: z.object({ provider: z.enum([...OAUTH_PROVIDERS, 'email']) }) },
  auth,
  errors: [409],
});

const historyRoute = contractRoute(contract.getSecureAuthOauthHistory, {
  description:
    "The caller's OAuth sign-in attempts (successful and failed exchanges attributed to this account, including link " +
    'flows), newest first; `total` counts all of them.',
  request: { query: z.object(limitOffsetQuery(20, 100)) },
  auth,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const identityRoutes = newRouter()
  .openapi(listRoute, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const [u] = await db.select({ hasPassword: sql<boolean>`${users.passwordHash} is not null`, primary: users.primaryProvider }).from(users).where(eq(users.id, p.userId));
    const rows = await db.select().from(userIdentities).where(eq(userIdentities.userId, p.userId)).orderBy(asc(userIdentities.linkedAt), asc(userIdentities.id));
    return c.json(
      {
        data: rows.map((r) => ({
          id: r.id,
          provider: r.provider as (typeof OAUTH_PROVIDERS)[number],
          email: r.email && z.email().safeParse(r.email).success ? r.email : null,
          display_name: r.displayName,
          avatar_url: isHttpUrl(r.avatarUrl) ? r.avatarUrl : null,
          linked_at: r.linkedAt.toISOString(),
          last_login_at: iso(r.lastLoginAt),
          is_primary: r.provider === u!.primary,
        })),
        email_auth_enabled: u!.hasPassword,
        total: rows.length,
      },
      200,
    );
  })
  .openapi(linkRoute, async (c) => {
    const p = await userPrincipal(c);
    const { provider } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const db = await c.var.db();
    const tenant = await loadTenant(db, p.tenantId);
    assertProviderEnabled(c, provider, tenant);
    const raw = body?.redirectUrl ?? tenant?.authConfig.defaultOAuthRedirectUrl;
    if (!raw) throw new ApiError('VALIDATION_ERROR', 'Invalid request', { fields: { redirectUrl: ['Required: the tenant has no defaultOAuthRedirectUrl'] } });
    const clientType = clientTypeOf(raw);
    const redirectUrl = checkRedirectUrl(c, raw, clientType, tenant);
    const [has] = await db.select({ id: userIdentities.id }).from(userIdentities).where(and(eq(userIdentities.userId, p.userId), eq(userIdentities.provider, provider)));
    if (has) throw new ApiError('CONFLICT', `A ${PROVIDER_INFO[provider].name} identity is already linked: unlink it first`);
    const started = await startAuthorization(db, adapterConfig(c, tenant), {
      purpose: 'link',
      provider,
      clientType,
      redirectUrl,
      tenantId: p.tenantId,
      userId: p.userId,
      ipAddress: clientIp(c),
    });
    setAudit(c, { action: 'identity.link_start', resourceType: 'identity', resourceId: null, details: { provider } });
    return c.json({ url: started.oauthUrl, provider }, 200);
  })
  .openapi(unlinkRoute, async (c) => {
    const p = await userPrincipal(c);
    const { provider } = c.req.valid('param');
    const db = await c.var.db();
    const [u] = await db.select().from(users).where(eq(users.id, p.userId)).for('update');
    const ids = await db.select().from(userIdentities).where(eq(userIdentities.userId, p.userId)).orderBy(asc(userIdentities.linkedAt), asc(userIdentities.id));
    const target = ids.find((i) => i.provider === provider);
    if (!target) throw new ApiError('NOT_FOUND', `No ${PROVIDER_INFO[provider].name} identity is linked`);
    const rest = ids.filter((i) => i.id !== target.id);
    if (!rest.length && !u!.passwordHash) {
      throw new ApiError('CONFLICT', 'This is your only way to sign in: set a password or link another provider first', { reason: 'LAST_SIGN_IN_METHOD' });
    }
    await db.delete(userIdentities).where(eq(userIdentities.id, target.id));
    const patch: Partial<typeof users.$inferInsert> = {};
    if (u!.primaryProvider === provider) patch.primaryProvider = u!.passwordHash ? 'email' : rest[0]!.provider;
    if (u!.avatarIdentityId === target.id) Object.assign(patch, { avatarIdentityId: null, ...(u!.avatarSource === 'remote' && { avatarSource: 'none', avatarUrl: null }) });
    if (Object.keys(patch).length) await db.update(users).set({ ...patch, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
    if (patch.primaryProvider) await db.update(userIdentities).set({ isPrimary: sql`${userIdentities.provider} = ${patch.primaryProvider}` }).where(eq(userIdentities.userId, p.userId));
    setAudit(c, { action: 'identity.unlink', resourceType: 'identity', resourceId: target.id, details: { provider } });
    return c.json({ success: true, message: `${PROVIDER_INFO[provider].name} unlinked`, provider }, 200);
  })
  .openapi(primaryRoute, async (c) => {
    const p = await userPrincipal(c);
    const { provider } = c.req.valid('param');
    const db = await c.var.db();
    if (provider === 'email') {
      const [u] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, p.userId));
      if (!u?.passwordHash) throw new ApiError('CONFLICT', 'The account has no password: set one before making email the primary method');
    } else {
      const [has] = await db.select({ id: userIdentities.id }).from(userIdentities).where(and(eq(userIdentities.userId, p.userId), eq(userIdentities.provider, provider)));
      if (!has) throw new ApiError('NOT_FOUND', `No ${PROVIDER_INFO[provider].name} identity is linked`);
    }
    await db.update(users).set({ primaryProvider: provider, updatedAt: sql`now()` }).where(eq(users.id, p.userId));
    await db.update(userIdentities).set({ isPrimary: sql`${userIdentities.provider} = ${provider}` }).where(eq(userIdentities.userId, p.userId));
    setAudit(c, { action: 'identity.set_primary', resourceType: 'user', resourceId: p.userId, details: { provider } });
    return c.json({ success: true, message: `Primary sign-in method set to ${provider}`, primary_provider: provider }, 200);
  })
  .openapi(historyRoute, async (c) => {
    const p = await userPrincipal(c);
    const { limit, offset } = c.req.valid('query');
    const db = await c.var.db();
    const [rows, [total]] = await Promise.all([
      db
        .select()
        .from(oauthLoginHistory)
        .where(eq(oauthLoginHistory.userId, p.userId))
        .orderBy(desc(oauthLoginHistory.attemptedAt), desc(oauthLoginHistory.id))
        .limit(limit)
        .offset(offset),
      db.select({ n: count() }).from(oauthLoginHistory).where(eq(oauthLoginHistory.userId, p.userId)),
    ]);
    return c.json(
      {
        data: rows.map((r) => ({ id: r.id, provider: r.provider, success: r.success, attempted_at: r.attemptedAt.toISOString(), ip_address: r.ipAddress })),
        total: total!.n,
      },
      200,
    );
  });
