// `Idempotency-Key` on POST, PUT, PATCH and DELETE under /api/v1/secure/* and /api/v1/system/*,
// for every kind of caller (person, app account, API key). It runs in each route's own middleware
// chain right after `authorize` (lib/route.ts), so a replay is only answered to a caller who may
// make the request now: a session still owing its 2FA code cannot replay the backup codes of one
// that completed it. A replay writes no audit entry (middleware/database.ts): nothing happened.
//
// Stored bodies can hold secrets shown once (API keys, passwords, backup codes, TOTP seeds): they
// are kept encrypted with ENCRYPTION_KEY (AES-256-GCM, bound to the caller's scope and the key), and
// without a usable ENCRYPTION_KEY nothing is stored (the header is then ignored).
//
// The key (1-255 printable characters) is scoped to the caller: `<tenant>:<kind>:<id>`. The first
// request with a key claims it (a `running` row, inserted before the work starts); when it finishes,
// its status, body and relevant headers are stored. Within 24 hours:
// - the same key with the same request (method + path + query + SHA-256 of the body) replays the
//   stored response without running the handler again (`Idempotent-Replayed: true`);
// - the same key with a different request → 422 `UNPROCESSABLE_ENTITY` (reason IDEMPOTENCY_KEY_REUSED);
// - the same key while the first request is still running → 409 `CONFLICT` (retry later). A claim
//   older than RUNNING_TIMEOUT_SECONDS is considered abandoned (the worker died) and may be retaken.
// Responses that say "try again" are not stored: 5xx, 401, 403, 408, 409 and 429 release the key so
// a retry runs the request afresh. Everything else (2xx and other 4xx) is stored and replayed.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { idempotencyKeys } from '../db/schema/access';
import type { AppEnv } from '../env';
import { encryptionKey } from '../config';
import { decryptSecret, encryptSecret, sha256Hex } from '../lib/crypto';
import { ApiError } from '../lib/errors';
import { principal } from './auth';

const METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY = /^[\x21-\x7e]{1,255}$/;
const RUNNING_TIMEOUT_SECONDS = 120;
const NOT_STORED = new Set([401, 403, 408, 409, 429]);
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'last-modified'];

export const IDEMPOTENCY_HEADER_DOC =
  '**Idempotency:** every POST, PUT, PATCH and DELETE under `/api/v1/secure/*` and `/api/v1/system/*` ' +
  'accepts an `Idempotency-Key` header (1-255 printable ASCII characters, e.g. a UUID), scoped to the ' +
  'caller (user, app account or API key). Repeating the same key with the same request (method, path, ' +
  'query and body) within 24 hours returns the first response (status, body and `Location`) without ' +
  'doing the work again, marked `Idempotent-Replayed: true`. The same key with a different request ' +
  'answers 422 (`details.reason = IDEMPOTENCY_KEY_REUSED`); a repeat while the first is still running ' +
  'answers 409 (retry after it completes). Responses 5xx, 401, 403, 408, 409 and 429 are not kept: ' +
  'a retry with the same key runs again. A replay is answered only after the route\'s own checks (session, 2FA, ' +
  'post-sign-in tasks, permission) pass for the replaying request, and writes no audit entry. Stored responses are ' +
  'encrypted with `ENCRYPTION_KEY`; without it the header is ignored (nothing is stored).';

/** The fingerprint of a request: method, path with query, and SHA-256 of the raw body. */
export async function requestFingerprint(method: string, pathAndQuery: string, body: string): Promise<string> {
  return sha256Hex(`${method.toUpperCase()}\n${pathAndQuery}\n${await sha256Hex(body)}`);
}

export const idempotencyScope = (tenantId: string, kind: string, id: string) => `${tenantId}:${kind}:${id}`;

/** ENCRYPTION_KEY when it is usable, else null (then responses are not stored). */
function storeKey(c: Context<AppEnv>): string | null {
  try {
    return encryptionKey(c.env);
  } catch {
    return null;
  }
}

export const REPLAYED_HEADER = 'Idempotent-Replayed';

