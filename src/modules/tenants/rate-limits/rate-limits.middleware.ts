// Tenant rate limits for every authenticated request, and API-call counting per tenant.
//
// The caller is known without the database (the token's user and tenant, or the API key already
// looked up); the tenant's limits come from the isolate cache (rate-limits.cache.ts). For each enabled
// limit whose pattern matches the path, one Durable Object per limited key (`rl:<limit id>:<scope
// value>`) counts the request; all of them in parallel, none when nothing matches. Exceeded: 429 with
// Retry-After; every limited answer carries RateLimit-Limit / -Remaining / -Reset and RateLimit-Policy
// of the tightest limit. Scopes: per_ip (CF-Connecting-IP), per_user (the signed-in user; an API key
// counts as its own user), per_device (X-Device-Fingerprint, else the IP), per_app_account (only app
// accounts: loads the caller first), per_tenant (the whole tenant).
//
// API calls are counted, and the daily API quota checked, with no I/O of their own (api-usage.ts).
import type { Context, MiddlewareHandler } from 'hono';
import type { Env, HitResult } from '../../../context';
import type { AppEnv } from '../../../env';
import { ApiError } from '../../../lib/errors';
import { clientIp } from '../../../lib/request';
import { principal } from '../../../middleware/auth';
import { assertDailyQuota, countCall } from './api-usage';
import { limitsOf } from './rate-limits.cache';
import type { ActiveLimit } from './rate-limits.model';
import { UUID } from '../../../lib/uuid';

const patterns = new Map<string, RegExp>();
function matches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}/?$`);
    if (patterns.size > 5000) patterns.clear();
    patterns.set(pattern, re);
  }
  // `/secure/users*` and `/api/v1/secure/users*` both name the same routes.
  return re.test(path) || (path.startsWith('/api/v1/') && re.test(path.slice(7)));
}

async function scopeValue(c: Context<AppEnv>, limit: ActiveLimit): Promise<string | undefined> {
  const creds = c.get('credentials');
  const ip = clientIp(c) ?? 'unknown';
  switch (limit.scopeType) {
    case 'per_ip':
      return `ip:${ip}`;
    case 'per_tenant':
      return 'tenant';
    case 'per_device':
      return c.req.header('x-device-fingerprint')?.slice(0, 200) ? `device:${c.req.header('x-device-fingerprint')!.slice(0, 200)}` : `ip:${ip}`;
    case 'per_user':
      return creds?.kind === 'user' ? `user:${creds.userId}` : creds ? `key:${creds.keyUuid}` : undefined;
    case 'per_app_account': {
      if (creds?.kind !== 'user') return undefined;
      const p = await principal(c);
      return p.kind === 'user' && p.appAccountId ? `app:${p.appAccountId}` : undefined;
    }
  }
}

function setHeaders(c: Context, tightest: { r: HitResult; limit: ActiveLimit }) {
  c.header('RateLimit-Limit', String(tightest.r.limit));
  c.header('RateLimit-Remaining', String(tightest.r.remaining));
  c.header('RateLimit-Reset', String(tightest.r.resetSeconds));
  c.header('RateLimit-Policy', `${tightest.limit.maxRequests};w=${tightest.limit.windowSeconds}`);
}


/** The tenant a public call names (X-Tenant-ID, else a `tenantId` query parameter), when well-formed. */
function namedTenant(c: Context<AppEnv>): string | undefined {
  const named = c.req.header('x-tenant-id') ?? c.req.query('tenantId');
  return named && UUID.test(named) ? named.toLowerCase() : undefined;
}

/**
 * `authenticated`: the secure, services and system zones (the caller's tenant; its calls are counted
 * and held to the daily quota). Otherwise the public zone: the tenant the call names, whose rate-limit
 * configurations apply (per IP, device...), but anonymous calls neither count towards nor are held to
 * its daily quota (anyone could use it up).
 */
export function tenantRateLimits(opts: { authenticated: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.env.RATE_LIMITS === 'off') return next();
    const creds = c.get('credentials');
    const tenantId = !opts.authenticated ? namedTenant(c) : creds?.kind === 'user' ? creds.tenantId : c.get('tenantId');
    if (!tenantId) return next();
    const { limits, dailyCalls, exists } = await limitsOf(c.env, tenantId, { read: () => c.var.readDb(), later: (task) => c.var.afterResponse(task) });
    if (!exists) return next();
    if (opts.authenticated) {
      // A refused call is not counted: the quota is what was served.
      assertDailyQuota(tenantId, dailyCalls);
      countCall(c, tenantId);
    }
    const path = c.req.path;
    const applicable = limits.filter((l) => matches(l.endpointPattern, path));
    if (applicable.length === 0) return next();
    const env: Env = c.env;
    const results = await Promise.all(
      applicable.map(async (limit) => {
        const key = await scopeValue(c, limit);
        if (!key) return undefined;
        const r = await env.RATE_COUNTER.get(env.RATE_COUNTER.idFromName(`rl:${limit.id}:${key}`)).hit(limit.maxRequests, limit.windowSeconds);
        return { r, limit };
      }),
    );
    const counted = results.filter((x) => x !== undefined);
    if (counted.length === 0) return next();
    const refused = counted.filter((x) => !x.r.allowed).sort((a, b) => b.r.resetSeconds - a.r.resetSeconds)[0];
    if (refused) {
      setHeaders(c, refused);
      throw new ApiError(
        'TOO_MANY_REQUESTS',
        `Rate limit exceeded: ${refused.limit.maxRequests} requests per ${refused.limit.windowSeconds} s (${refused.limit.scopeType})`,
        { reason: 'RATE_LIMITED', limitId: refused.limit.id, scope: refused.limit.scopeType, retryAfter: refused.r.resetSeconds },
        { 'Retry-After': String(refused.r.resetSeconds), 'RateLimit-Limit': String(refused.r.limit), 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(refused.r.resetSeconds) },
      );
    }
    await next();
    setHeaders(c, counted.sort((a, b) => a.r.remaining - b.r.remaining)[0]!);
  };
}
