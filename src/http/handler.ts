// The type of a handler written apart from its route (`<resource>.handlers.ts`), as
// hono-open-api-starter does: the route's params, query, body and responses are checked.
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

export type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
