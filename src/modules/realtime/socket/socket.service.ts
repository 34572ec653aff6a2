// Who may open a socket on which channel: the realtime token (signed, short-lived, naming user and
// tenant) is checked here in the Worker, then the channel is looked up in the token's tenant only,
// so a channel of another tenant does not exist for the caller (404). Broadcast channels take any
// active member of the tenant; peer and group channels their members (403 for anyone else).
import type { BaseContext } from '../../../context';
import { authConfig } from '../../../config';
import { ApiError } from '../../../lib/errors';
import { signRealtimeToken, verifyRealtimeToken } from '../../../lib/tokens';
import { forSubscriber } from '../channels/channels.queries';
import { channelObjectName } from '../events/events.model';

export const SOCKET_PATH = '/api/v1/public/realtime/ws';

export function realtimeTtlSeconds(ctx: BaseContext): number {
  const n = Number(ctx.env.REALTIME_TOKEN_TTL_SECONDS ?? 300);
  return Number.isFinite(n) && n > 0 ? n : 300;
}

/** The endpoint URL and a token for `userId` in `tenantId` (the client-config answer). */
export async function clientConfig(ctx: BaseContext, requestUrl: string, userId: string, tenantId: string) {
  const origin = new URL(requestUrl);
  const base = ctx.env.REALTIME_URL || `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}${SOCKET_PATH}`;
  return { url: base, token: await signRealtimeToken(authConfig(ctx.env).jwtSecret, { sub: userId, tid: tenantId }, realtimeTtlSeconds(ctx)) };
}

export interface Subscription {
  userId: string;
  tenantId: string;
  channelId: string;
  channel: string;
  lastSeq: number;
  objectName: string;
}

/** Checks token and channel; the caller's db() must be bound to no tenant yet (`asTenant` with the token's). */
export async function verifyToken(ctx: BaseContext, token: string | undefined) {
  if (!token) throw new ApiError('UNAUTHORIZED', 'Realtime token required: ?token= from /api/v1/secure/auth/client-config/realtime');
  return verifyRealtimeToken(authConfig(ctx.env).jwtSecret, token);
}

export async function authorize(ctx: BaseContext, claims: { sub: string; tid: string }, channel: string): Promise<Subscription> {
  const row = await forSubscriber(ctx, claims.tid, claims.sub, channel);
  if (!row) throw new ApiError('NOT_FOUND', 'Channel not found');
  const c = row.c;
  if (!row.member) throw new ApiError('FORBIDDEN', 'Not an active member of this tenant', { reason: 'NOT_A_MEMBER' });
  if (c.channelType !== 'broadcast' && !c.memberIds.includes(claims.sub)) throw new ApiError('FORBIDDEN', 'Not a member of this channel', { reason: 'NOT_CHANNEL_MEMBER' });
  return { userId: claims.sub, tenantId: claims.tid, channelId: c.id, channel: c.channelName, lastSeq: c.lastSeq, objectName: channelObjectName(claims.tid, c.channelName) };
}

/** Hands the upgrade to the channel's Durable Object with what it needs to know about the socket. */
export function connect(ctx: BaseContext, request: Request, s: Subscription, afterSeq: number | undefined): Promise<Response> {
  const ns = ctx.env.REALTIME_CHANNELS;
  const headers = new Headers({
    Upgrade: 'websocket',
    'x-rt-user': s.userId,
    'x-rt-tenant': s.tenantId,
    'x-rt-channel-id': s.channelId,
    'x-rt-channel': s.channel,
    'x-rt-last-seq': String(s.lastSeq),
  });
  if (afterSeq !== undefined) headers.set('x-rt-after-seq', String(afterSeq));
  for (const h of ['sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions']) {
    const v = request.headers.get(h);
    if (v) headers.set(h, v);
  }
  return ns.get(ns.idFromName(s.objectName)).fetch('https://realtime.internal/connect', { headers });
}