export const idempotency = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined || !METHODS.has(c.req.method)) return next();
    if (!KEY.test(key)) throw new ApiError('VALIDATION_ERROR', 'Idempotency-Key must be 1-255 printable ASCII characters', { header: 'Idempotency-Key' });
    const secret = storeKey(c);
    if (!secret) return next();
    const p = await principal(c);
    const scope = p.kind === 'api_key' ? idempotencyScope(p.tenantId, 'api_key', p.keyId) : idempotencyScope(p.tenantId, 'user', p.userId);
    const url = new URL(c.req.url);
    const hash = await requestFingerprint(c.req.method, url.pathname + url.search, await c.req.text());
    const db = await c.var.db();

    // Claim the key: a new row, or take over one that expired or was abandoned while running.
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ scope, key, tenantId: p.tenantId, requestHash: hash, method: c.req.method, path: url.pathname })
      .onConflictDoUpdate({
        target: [idempotencyKeys.scope, idempotencyKeys.key],
        set: {
          requestHash: hash,
          method: c.req.method,
          path: url.pathname,
          state: 'running',
          responseStatus: null,
          responseBody: null,
          responseHeaders: null,
          createdAt: sql`now()`,
          completedAt: null,
          expiresAt: sql`now() + interval '24 hours'`,
        },
        setWhere: or(
          lt(idempotencyKeys.expiresAt, sql`now()`),
          and(eq(idempotencyKeys.state, 'running'), lt(idempotencyKeys.createdAt, sql`now() - make_interval(secs => ${RUNNING_TIMEOUT_SECONDS})`)),
        ),
      })
      .returning({ scope: idempotencyKeys.scope });

    if (claimed.length === 0) {
      const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      if (!row) throw new ApiError('CONFLICT', 'Idempotency-Key is being processed; retry shortly');
      if (row.requestHash !== hash) {
        throw new ApiError('UNPROCESSABLE_ENTITY', 'Idempotency-Key was already used with a different request (method, path or body)', {
          reason: 'IDEMPOTENCY_KEY_REUSED',
          originalMethod: row.method,
          originalPath: row.path,
        });
      }
      if (row.state === 'running') {
        throw new ApiError('CONFLICT', 'A request with this Idempotency-Key is still in progress; retry after it completes', { reason: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
      }
      let body: string | null = null;
      if (row.responseBody !== null) {
        try {
          body = await decryptSecret(secret, row.responseBody, `${scope}\n${key}`);
        } catch {
          // Stored under another ENCRYPTION_KEY (rotated): the answer is lost, not guessable.
          throw new ApiError('CONFLICT', 'The stored response of this Idempotency-Key can no longer be read; use a new key', { reason: 'IDEMPOTENCY_KEY_UNREADABLE' });
        }
      }
      const headers = new Headers(row.responseHeaders ?? {});
      headers.set(REPLAYED_HEADER, 'true');
      c.res = new Response(row.responseStatus === 204 || row.responseStatus === 304 ? null : body, { status: row.responseStatus!, headers });
      return;
    }

    const release = () => db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), eq(idempotencyKeys.state, 'running')));
    try {
      await next();
    } catch (err) {
      await release().catch(() => {});
      throw err;
    }
    // Errors thrown by handlers are turned into responses by app.onError inside next(); look at c.res.
    const res = c.res;
    if (res.status >= 500 || NOT_STORED.has(res.status)) {
      await release();
      return;
    }
    const headers: Record<string, string> = {};
    for (const h of REPLAYED_HEADERS) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    const body = await encryptSecret(secret, await res.clone().text(), `${scope}\n${key}`);
    const completed = { state: 'completed' as const, responseStatus: res.status, responseBody: body, responseHeaders: headers, completedAt: sql`now()` };
    if (res.status < 400) {
      // Inside the request's transaction: the stored answer commits together with the work.
      await db.update(idempotencyKeys).set(completed).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return;
    }
    // A final error rolls the request's transaction back (the claim too): record it afterwards.
    c.var.afterResponse((conn) =>
      conn
        .insert(idempotencyKeys)
        .values({ scope, key, tenantId: p.tenantId, requestHash: hash, method: c.req.method, path: url.pathname, ...completed })
        .onConflictDoUpdate({ target: [idempotencyKeys.scope, idempotencyKeys.key], set: completed }),
    );
  });
