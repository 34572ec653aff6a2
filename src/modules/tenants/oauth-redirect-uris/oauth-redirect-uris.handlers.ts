// Reads the tenant's verified domains with the caller check (one round trip), then refuses
// tenants the caller may not see.
import type { Handler } from '../../../http/handler';
import { withCaller } from '../../../middleware/auth';
import { asTenant, serviceContext } from '../../../middleware/service-context';
import { assertTenantVisible, oauthRedirectUris } from '../domains';
import type * as routes from './oauth-redirect-uris.routes';

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const { p, value } = await withCaller(c, () => oauthRedirectUris(asTenant(ctx, id)));
  assertTenantVisible(p, id);
  return c.json({ data: { redirect_uris: value } }, 200);
};
