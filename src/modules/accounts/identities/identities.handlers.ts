// Identity handlers: read the validated input, call the service, shape the reference's answer.
import { z } from '@hono/zod-openapi';
import type { Handler } from '../../../http/handler';
import { readAsUser, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type { OAUTH_PROVIDERS } from '../../../providers/oauth';
import { isHttpUrl, PROVIDER_INFO } from '../oauth';
import type * as routes from './identities.routes';
import * as service from './identities.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const list: Handler<typeof routes.list> = async (c) => {
  const { value: { rows, primary, hasPassword } } = await readAsUser(c, (userId) => service.listIdentities(serviceContext(c), userId));
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
        is_primary: r.provider === primary,
      })),
      email_auth_enabled: hasPassword,
      total: rows.length,
    },
    200,
  );
};

export const link: Handler<typeof routes.link> = async (c) => {
  const p = await userPrincipal(c);
  const { provider } = c.req.valid('param');
  const body = c.req.valid('json') ?? {};
  const url = await service.startLink(serviceContext(c), p, provider, body?.redirectUrl);
  return c.json({ url, provider }, 200);
};

export const unlink: Handler<typeof routes.unlink> = async (c) => {
  const p = await userPrincipal(c);
  const { provider } = c.req.valid('param');
  await service.unlink(serviceContext(c), p, provider);
  return c.json({ success: true, message: `${PROVIDER_INFO[provider].name} unlinked`, provider }, 200);
};

export const primary: Handler<typeof routes.primary> = async (c) => {
  const p = await userPrincipal(c);
  const { provider } = c.req.valid('param');
  await service.setPrimary(serviceContext(c), p, provider);
  return c.json({ success: true, message: `Primary sign-in method set to ${provider}`, primary_provider: provider }, 200);
};

export const history: Handler<typeof routes.history> = async (c) => {
  const { limit, offset } = c.req.valid('query');
  const { value: { rows, total } } = await readAsUser(c, (userId) => service.loginHistory(serviceContext(c), userId, { limit, offset }));
  return c.json(
    {
      data: rows.map((r) => ({ id: r.id, provider: r.provider, success: r.success, attempted_at: r.attemptedAt.toISOString(), ip_address: r.ipAddress })),
      total,
    },
    200,
  );
};
