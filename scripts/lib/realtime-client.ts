// A small client of the realtime API for scripts (the chat demo, bench:ws): tenants and users over
// HTTP, and sockets with the `ws` package, exactly as a browser would open them.
import WebSocket from 'ws';

export interface User {
  userId: string;
  tenantId: string;
  auth: { authorization: string };
}

export async function call(base: string, path: string, init: { method?: string; json?: unknown; auth?: User } = {}): Promise<any> {
  const res = await fetch(base + path, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { ...(init.json === undefined ? {} : { 'content-type': 'application/json' }), ...(init.auth?.auth ?? {}) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function signIn(base: string, email: string, password: string): Promise<User> {
  const r = await call(base, '/api/v1/public/auth/login', { json: { email, password } });
  return { userId: r.user.id, tenantId: r.user.tenantId, auth: { authorization: `Bearer ${r.accessToken}` } };
}

/** A new tenant with its owner and `members` more users, all signed in. */
export async function tenantWithUsers(base: string, members: number): Promise<User[]> {
  const tag = `rt${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const password = 'realtime demo password';
  await call(base, '/api/v1/public/auth/register', { json: { email: `${tag}@example.test`, password, tenantName: `Realtime ${tag}`, tenantDomain: tag } });
  const owner = await signIn(base, `${tag}@example.test`, password);
  const users = [owner];
  for (let i = 1; i <= members; i++) {
    const email = `${tag}-${i}@example.test`;
    await call(base, '/api/v1/secure/users/', { json: { email, password, displayName: `User ${i}` }, auth: owner });
    users.push(await signIn(base, email, password));
  }
  return users;
}

export async function conversation(base: string, a: User, b: User): Promise<{ id: string; channel: string }> {
  const c = await call(base, '/api/v1/secure/chat/conversations', { json: { participant_id: b.userId }, auth: a });
  const ch = await call(base, `/api/v1/secure/chat/conversations/${c.data.id}/channel`, { auth: a });
  return { id: c.data.id, channel: ch.data.channel_name };
}

/** Opens a socket on `channel` (endpoint and token from the client configuration); resolves once welcomed. */
export async function subscribe(base: string, user: User, channel: string, onMessage: (m: any) => void, afterSeq?: number): Promise<WebSocket> {
  const cfg = (await call(base, '/api/v1/secure/auth/client-config/realtime', { auth: user })).data;
  const url = `${cfg.supabaseUrl}?token=${encodeURIComponent(cfg.supabaseAnonKey)}&channel=${encodeURIComponent(channel)}${afterSeq === undefined ? '' : `&after_seq=${afterSeq}`}`;
  const ws = new WebSocket(url);
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      if (String(data) === 'pong') return;
      const m = JSON.parse(String(data));
      if (m.type === 'welcome') resolve(ws);
      onMessage(m);
    });
  });
}
