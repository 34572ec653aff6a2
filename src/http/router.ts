// Every module builds its routes on this: zod failures become 400 StandardErrorResponses.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { validationError } from '../lib/validation';

export function newRouter(options: { getPath?: (req: Request) => string } = {}) {
  return new OpenAPIHono<AppEnv>({
    ...options,
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
}
