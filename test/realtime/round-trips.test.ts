// Database round trips of the realtime routes (Server-Timing): reads go with the caller check in
// one round trip; writes are the connection plus their transaction's statements.
import { describe, expect, it } from 'vitest';
import { api, type ApiResponse } from '../helpers/http';
import { conversation, CONV, pairOfUsers, send } from './helpers';

function trips(res: ApiResponse): { roundTrips: number; connect: number } {
  const h = res.headers.get('server-timing') ?? '';
  const db = /(?:^|,\s*)db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h);
  const connect = /db-connect;dur=[\d.]+;desc="(\d+) round trips"/.exec(h);
  return { roundTrips: db ? Number(db[1]) : 0, connect: connect ? Number(connect[1]) : 0 };
}

describe('realtime round trips', () => {
  it('reads: one round trip each, no connection', async () => {
    const { a, b } = await pairOfUsers();
    const { id, channel } = await conversation(a, b);
    await send(a, id, 'warm');
    for (const path of [CONV, `${CONV}/${id}`, `${CONV}/${id}/channel`, `${CONV}/${id}/messages`, '/api/v1/secure/chat/unread-count', '/api/v1/services/realtime/channels', `/api/v1/services/realtime/events/missed?channel=${channel}&after_seq=0`]) {
      const res = await api(path, { headers: b.auth });
      expect(res.status, path).toBe(200);
      expect(trips(res), path).toEqual({ roundTrips: 1, connect: 0 });
    }
  });

  it('writes: send, read and typing are the connection (3) plus 6 round trips: begin, 2 statements, audit, commit', async () => {
    const { a, b } = await pairOfUsers();
    const { id } = await conversation(a, b);
    const sent = await api(`${CONV}/${id}/messages`, { method: 'POST', headers: a.auth, json: { content: 'hi' } });
    const read = await api(`${CONV}/${id}/read`, { method: 'POST', headers: b.auth });
    const typing = await api(`${CONV}/${id}/typing`, { method: 'POST', headers: a.auth });
    const t = { send: trips(sent), read: trips(read), typing: trips(typing) };
    console.log('realtime write round trips', JSON.stringify(t));
    // begin + statements + audit + commit on the unit of work's connection.
    for (const [k, v] of Object.entries(t)) expect(v.roundTrips, k).toBeLessThanOrEqual(6);
  });
});
