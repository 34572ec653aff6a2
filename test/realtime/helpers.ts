// Realtime test helpers: conversations between two users of a tenant, and WebSocket clients that
// connect through the Worker exactly as a browser would (Upgrade: websocket, token in the query).
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { addMember } from '../helpers/db';
import { api } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

export const CONV = '/api/v1/secure/chat/conversations';

export async function pairOfUsers(): Promise<{ a: SignedIn; b: SignedIn }> {
  const a = await newTenant();
  const b = await addMember(a.tenantId, 'member');
  return { a, b };
}

export async function conversation(a: SignedIn, b: SignedIn): Promise<{ id: string; channel: string }> {
  const res = await api(CONV, { method: 'POST', headers: a.auth, json: { participant_id: b.userId } });
  expect([200, 201]).toContain(res.status);
  const ch = await api(`${CONV}/${res.body.data.id}/channel`, { headers: a.auth });
  expect(ch.status).toBe(200);
  return { id: res.body.data.id, channel: ch.body.data.channel_name };
}

export async function send(user: SignedIn, conversationId: string, content: string) {
  const res = await api(`${CONV}/${conversationId}/messages`, { method: 'POST', headers: user.auth, json: { content } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data;
}

export async function realtimeToken(user: SignedIn): Promise<string> {
  const res = await api('/api/v1/secure/auth/client-config/realtime', { headers: user.auth });
  expect(res.status).toBe(200);
  return res.body.data.supabaseAnonKey;
}

export interface Client {
  ws: WebSocket;
  messages: any[];
  /** Resolves with the first message (from the start) matching `pred`, waiting up to 5 s. */
  next(pred: (m: any) => boolean, what?: string): Promise<any>;
  events(): any[];
  close(): void;
}

export async function openSocket(query: Record<string, string | number | undefined>): Promise<Response> {
  const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
  return (exports as { default: Fetcher }).default.fetch(new Request(`http://api.test/api/v1/public/realtime/ws?${qs}`, { headers: { Upgrade: 'websocket' } }));
}

export async function connect(user: SignedIn, channel: string, afterSeq?: number): Promise<Client> {
  const res = await openSocket({ token: await realtimeToken(user), channel, after_seq: afterSeq });
  expect(res.status, await (res.status === 101 ? '' : res.clone().text())).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: any[] = [];
  const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.addEventListener('message', (e) => {
    if (e.data === 'pong') return;
    const m = JSON.parse(e.data as string);
    messages.push(m);
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
  });
  const client: Client = {
    ws,
    messages,
    next: (pred, what = 'a message') =>
      new Promise((resolve, reject) => {
        const hit = messages.find(pred);
        if (hit) return resolve(hit);
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(messages)}`)), 5000);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      }),
    events: () => messages.filter((m) => m.type === 'event'),
    close: () => ws.close(1000, 'bye'),
  };
  await client.next((m) => m.type === 'welcome', 'welcome');
  return client;
}
