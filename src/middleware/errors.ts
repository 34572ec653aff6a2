// Error handling for the whole app: every failure becomes a StandardErrorResponse.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../env';
import { loggableError, uniqueViolation } from '../lib/db-errors';
import { ApiError, errorBody } from '../lib/errors';

export function sendError(c: Context<AppEnv>, err: ApiError) {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(err, c.get('requestId')), err.status);
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return sendError(c, err);
  if (err instanceof HTTPException) {
    // Hono's own validators raise these: the only 400 is a body that is not valid JSON.
    if (err.status === 400) return sendError(c, new ApiError('INVALID_JSON', 'Malformed JSON in request body'));
    if (err.status === 413) return sendError(c, new ApiError('PAYLOAD_TOO_LARGE', 'Request body too large'));
    if (err.status === 401) return sendError(c, new ApiError('UNAUTHORIZED', err.message || 'Unauthorized'));
    if (err.status === 415) return sendError(c, new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type: send application/json'));
  }
  // The HTTP path's 503 (db/client.ts httpFailure) arrives wrapped by drizzle.
  const wrapped = wrappedApiError(err);
  if (wrapped) return sendError(c, wrapped);
  if (isQueryTimeout(err)) return sendError(c, new ApiError('SERVICE_UNAVAILABLE', 'The database did not answer in time; retry shortly'));
  // A race the service's own checks cannot see (parallel sign-ups with one email) is a conflict.
  const conflict = uniqueViolation(err);
  if (conflict) return sendError(c, conflict);
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', requestId: c.get('requestId'), route: c.req.routePath, ...loggableError(err) }));
  return sendError(c, new ApiError('INTERNAL_ERROR', 'Internal server error'));
};

function wrappedApiError(err: unknown): ApiError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) if (e instanceof ApiError) return e;
  return undefined;
}

/** The driver's client-side query timeout (DB_QUERY_TIMEOUT_MS), possibly wrapped by drizzle. */
function isQueryTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if (e.message === 'Query read timeout') return true;
  }
  return false;
}

/** 404 for unknown paths, 405 (with `Allow`) when the path exists under other methods. */
export function notFoundHandler(routes: () => { method: string; path: string }[]): NotFoundHandler<AppEnv> {
  let table: { re: RegExp; method: string }[] | undefined;
  const compile = () =>
    routes()
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({
        method: r.method,
        re: new RegExp(
          '^' +
            r.path
              .replace(/\/+$/, '')
              .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
              .replace(/\/:[^/]+/g, '/[^/]+')
              .replace(/\/\*$/, '/.*') +
            '/?$',
        ),
      }));
  return (c) => {
    table ??= compile();
    const path = c.req.path;
    const allowed = [...new Set(table.filter((r) => r.re.test(path)).map((r) => r.method))];
    if (allowed.length) {
      return sendError(
        c,
        new ApiError('METHOD_NOT_ALLOWED', `Method ${c.req.method} is not allowed on ${path}`, { allowed }, {
          Allow: allowed.join(', '),
        }),
      );
    }
    return sendError(c, new ApiError('NOT_FOUND', `No route for ${c.req.method} ${path}`));
  };
}
