import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { chatConversations, chatMessages } from '../../src/db/schema/realtime';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { conversation, CONV, pairOfUsers, send } from './helpers';

const P = (s: string) => `/api/v1/secure/chat/conversations${s}`;

describe('chat: conversations', () => {
  it('one conversation per pair whoever starts it: 201 then 200, from either side', async () => {
    const { a, b } = await pairOfUsers();
    const first = await api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: b.userId } });
    expect(first.status).toBe(201);
    expectReferenceShape('POST', P(''), first);
    expect([first.body.data.participant_a, first.body.data.participant_b].sort()).toEqual([a.userId, b.userId].sort());
    const again = await api(CONV, { method: 'POST', headers: b.auth, json: { participant_id: a.userId } });
    expect(again.status).toBe(200);
    expectReferenceShape('POST', P(''), again);
    expect(again.body.data.id).toBe(first.body.data.id);

    const list = await api(CONV, { headers: b.auth });
    expect(list.status).toBe(200);
    expectReferenceShape('GET', P(''), list);
    expect(list.body.data.map((c: any) => c.id)).toEqual([first.body.data.id]);
    expect(list.body.pagination).toEqual({ total: 1, limit: 20, offset: 0, hasMore: false });

    const one = await api(`${CONV}/${first.body.data.id}`, { headers: a.auth });
    expectReferenceShape('GET', P('/{id}'), one);
    const ch = await api(`${CONV}/${first.body.data.id}/channel`, { headers: a.auth });
    expectReferenceShape('GET', P('/{id}/channel'), ch);
    expect(ch.body.data.channel_name).toMatch(/^peer:/);
  });

  it('concurrent starts from both sides make one conversation', async () => {
    const { a, b } = await pairOfUsers();
    const [x, y] = await Promise.all([
      api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: b.userId } }),
      api(CONV, { method: 'POST', headers: b.auth, json: { participant_id: a.userId } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    expect(x.body.data.id).toBe(y.body.data.id);
  });

  it('refuses oneself, other tenants\' users, bad input, missing credentials and API keys', async () => {
    const { a } = await pairOfUsers();
    const self = await api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: a.userId } });
    expectError(self, 422, 'UNPROCESSABLE_ENTITY');
    expect(self.body.details.reason).toBe('SELF_CONVERSATION');
    const other = await newTenant();
    expectError(await api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: other.userId } }), 404, 'NOT_FOUND');
    expectError(await api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: 'nope' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(CONV, { method: 'POST', headers: a.auth, json: {} }), 400, 'VALIDATION_ERROR');
    expectError(await api(CONV, { method: 'POST', json: { participant_id: a.userId } }), 401);
    expectError(await api(CONV), 401);
    const n = await withDb(async (db) => (await db.select({ n: sql<number>`count(*)::int` }).from(chatConversations).where(eq(chatConversations.tenantId, a.tenantId)))[0]!.n);
    expect(n).toBe(0);
  });

  it('another tenant and a third member of the same tenant see 404 and no data', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    await send(a, id, 'private');
    const other = await newTenant();
    const third = await addMember(a.tenantId);
    for (const u of [other, third]) {
      for (const path of ['', '/channel', '/messages']) expectError(await api(`${CONV}/${id}${path}`, { headers: u.auth }), 404, 'NOT_FOUND');
      expectError(await api(`${CONV}/${id}/messages`, { method: 'POST', headers: u.auth, json: { content: 'x' } }), 404);
      expectError(await api(`${CONV}/${id}/read`, { method: 'POST', headers: u.auth }), 404);
      expectError(await api(`${CONV}/${id}/typing`, { method: 'POST', headers: u.auth }), 404);
      expect((await api(CONV, { headers: u.auth })).body.data).toEqual([]);
    }
  });
});

