// Builds a `createRoute` definition from a generated contract entry (src/contract/*), so each
// route's body and response schemas are the reference's by construction. Routes add what the
// reference leaves out: query, path and header parameters, and a fuller description.
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler, TypedResponse } from 'hono';
import type { AppEnv } from '../env';
import { authorize, type AuthRequirement } from '../middleware/auth';
import { idempotency } from '../middleware/idempotency';
import { StandardErrorResponse } from '../lib/errors';
import { isAuthenticatedPath } from '../lib/zones';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Contract {
  method: Method;
  path: string;
  summary: string;
  description: string;
  tags: readonly string[];
  body?: z.ZodType;
  responses: Readonly<Record<number, z.ZodType>>;
  /** Success statuses without a body (204). */
  noContent?: readonly number[];
  errors: readonly number[];
}

type Request = NonNullable<RouteConfig['request']>;

interface Extra {
  request?: Pick<Request, 'query' | 'params' | 'headers' | 'cookies'>;
  /** Replaces the reference's description (say what the reference leaves unsaid). */
  description?: string;
  /** Body is optional (e.g. an empty POST is fine). */
  bodyOptional?: boolean;
  /** Required on /api/v1/secure and /api/v1/system routes: who may call (see middleware/auth.ts). */
  auth?: AuthRequirement;
  /** Error statuses this route can answer beyond the reference's list (e.g. 409, 429). */
  errors?: number[];
  /**
   * `false`: this mutating route is not one request-wide transaction (it keeps writes such as
   * throttle counters while answering an error, and manages its own transactions).
   */
  unitOfWork?: false;
  /**
   * `true`: this GET route writes, so it gets the WebSocket connection instead of the read-only
   * HTTP handle (middleware/database.ts).
   */
  writes?: true;
  /**
   * `'http'`: this mutating route writes over HTTP, with no interactive transaction (statements
   * issued together are one atomic batch), to save the connection set-up (sign-in).
   */
  database?: 'http';
  /**
   * `true`: this route's work spans the caller's tenants (account merge moves a person's identities
   * and group memberships in every tenant), so its database work runs on the platform path, without
   * row-level security (db/rls.ts). Its queries must filter by the caller explicitly.
   */
  acrossTenants?: true;
}

type JsonContent<S> = { description: string; content: { 'application/json': { schema: S } } };
type OkResponses<C extends Contract> = { [K in keyof C['responses']]: JsonContent<C['responses'][K]> } & (C['noContent'] extends readonly (infer S extends number)[]
  ? { [K in S]: { description: string } }
  : unknown);
type BodyRequest<C extends Contract> = C['body'] extends z.ZodType
  ? { body: { content: { 'application/json': { schema: C['body'] } }; required: boolean } }
  : unknown;

export type ContractRoute<C extends Contract, E extends Extra> = {
  method: C['method'];
  path: C['path'];
  request: NonNullable<E['request']> & BodyRequest<C>;
  responses: OkResponses<C> & Record<number, JsonContent<typeof StandardErrorResponse>>;
} & Omit<RouteConfig, 'method' | 'path' | 'request' | 'responses'>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request (malformed JSON or schema violation; see `details.fields`)',
  401: 'Missing or invalid credentials',
  403: 'Not allowed for this caller',
  404: 'Not found (or owned by another tenant)',
  405: 'Method not allowed on this path',
  409: 'Conflict with the current state',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'Unprocessable request',
  429: 'Too many requests (see Retry-After)',
  500: 'Internal error (no internals are disclosed)',
  503: 'A dependency (the database) is unavailable',
};

const errorResponse = (status: number): JsonContent<typeof StandardErrorResponse> => ({
  description: ERROR_TEXT[status] ?? 'Error',
  content: { 'application/json': { schema: StandardErrorResponse } },
});

/** The route's database flags, set before anything of the route asks for a handle. */
const dbFlags =
  (extra: Extra): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (extra.unitOfWork === false) c.set('unitOfWork', false);
    if (extra.writes) c.set('dbRoute', 'writes');
    if (extra.database === 'http') c.set('dbRoute', 'http');
    if (extra.acrossTenants) c.set('acrossTenants', true);
    await next();
  };


/** Routes about one named tenant: their `{id}` is the tenant they work on (AuthRequirement `tenantParam`). */
const TENANT_ROUTE = '/api/v1/secure/tenants/{id}';

function withTenantParam(path: string, auth: AuthRequirement): AuthRequirement {
  return path === TENANT_ROUTE || path.startsWith(`${TENANT_ROUTE}/`) ? { tenantParam: 'id', ...auth } : auth;
}

export function contractRoute<const C extends Contract, const E extends Extra>(contract: C, extra: E = {} as E) {
  const secure = isAuthenticatedPath(contract.path);
  if (secure && !extra.auth) throw new Error(`${contract.method.toUpperCase()} ${contract.path}: secure routes must declare auth`);
  const responses: Record<number, unknown> = {};
  for (const [status, schema] of Object.entries(contract.responses)) {
    responses[Number(status)] = { description: 'Success', content: { 'application/json': { schema } } };
  }
  for (const status of contract.noContent ?? []) responses[status] = { description: 'Done; no content' };
  const errorStatuses = [...contract.errors, ...(extra.errors ?? []), 400, 500, ...(secure ? [401, 403] : [])];
  for (const status of new Set(errorStatuses)) responses[status] = errorResponse(status);
  const request: Record<string, unknown> = { ...extra.request };
  if (contract.body) {
    request.body = { content: { 'application/json': { schema: contract.body } }, required: !extra.bodyOptional };
  }
  return createRoute({
    method: contract.method,
    path: contract.path,
    summary: contract.summary || undefined,
    description: extra.description ?? contract.description,
    tags: [...contract.tags],
    // Idempotency after authorize: a replay passes every check the original request passed
    // (session state, 2FA, post-sign-in tasks, permission) before it is answered from the store.
    middleware: [...(extra.unitOfWork === false || extra.writes || extra.database || extra.acrossTenants ? [dbFlags(extra)] : []), ...(secure ? [authorize(withTenantParam(contract.path, extra.auth!)), idempotency()] : [])],
    ...(secure && {
      security: [{ bearerAuth: [] }],
      'x-permission': extra.auth!.permission ?? null,
    }),
    request,
    responses,
  } as unknown as ContractRoute<C, E>);
}

/** A 204 answer typed as zod-openapi expects for a response without content. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const noContent = (c: Context) => c.body(null, 204) as unknown as TypedResponse<{}, 204, string>;
