import { describe, expect, it } from 'vitest';
import { api } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { connect, conversation, CONV, openSocket, pairOfUsers, realtimeToken, send } from './helpers';
import { env, runInDurableObject } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import type { Env } from '../../src/env';
import { RealtimeChannel } from '../../src/realtime/realtime-channel';
import { channelObjectName } from '../../src/modules/realtime/events/events.model';
import { realtimeJobs } from '../../src/modules/realtime/events/events.jobs';
import { withJob } from '../helpers/db';
import { addMember, withDb } from '../helpers/db';

describe('realtime socket', () => {
  it('refuses a socket without a token, with a bad token, and on a channel the caller may not see', async () => {
    const { a, b } = await pairOfUsers();
    const { channel } = await conversation(a, b);
    expect((await openSocket({ channel })).status).toBe(401);
    expect((await openSocket({ channel, token: 'x.y.z' })).status).toBe(401);
    // An access token is not a realtime token.
    expect((await openSocket({ channel, token: a.accessToken })).status).toBe(401);
    const c = await addMember(a.tenantId, 'member');
    const outsider = await openSocket({ channel, token: await realtimeToken(c) });
    expect(outsider.status).toBe(403);
    const other = await newTenant();
    const foreign = await openSocket({ channel, token: await realtimeToken(other) });
    expect(foreign.status).toBe(404);
    // Not an upgrade.
    const plain = await api(`/api/v1/public/realtime/ws?channel=${channel}&token=${await realtimeToken(a)}`);
    expect(plain.status).toBe(400);
  });

  it('pushes a message sent over HTTP to both participants, with presence on join and leave', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    const sa = await connect(a, channel);
    const sb = await connect(b, channel);
    await sa.next((m) => m.type === 'presence' && m.event === 'join' && m.user_id === b.userId, 'b joins');
    const state = await sb.next((m) => m.type === 'presence_state');
    expect(state.users.sort()).toEqual([a.userId, b.userId].sort());
    const sent = await send(a, id, 'hello over HTTP');
    for (const s of [sa, sb]) {
      const ev = await s.next((m) => m.type === 'event' && m.event_type === 'message:new', 'message:new');
      expect(ev.data).toMatchObject({ id: sent.id, content: 'hello over HTTP', sender_id: a.userId });
      expect(ev.seq).toBeGreaterThan(0);
    }
    sb.close();
    await sa.next((m) => m.type === 'presence' && m.event === 'leave' && m.user_id === b.userId, 'b leaves');
    sa.close();
  });

  it('a reconnecting client gets exactly the events it missed, then live ones', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    const sb = await connect(b, channel);
    await send(a, id, 'one');
    const first = await sb.next((m) => m.type === 'event' && m.data.content === 'one');
    sb.close();
    await send(a, id, 'two');
    await send(a, id, 'three');
    const sa = await connect(a, channel);
    const again = await connect(b, channel, first.seq);
    await again.next((m) => m.type === 'caught_up');
    await send(a, id, 'four');
    await again.next((m) => m.type === 'event' && m.data.content === 'four');
    const seqs = again.events().map((e) => e.seq);
    expect(again.events().map((e) => e.data.content)).toEqual(['two', 'three', 'four']);
    expect(seqs).toEqual([first.seq + 1, first.seq + 2, first.seq + 3]);
    const res = await api(`/api/v1/services/realtime/events/missed?channel=${channel}&after_seq=${first.seq}`, { headers: b.auth });
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: any) => e.data.seq)).toEqual(seqs);
    again.close();
    sa.close();
    void CONV;
  });

  it('fills a lost hand-off from the log: sockets get every seq once, in order', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    const sb = await connect(b, channel);
    await send(a, id, 'before');
    await sb.next((m) => m.type === 'event' && m.data.content === 'before');
    // An event committed whose hand-off to the channel object never happened (a Worker gone after commit).
    await withDb((db) =>
      db.execute(sql`with ch as (update realtime_channels set last_seq = last_seq + 1 where channel_name = ${channel} returning id, tenant_id, last_seq)
        insert into realtime_events (tenant_id, channel_id, seq, event_type, data) select tenant_id, id, last_seq, 'typing:start', '{"lost":true}'::jsonb from ch`),
    );
    await send(a, id, 'after');
    await sb.next((m) => m.type === 'event' && m.data.content === 'after');
    expect(sb.events().map((e) => [e.seq, e.event_type])).toEqual([[1, 'message:new'], [2, 'typing:start'], [3, 'message:new']]);
    // Application pings are answered without the object's code.
    const pong = new Promise((resolve) => sb.ws.addEventListener('message', (e) => e.data === 'pong' && resolve(true)));
    sb.ws.send('ping');
    expect(await pong).toBe(true);
    sb.close();
  });

  it('keeps per-socket state in attachments: a fresh instance (as after hibernation) serves the same sockets', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    const sa = await connect(a, channel);
    const sb = await connect(b, channel);
    const ns = (env as Env).REALTIME_CHANNELS;
    const stub = ns.get(ns.idFromName(channelObjectName(a.tenantId, channel)));
    await runInDurableObject(stub, async (_instance, state) => {
      const atts = state.getWebSockets().map((ws) => ws.deserializeAttachment() as { userId: string });
      expect(atts.map((x) => x.userId).sort()).toEqual([a.userId, b.userId].sort());
      // A new instance with empty memory, as the runtime makes when it wakes an evicted object.
      const woken = new RealtimeChannel(state, env as Env);
      const bSocket = state.getWebSockets().find((ws) => (ws.deserializeAttachment() as { userId: string }).userId === b.userId)!;
      await woken.webSocketClose(bSocket, 1000);
    });
    await sa.next((m) => m.type === 'presence' && m.event === 'leave' && m.user_id === b.userId, 'leave from the woken instance');
    await send(b, id, 'still here');
    await sa.next((m) => m.type === 'event' && m.data.content === 'still here');
    sa.close();
    sb.close();
  });

  it('the retention job prunes old events; a resume from before them is told to resync', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    await send(a, id, 'old');
    await send(a, id, 'recent');
    await withDb((db) => db.execute(sql`update realtime_events set created_at = now() - interval '40 days' where seq = 1 and channel_id = (select id from realtime_channels where channel_name = ${channel})`));
    const out = await withJob((ctx) => realtimeJobs[0]!.run(ctx));
    expect(out!.deleted).toBeGreaterThanOrEqual(1);
    const s = await connect(b, channel, 0);
    await s.next((m) => m.type === 'caught_up');
    expect(s.messages.filter((m) => ['resync', 'event'].includes(m.type)).map((m) => m.type === 'resync' ? `resync:${m.from_seq}` : m.seq)).toEqual(['resync:2', 2]);
    s.close();
  });
});