describe('chat: messages', () => {
  it('sends, pages history stably under equal timestamps, counts unread and marks read', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    const sent: any[] = [];
    for (let i = 0; i < 5; i++) sent.push(await send(a, id, `m${i}`));
    // Three messages with one timestamp: the cursor's id tiebreak keeps pages exact.
    await withDb((db) => db.update(chatMessages).set({ sentAt: new Date('2030-01-01T00:00:00.000Z') }).where(sql`${chatMessages.id} in (${sql.join([sent[1].id, sent[2].id, sent[3].id].map((x) => sql`${x}`), sql`, `)})`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api(`${CONV}/${id}/messages?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: b.auth });
      expect(page.status).toBe(200);
      expectReferenceShape('GET', P('/{id}/messages'), page);
      seen.push(...page.body.data.map((m: any) => m.id));
      cursor = page.body.pagination.nextCursor;
      expect(page.body.pagination.hasMore).toBe(cursor !== null);
    } while (cursor);
    expect(seen.sort()).toEqual(sent.map((m) => m.id).sort());
    expectError(await api(`${CONV}/${id}/messages?cursor=garbage`, { headers: b.auth }), 400, 'VALIDATION_ERROR');

    const unread = await api('/api/v1/secure/chat/unread-count', { headers: b.auth });
    expectReferenceShape('GET', '/api/v1/secure/chat/unread-count', unread);
    expect(unread.body.data).toEqual({ total_unread: 5, conversations: [{ conversation_id: id, unread_count: 5 }] });
    expect((await api(`${CONV}/${id}`, { headers: a.auth })).body.data.unread_count).toBe(0);

    const read = await api(`${CONV}/${id}/read`, { method: 'POST', headers: b.auth });
    expectReferenceShape('POST', P('/{id}/read'), read);
    expect(read.body.data.marked_count).toBe(5);
    expect((await api(`${CONV}/${id}/read`, { method: 'POST', headers: b.auth })).body.data.marked_count).toBe(0);
    expect((await api('/api/v1/secure/chat/unread-count', { headers: b.auth })).body.data.total_unread).toBe(0);
    // Receipts only when something changed: one message:read event.
    const events = await api(`/api/v1/services/realtime/events/missed?pattern=message:read`, { headers: b.auth });
    expect(events.body.data.length).toBe(1);
    expect(events.body.data[0].data.marked_count).toBe(5);
  });

  it('keeps unread counters exact under concurrent sends and reads', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    const ops = [];
    for (let i = 0; i < 12; i++) {
      ops.push(api(`${CONV}/${id}/messages`, { method: 'POST', headers: a.auth, json: { content: `c${i}` } }));
      if (i % 3 === 0) ops.push(api(`${CONV}/${id}/read`, { method: 'POST', headers: b.auth }));
    }
    const results = await Promise.all(ops);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    const counted = await withDb(async (db) => (await db.select({ n: sql<number>`count(*)::int` }).from(chatMessages).where(sql`${chatMessages.conversationId} = ${id} and ${chatMessages.readAt} is null`))[0]!.n);
    const unread = await api('/api/v1/secure/chat/unread-count', { headers: b.auth });
    expect(unread.body.data.total_unread).toBe(counted);
    const marked = results.filter((r) => r.body?.data?.marked_count !== undefined).reduce((n, r) => n + r.body.data.marked_count, 0);
    expect(marked + counted).toBe(12);
  });

  it('soft-deletes own messages only, and rejects bad content', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    const m = await send(a, id, 'to be deleted');
    expectError(await api(`${CONV}/${id}/messages/${m.id}`, { method: 'DELETE', headers: b.auth }), 403, 'FORBIDDEN');
    const del = await api(`${CONV}/${id}/messages/${m.id}`, { method: 'DELETE', headers: a.auth });
    expect(del.status).toBe(204);
    expectError(await api(`${CONV}/${id}/messages/${m.id}`, { method: 'DELETE', headers: a.auth }), 404);
    const hist = await api(`${CONV}/${id}/messages`, { headers: b.auth });
    expect(hist.body.data[0]).toMatchObject({ id: m.id, content: '' });
    expect(hist.body.data[0].deleted_at).not.toBeNull();
    // The deleted message no longer counts as unread.
    expect((await api('/api/v1/secure/chat/unread-count', { headers: b.auth })).body.data.total_unread).toBe(0);
    const ev = await api('/api/v1/services/realtime/events/missed?pattern=*:deleted', { headers: b.auth });
    expect(ev.body.data.map((e: any) => e.event_type)).toEqual(['message:deleted']);

    for (const content of ['', ' '.repeat(3), 'x'.repeat(4001)]) {
      expectError(await api(`${CONV}/${id}/messages`, { method: 'POST', headers: a.auth, json: { content } }), 400, 'VALIDATION_ERROR');
    }
    expectError(await api(`${CONV}/${id}/messages`, { method: 'POST', headers: a.auth, json: { content: 'a\u0000b' } }), 400);
    const rows = await withDb((db) => db.select().from(chatMessages).where(eq(chatMessages.conversationId, id)));
    expect(rows.length).toBe(1);
  });

  it('throttles typing per user (429 with Retry-After), not per conversation', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    const first = await api(`${CONV}/${id}/typing`, { method: 'POST', headers: a.auth });
    expectReferenceShape('POST', P('/{id}/typing'), first);
    expect(first.body.data.sent).toBe(true);
    const again = await api(`${CONV}/${id}/typing`, { method: 'POST', headers: a.auth });
    expectError(again, 429, 'TOO_MANY_REQUESTS');
    expect(again.headers.get('retry-after')).toBe('3');
    expect(again.body.details.reason).toBe('TYPING_THROTTLED');
    expect((await api(`${CONV}/${id}/typing`, { method: 'POST', headers: b.auth })).status).toBe(200);
    const both = await Promise.all([1, 2, 3].map(() => api(`${CONV}/${id}/typing`, { method: 'POST', headers: b.auth })));
    expect(both.every((r) => r.status === 429)).toBe(true);
  });
});
