import { describe, expect, it } from 'vitest';
import { addMember } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { connect, conversation, openSocket, pairOfUsers, realtimeToken, send } from './helpers';

const CH = '/api/v1/services/realtime/channels';
const MISSED = '/api/v1/services/realtime/events/missed';

describe('realtime channels service', () => {
  it('creates broadcast, peer and group channels; 409 on a duplicate; lists and reads them', async () => {
    const { a, b } = await pairOfUsers();
    const entity = crypto.randomUUID();
    const group = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'group', entity_type: 'space', entity_id: entity, metadata: { member_ids: [b.userId], topic: 'x' } } });
    expect(group.status, JSON.stringify(group.body)).toBe(200);
    expectReferenceShape('POST', CH, group);
    expect(group.body.data.channel_name).toBe(`group:${group.body.data.id}`);
    const dup = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'group', entity_type: 'space', entity_id: entity, metadata: { member_ids: [b.userId] } } });
    expectError(dup, 409, 'CONFLICT');
    expect(dup.body.details.reason).toBe('CHANNEL_EXISTS');
    const peer = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'peer', entity_type: 'booking', metadata: { member_ids: [a.userId, b.userId] } } });
    expect(peer.status).toBe(200);
    const bc = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'broadcast', entity_type: 'tenant' } });
    expect(bc.status).toBe(200);

    const list = await api(`${CH}?channel_type=group`, { headers: b.auth });
    expectReferenceShape('GET', CH, list);
    expect(list.body.data.map((c: any) => c.id)).toEqual([group.body.data.id]);
    const one = await api(`${CH}/${group.body.data.id}`, { headers: b.auth });
    expectReferenceShape('GET', `${CH}/{id}`, one);
    expect(one.body.data.metadata).toEqual({ member_ids: [b.userId], topic: 'x' });

    // A member of the tenant outside the group sees broadcast channels only.
    const c = await addMember(a.tenantId);
    expectError(await api(`${CH}/${group.body.data.id}`, { headers: c.auth }), 404);
    expect((await api(CH, { headers: c.auth })).body.data.map((x: any) => x.channel_type)).toEqual(['broadcast']);
    // And may subscribe to the broadcast channel, not to the group.
    expect((await openSocket({ token: await realtimeToken(c), channel: group.body.data.channel_name })).status).toBe(403);
    const s = await connect(c, bc.body.data.channel_name);
    s.close();
  });

  it('refuses bad input, unknown members and the reserved conversation entity type, writing nothing', async () => {
    const a = await newTenant();
    const other = await newTenant();
    const bad = [
      { channel_type: 'nope', entity_type: 'x' },
      { channel_type: 'group' },
      { channel_type: 'group', entity_type: 'x', metadata: { member_ids: 'x' } },
      { channel_type: 'peer', entity_type: 'x', metadata: { member_ids: [a.userId] } },
      { channel_type: 'broadcast', entity_type: 'x', metadata: { member_ids: [a.userId] } },
      { channel_type: 'broadcast', entity_type: '   ' },
      { channel_type: 'broadcast', entity_type: 'x', extra: 1 },
    ];
    for (const json of bad) expectError(await api(CH, { method: 'POST', headers: a.auth, json }), 400, 'VALIDATION_ERROR');
    const foreign = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'group', entity_type: 'x', metadata: { member_ids: [other.userId] } } });
    expectError(foreign, 422);
    expect(foreign.body.details.reason).toBe('UNKNOWN_MEMBERS');
    expectError(await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'broadcast', entity_type: 'chat_conversation' } }), 422);
    expectError(await api(CH, { method: 'POST', json: { channel_type: 'broadcast', entity_type: 'x' } }), 401);
    expect((await api(CH, { headers: a.auth })).body.data).toEqual([]);
  });

  it('soft-deletes: closes sockets, keeps the row readable, frees the slot; other tenants get 404', async () => {
    const { a, b } = await pairOfUsers();
    const other = await newTenant();
    const res = await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'broadcast', entity_type: 'news' } });
    const { id, channel_name } = res.body.data;
    expectError(await api(`${CH}/${id}`, { headers: other.auth }), 404);
    expectError(await api(`${CH}/${id}`, { method: 'DELETE', headers: other.auth }), 404);
    expectError(await api(`${CH}/${id}`, { method: 'DELETE', headers: b.auth }), 403);
    const s = await connect(b, channel_name);
    const closed = new Promise<number>((resolve) => s.ws.addEventListener('close', (e) => resolve(e.code)));
    expect((await api(`${CH}/${id}`, { method: 'DELETE', headers: a.auth })).status).toBe(204);
    await s.next((m) => m.type === 'event' && m.event_type === 'channel:deleted', 'channel:deleted');
    expect(await closed).toBe(4404);
    const gone = await api(`${CH}/${id}`, { headers: a.auth });
    expect(gone.body.data.deleted_at).not.toBeNull();
    expect(gone.body.data.deleted_by).toBe(a.userId);
    expectError(await api(`${CH}/${id}`, { method: 'DELETE', headers: a.auth }), 404);
    expect((await api(CH, { headers: a.auth })).body.data).toEqual([]);
    expect((await api(CH, { method: 'POST', headers: a.auth, json: { channel_type: 'broadcast', entity_type: 'news' } })).status).toBe(200);
  });
});

