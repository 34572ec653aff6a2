// Refuses requests from blacklisted IPs (403) before any other work, without adding a database
// round trip to requests that never touch the database.
//
// The check runs against the isolate's copy of the active blacklist (ip-blacklist.cache.ts).
// - Copy fresh (younger than SECURITY_CACHE_SECONDS, default 5): checked here, no I/O at all.
// - Copy stale or missing: checked here against what is known, then the copy is reloaded at this
//   request's first database use (one extra query on the connection the request opens anyway) and
//   the IP checked again before the route gets its handle. A request that never touches the database
//   schedules a reload after its response (waitUntil, its own connection), so it pays nothing.
// Staleness bound: a request that uses the database is checked against a list at most
// SECURITY_CACHE_SECONDS old; a database-free request (time zones, phone parsing) against the list
// as of the isolate's last reload, which is at most SECURITY_CACHE_SECONDS older than the isolate's
// previous request. Blocks and unblocks made through an isolate apply in it immediately.
// A refusal from a stale copy reloads it first (one query, at most once per SECURITY_CACHE_SECONDS
// per isolate), so an unblock made elsewhere reaches a blocked caller within the same bound.
//
// Not guarded: health (load balancers, status pages) and the API description (/openapi.json, /docs),
// so a blocked caller can still tell the service is up and read why; they carry no tenant data.
import { createMiddleware } from 'hono/factory';
import type { Context } from 'hono';
import type { Env } from '../../../../context';
import { platformDbConfig, requestDb, type Database } from '../../../../db/client';
import type { AppEnv } from '../../../../env';
import { ApiError } from '../../../../lib/errors';
import { clientIp } from '../../../../lib/request';
import { securityCacheMs } from '../common';
import { canonicalIp, exemptLocalCaller } from '../ip';
import { blockFlood, overFloodLimit } from './flood.service';
import { blockEnd, isBlocked, isFresh, loadSnapshot, noteBlocked, snapshot } from './ip-blacklist.cache';
import { DEFAULT_FLOOD, type BlacklistSnapshot } from './ip-blacklist.model';

const UNGUARDED = new Set(['/api/v1/system/health', '/openapi.json', '/docs']);

/** 403 saying when the block ends: `details.expiresAt` (null: permanent) and Retry-After when temporary. */
function refused(until: number | null): ApiError {
  if (until === null) return new ApiError('FORBIDDEN', 'Requests from this IP address are blocked', { reason: 'IP_BLOCKED', expiresAt: null });
  const retryAfter = Math.max(1, Math.ceil((until - Date.now()) / 1000));
  return new ApiError(
    'FORBIDDEN',
    `Requests from this IP address are blocked until ${new Date(until).toISOString()}`,
    { reason: 'IP_BLOCKED', expiresAt: new Date(until).toISOString(), retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
}

function assertNotBlocked(s: BlacklistSnapshot | undefined, ip: string): void {
  const until = blockEnd(s, ip);
  if (until !== undefined) throw refused(until);
}

let backgroundRefresh: Promise<unknown> | undefined;

/** Work on a connection of its own, after the response (the request may never open one). */
async function withOwnConnection(env: Env, work: (ctx: { db: () => Promise<Database> }) => Promise<unknown>): Promise<void> {
  const handle = requestDb(platformDbConfig(env));
  try {
    const db = await handle.get();
    await work({ db: async () => db });
  } catch {
    /* keep the old state; the next request tries again */
  } finally {
    await handle.close();
  }
}

function refreshInBackground(env: Env): Promise<unknown> {
  backgroundRefresh ??= withOwnConnection(env, loadSnapshot).finally(() => (backgroundRefresh = undefined));
  return backgroundRefresh;
}

function background(c: Context<AppEnv>, work: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    /* no execution context (app.request in unit tests): the work still runs */
  }
}

export const ipBlacklistGuard = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const raw = clientIp(c);
    const ip = raw ? canonicalIp(raw) : null;
    if (!ip || exemptLocalCaller(c.env, ip) || UNGUARDED.has(c.req.path.replace(/(.)\/$/, '$1'))) return next();
    const ttl = securityCacheMs(c.env);
    let known = snapshot();
    if (isBlocked(known, ip) && !isFresh(known, ttl)) {
      try {
        known = await loadSnapshot({ db: () => c.var.db() });
      } catch {
        /* database unreachable: refuse on what is known */
      }
    }
    assertNotBlocked(known, ip);
    const limit = known?.flood ?? DEFAULT_FLOOD;
    if (overFloodLimit(ip, limit)) {
      noteBlocked(ip, new Date(Date.now() + limit.blockSeconds * 1000));
      background(c, withOwnConnection(c.env, (ctx) => blockFlood(ctx, ip, limit)));
      throw new ApiError('TOO_MANY_REQUESTS', 'Too many requests from this IP address', { reason: 'FLOOD', retryAfter: limit.blockSeconds }, {
        'Retry-After': String(limit.blockSeconds),
      });
    }
    if (isFresh(known, ttl)) return next();

    const open = c.var.db;
    let checked: Promise<void> | undefined;
    c.set('db', async () => {
      const db = await open();
      checked ??= (isFresh(snapshot(), ttl) ? Promise.resolve(snapshot()!) : loadSnapshot({ db: async () => db })).then((s) => assertNotBlocked(s, ip));
      await checked;
      return db;
    });
    await next();
    if (!checked && !isFresh(snapshot(), ttl)) background(c, refreshInBackground(c.env));
  });
