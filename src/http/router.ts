// Every module builds its routes on this: zod failures become 400 StandardErrorResponses, and every
// handler is wrapped so that a read route's early reads (middleware/auth.ts readAsCaller) are
// recomputed when the caller's tenant is not the one the token named.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { validationError } from '../lib/validation';
import { readAsCaller } from '../middleware/auth';

export function newRouter(options: { getPath?: (req: Request) => string } = {}) {
  const router = new OpenAPIHono<AppEnv>({
    ...options,
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  const openapi = router.openapi.bind(router);
  router.openapi = ((route: Parameters<typeof openapi>[0], handler: Parameters<typeof openapi>[1], ...rest: unknown[]) =>
    (openapi as (...a: unknown[]) => unknown)(route, readAsCaller(handler as never), ...rest)) as typeof router.openapi;
  return router;
}
