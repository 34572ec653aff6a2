// Publishing: every channel event is numbered and logged in the caller's transaction, then handed
// to the channel's Durable Object once the transaction has committed (so sockets never see an
// event that was rolled back). The object fills any gap from the log, so a lost hand-off only
// delays delivery until the channel's next event or the client's next reconnect.
import type { BaseContext, Env, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { tenantOf } from '../../../db/tenant';
import { visibleChannels } from '../channels/channels.queries';
import { channelObjectName, likePattern, PATTERN, type ChannelTarget, type RealtimeEvent } from './events.model';
import * as q from './events.queries';

/** Logs `eventType` on the `target` channel and schedules its delivery; undefined when there is no live channel. */
export async function publish(ctx: BaseContext, tenantId: string, target: ChannelTarget, eventType: string, data: Record<string, unknown>, createdBy: string | null): Promise<RealtimeEvent | undefined> {
  const out = await q.append(ctx, tenantId, target, eventType, data, createdBy);
  if (!out) return undefined;
  ctx.afterCommit((job) => deliver(job.env, tenantId, out.channelId, out.event));
  return out.event;
}

/**
 * Logs events on users' own channels (created on first use), many in two statements (see
 * `appendToUsers`), and hands each to its channel's object after the commit, in order within a channel.
 */
export async function publishToUsers(ctx: BaseContext, items: q.UserEventInput[]): Promise<RealtimeEvent[]> {
  const out = await q.appendToUsers(ctx, items);
  const byChannel = new Map<string, typeof out>();
  for (const o of out) byChannel.set(o.channelId, [...(byChannel.get(o.channelId) ?? []), o]);
  ctx.afterCommit(async (job) => {
    await Promise.all([...byChannel.values()].map(async (events) => {
      for (const o of events) await deliver(job.env, o.tenantId, o.channelId, o.event);
    }));
  });
  return out.map((o) => o.event);
}

/** Hands a committed event to its channel's Durable Object. */
export async function deliver(env: Env, tenantId: string, channelId: string, event: RealtimeEvent): Promise<void> {
  const ns = env.REALTIME_CHANNELS;
  const stub = ns.get(ns.idFromName(channelObjectName(tenantId, event.channel)));
  const res = await stub.fetch('https://realtime.internal/publish', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rt-tenant': tenantId, 'x-rt-channel-id': channelId },
    body: JSON.stringify(event),
  });
  if (!res.ok) throw new Error(`channel object answered ${res.status}`);
}

export interface MissedQuery {
  pattern?: string;
  channel?: string;
  after_seq?: number;
  since?: string;
  limit: number;
}

/** The log of the channels the caller may see, filtered as the reference describes (wildcard patterns). */
export async function missed(ctx: ServiceContext, viewer: string | undefined, f: MissedQuery): Promise<RealtimeEvent[]> {
  if (f.pattern !== undefined && !PATTERN.test(f.pattern)) {
    throw new ApiError('VALIDATION_ERROR', 'Invalid pattern', { location: 'query', fields: { pattern: ['Letters, digits, _ . - : and * wildcards, at most 100 characters'] } });
  }
  if (f.after_seq !== undefined && f.channel === undefined) {
    throw new ApiError('VALIDATION_ERROR', 'after_seq needs channel', { location: 'query', fields: { after_seq: ['Sequence numbers are per channel: give `channel` too'] } });
  }
  const tenantId = tenantOf(ctx);
  const visible = visibleChannels(viewer, f.channel);
  return q.missed(ctx, tenantId, visible, {
    like: f.pattern && f.pattern !== '*' ? likePattern(f.pattern) : undefined,
    afterSeq: f.after_seq,
    since: f.since ? new Date(f.since) : f.after_seq === undefined ? new Date(Date.now() - 24 * 3600_000) : undefined,
    limit: f.limit,
  });
}

/** Events of one channel after `afterSeq`, up to `upTo` (the channel object's catch-up and gap fill). */
export const channelEvents = (ctx: BaseContext, tenantId: string, channelId: string, channel: string, afterSeq: number, upTo?: number) =>
  q.channelEvents(ctx, tenantId, channelId, channel, afterSeq, upTo);