describe('missed events', () => {
  it('filters by wildcard patterns and never shows another tenant\'s or another member\'s events', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    const m = await send(a, id, 'x');
    await api(`/api/v1/secure/chat/conversations/${id}/typing`, { method: 'POST', headers: a.auth });
    await api(`/api/v1/secure/chat/conversations/${id}/messages/${m.id}`, { method: 'DELETE', headers: a.auth });
    const all = await api(`${MISSED}?pattern=*`, { headers: b.auth });
    expectReferenceShape('GET', MISSED, all);
    expect(all.body.data.map((e: any) => e.event_type)).toEqual(['message:new', 'typing:start', 'message:deleted']);
    expect(all.body.data.map((e: any) => e.data.seq)).toEqual([1, 2, 3]);
    expect(all.body.data.every((e: any) => e.data.channel === channel)).toBe(true);
    const types = async (q: string) => (await api(`${MISSED}?${q}`, { headers: b.auth })).body.data.map((e: any) => e.event_type);
    expect(await types('pattern=message:*')).toEqual(['message:new', 'message:deleted']);
    expect(await types('pattern=*:deleted')).toEqual(['message:deleted']);
    expect(await types('pattern=typing:start')).toEqual(['typing:start']);
    expect(await types(`channel=${channel}&after_seq=2`)).toEqual(['message:deleted']);
    expect(await types('pattern=user:*')).toEqual([]);
    expectError(await api(`${MISSED}?pattern=${encodeURIComponent("a'; drop")}`, { headers: b.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${MISSED}?after_seq=1`, { headers: b.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${MISSED}?since=yesterday`, { headers: b.auth }), 400, 'VALIDATION_ERROR');
    expectError(await api(MISSED), 401);
    const other = await newTenant();
    expect((await api(`${MISSED}?channel=${channel}`, { headers: other.auth })).body.data).toEqual([]);
    const third = await addMember(a.tenantId);
    expect((await api(MISSED, { headers: third.auth })).body.data).toEqual([]);
  });

  it('client config carries our endpoint and a short-lived token', async () => {
    const a = await newTenant();
    const res = await api('/api/v1/secure/auth/client-config/realtime', { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/auth/client-config/realtime', res);
    expect(res.body.data.supabaseUrl).toBe('ws://api.test/api/v1/public/realtime/ws');
    const [, payload] = res.body.data.supabaseAnonKey.split('.');
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    expect(claims).toMatchObject({ sub: a.userId, tid: a.tenantId, typ: 'realtime' });
    expect(claims.exp - claims.iat).toBe(300);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expectError(await api('/api/v1/secure/auth/client-config/realtime'), 401);
  });
});
