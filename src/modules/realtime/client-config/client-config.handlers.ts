// Realtime client configuration handler.
import type { Handler } from '../../../http/handler';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { clientConfig } from '../socket/socket.service';
import type * as routes from './client-config.routes';

export const realtime: Handler<typeof routes.realtime> = async (c) => {
  const p = await userPrincipal(c);
  const { url, token } = await clientConfig(serviceContext(c), c.req.url, p.userId, p.tenantId);
  c.header('Cache-Control', 'no-store');
  return c.json({ data: { supabaseUrl: url, supabaseAnonKey: token } }, 200);
};
