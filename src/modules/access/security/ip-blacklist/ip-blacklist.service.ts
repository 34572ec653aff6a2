// Manual IP blocks by system administrators: list, block, change, unblock. Every change is applied
// to this isolate's copy of the list at once (others reload within SECURITY_CACHE_SECONDS) and
// recorded as a security event.
import type { ServiceContext } from '../../../../context';
import { ApiError, notFound } from '../../../../lib/errors';
import { recordSecurityEvent } from '../../../../lib/security-events';
import { invalid } from '../common';
import { canonicalIp, requireIp } from '../ip';
import { forgetFloodWindow } from './flood.service';
import { loadSnapshot, noteBlocked, noteUnblocked } from './ip-blacklist.cache';
import type { BlacklistChange, BlacklistEntry, BlacklistFilter } from './ip-blacklist.model';
import * as q from './ip-blacklist.queries';

export function listEntries(ctx: ServiceContext, f: BlacklistFilter) {
  const ip = f.ip_address ? requireIp(f.ip_address, 'query') : undefined;
  return q.listEntries(ctx, { status: f.status, autoBlocked: f.auto_blocked ? f.auto_blocked === 'true' : undefined, ip, limit: f.limit, offset: f.offset });
}

export async function getEntry(ctx: ServiceContext, id: string): Promise<BlacklistEntry> {
  const row = await q.findEntry(ctx, id);
  if (!row) throw notFound('Blacklist entry');
  return row;
}

function futureDate(value: string, field: string): Date {
  const d = new Date(value);
  if (d.getTime() <= Date.now()) throw invalid('body', { [field]: ['must be in the future'] });
  return d;
}

/**
 * Blocks an address (canonical form); without `expires_at` for good. 409 when it is actively
 * blocked; an expired entry is renewed. The caller's own address is refused (400).
 */
export async function blockIp(ctx: ServiceContext, userId: string, body: { ip_address: string; reason?: string | null; expires_at?: string | null }): Promise<BlacklistEntry> {
  const ip = requireIp(body.ip_address, 'body');
  const expiresAt = body.expires_at ? futureDate(body.expires_at, 'expires_at') : null;
  if (ctx.ip && canonicalIp(ctx.ip) === ip) throw invalid('body', { ip_address: ['is the address you are calling from'] });
  const row = await q.insertOrRenew(ctx, { ipAddress: ip, reason: body.reason ?? null, expiresAt, createdBy: userId });
  if (!row) throw new ApiError('CONFLICT', `${ip} is already blocked`, { id: (await q.entryIdOf(ctx, ip)) ?? null });
  await loadSnapshot(ctx); // this isolate enforces the change at once
  noteBlocked(ip, row.expiresAt);
  await recordSecurityEvent(await ctx.db(), {
    eventType: 'ip_blocked',
    severity: 'medium',
    ipAddress: ip,
    userId,
    details: { entryId: row.id, reason: row.reason, expiresAt: row.expiresAt?.toISOString() ?? null },
  });
  return row;
}

/** Changes reason and/or expiry (`expires_at: null`: permanent; a past time ends the block). */
export async function updateEntry(ctx: ServiceContext, id: string, body: { reason?: string | null; expires_at?: string | null }): Promise<BlacklistEntry> {
  const set: BlacklistChange = {};
  if (body.reason !== undefined) set.reason = body.reason;
  if (body.expires_at !== undefined) set.expiresAt = body.expires_at === null ? null : new Date(body.expires_at);
  const row = Object.keys(set).length ? await q.updateEntry(ctx, id, set) : await q.findEntry(ctx, id);
  if (!row) throw notFound('Blacklist entry');
  await loadSnapshot(ctx);
  noteBlocked(row.ipAddress, row.expiresAt);
  return row;
}

/** Unblocks by deleting the entry; the address's flood window starts afresh. */
export async function unblock(ctx: ServiceContext, userId: string, id: string): Promise<void> {
  const row = await q.deleteEntry(ctx, id);
  if (!row) throw notFound('Blacklist entry');
  await loadSnapshot(ctx);
  noteUnblocked(row.ipAddress);
  forgetFloodWindow(row.ipAddress);
  await recordSecurityEvent(await ctx.db(), { eventType: 'ip_unblocked', severity: 'low', ipAddress: row.ipAddress, userId, details: { entryId: row.id } });
}
