// What the security resources share: the isolate caches' freshness bound and the 400 they answer
// for values the reference's schemas leave open.
import type { Env } from '../../../context';
import { ApiError } from '../../../lib/errors';

/** SECURITY_CACHE_SECONDS (default 5) in ms: how long the blacklist and tenant policy copies are used. */
export const securityCacheMs = (env: Env | undefined) => {
  const n = Number(env?.SECURITY_CACHE_SECONDS ?? 5);
  return (Number.isFinite(n) && n >= 0 ? n : 5) * 1000;
};

/** 400 VALIDATION_ERROR naming the offending fields, as zod failures do (lib/validation.ts). */
export function invalid(location: 'body' | 'query', fields: Record<string, string[]>): ApiError {
  return new ApiError('VALIDATION_ERROR', `Invalid ${location}: ${Object.keys(fields).join(', ')}`, { location, fields });
}

/** `from` must not be after `to` (both optional ISO times). */
export function assertRange(q: { from?: string; to?: string }): void {
  if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) throw invalid('query', { from: ['must not be after `to`'] });
}
