// The public embed (GET /public/qr/{uuid}): who may see a code's image by its access level, links
// that hide it, the per-IP limit, and an isolate cache of the code row so that a warm STATIC embed
// costs no database round trip at all (one when it has inheriting links to check).
//
// Access: PUBLIC anyone; AUTHENTICATED a signed-in user of the code's tenant; API_KEY an API key
// (or a user token) of the code's tenant; PRIVATE nobody (the secure download serves it). Callers
// of another tenant, and codes whose inheriting link's entity is gone, see 404 as for unknown codes.
import type { Principal, ServiceContext } from '../../../context';
import { forTenant } from '../../../db/tenant';
import { ApiError } from '../../../lib/errors';
import { findEntities } from '../entities';
import * as q from './qr-codes.queries';
import { imageOf, renderCode } from './qr-codes.renders';
import type { ImageFormat } from './render';

/** How long an isolate trusts its copy of a code (the bound on how late another isolate's change shows). */
const CACHE_TTL_MS = 5_000;
const CACHE_MAX = 1_000;
/** Requests per IP and code in a window: far above a page view's, low enough to stop scraping floods. */
export const EMBED_LIMIT = { max: 60, windowSeconds: 60 };

const cache = new Map<string, { at: number; row: q.EmbedRow | undefined }>();

/** Drops this isolate's copy of a code (its change is then seen at once here). */
export function forgetEmbed(uuid: string): void {
  cache.delete(uuid);
}

async function lookup(ctx: ServiceContext, uuid: string): Promise<q.EmbedRow | undefined> {
  const hit = cache.get(uuid);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.row;
  const row = await q.embedCode(ctx, uuid);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(uuid, { at: Date.now(), row });
  return row;
}

const notFound = () => new ApiError('NOT_FOUND', 'QR code not found');

/** Whether every inheriting link's entity still exists (one query per entity type, all in one batch). */
async function linksAlive(ctx: ServiceContext, row: q.EmbedRow): Promise<boolean> {
  if (row.inherits.length === 0) return true;
  const scoped = forTenant(ctx, row.code.tenantId);
  const byType = new Map<string, string[]>();
  for (const l of row.inherits) byType.set(l.linkedType, [...(byType.get(l.linkedType) ?? []), l.linkedUuid]);
  const found = await Promise.all(
    [...byType].map(async ([type, ids]) => {
      // A type no area registers any more names nothing that exists.
      const got = await findEntities(scoped, type, ids).catch(() => new Map());
      return ids.every((id) => got.has(id));
    }),
  );
  return found.every(Boolean);
}

async function assertCaller(level: string, tenantId: string, caller: Promise<Principal> | undefined): Promise<void> {
  if (level === 'PUBLIC') return;
  if (level === 'PRIVATE') throw notFound();
  if (!caller) throw new ApiError('UNAUTHORIZED', level === 'API_KEY' ? 'This QR code needs an API key (X-API-Key) or an access token' : 'This QR code needs an access token: sign in');
  const p = await caller;
  if (level === 'AUTHENTICATED' && p.kind !== 'user') throw new ApiError('UNAUTHORIZED', 'This QR code is for signed-in users of its tenant');
  if (p.tenantId !== tenantId) throw notFound();
}

async function hitLimit(ctx: ServiceContext, uuid: string) {
  if (ctx.env.RATE_LIMITS === 'off') return undefined;
  const ns = ctx.env.RATE_COUNTER;
  return ns.get(ns.idFromName(`qr:${uuid}:${ctx.ip ?? 'unknown'}`)).hit(EMBED_LIMIT.max, EMBED_LIMIT.windowSeconds);
}

export type EmbedAnswer =
  | { status: 304; etag: string; isPublic: boolean }
  | { status: 200; etag: string; isPublic: boolean; body: ReadableStream | Uint8Array };

export async function embed(ctx: ServiceContext, uuid: string, format: ImageFormat, caller: Promise<Principal> | undefined, ifNoneMatch: string | undefined): Promise<EmbedAnswer> {
  const [limit, row] = await Promise.all([hitLimit(ctx, uuid), lookup(ctx, uuid)]);
  if (limit && !limit.allowed) {
    throw new ApiError('TOO_MANY_REQUESTS', `At most ${EMBED_LIMIT.max} requests per ${EMBED_LIMIT.windowSeconds} s for one QR code from one address`, { reason: 'RATE_LIMITED', retryAfter: limit.resetSeconds }, { 'Retry-After': String(limit.resetSeconds) });
  }
  if (!row) throw notFound();
  const { code } = row;
  // The caller check and the links' check go to the database together.
  const [, alive] = await Promise.all([assertCaller(code.accessLevel, code.tenantId, caller), linksAlive(ctx, row)]);
  if (!alive) throw notFound();
  const isPublic = code.accessLevel === 'PUBLIC';
  const stored = format === 'png' && code.renderMode === 'STATIC' && code.checksum;
  if (stored) {
    const etag = `"${code.checksum}"`;
    if (matches(ifNoneMatch, etag)) return { status: 304, etag, isPublic };
    const image = await imageOf(ctx, code, format);
    return { status: 200, etag, isPublic, body: image.bytes };
  }
  const r = await renderCode(ctx, code, format);
  const etag = `"${r.checksum}"`;
  if (matches(ifNoneMatch, etag)) return { status: 304, etag, isPublic };
  return { status: 200, etag, isPublic, body: r.bytes };
}

/** If-None-Match: `*`, or a list of (possibly weak) entity tags. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === etag;
  });
}
