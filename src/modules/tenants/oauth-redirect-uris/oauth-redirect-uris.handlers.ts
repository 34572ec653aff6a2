// Reads the tenant's verified domains with the caller check (one round trip), then refuses
// tenants the caller may not see.
import type { Handler } from '../../../http/handler';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { forTenant, oauthRedirectUris } from '../domains';
import { assertMaySee } from '../shared/visibility';
import type * as routes from './oauth-redirect-uris.routes';

export const get: Handler<typeof routes.get> = async (c) => {
  const { id } = c.req.valid('param');
  const value = await oauthRedirectUris(forTenant(serviceContext(c), id));
  assertMaySee(await principal(c), id);
  return c.json({ data: { redirect_uris: value } }, 200);
};
