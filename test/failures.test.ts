// What callers see when things break: the database is down or hangs, or a handler throws.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { createApp } from '../src/app';
import type { Env } from '../src/env';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

async function call(app: ReturnType<typeof createApp>, path: string, overrides: Partial<Env>) {
  const started = Date.now();
  const res = await app.fetch(new Request(`http://api.test${path}`), { ...env, ...overrides } as Env, ctx);
  return { res, body: (await res.json()) as any, ms: Date.now() - started };
}

describe('database unavailable', () => {
  it('answers 503 quickly when the database refuses connections', async () => {
    const { res, body } = await call(createApp(), '/api/v1/public/currencies/', { DB_WS_PROXY: '127.0.0.1:1', DB_HTTP_ENDPOINT: 'http://127.0.0.1:1/sql' });
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ error: 'SERVICE_UNAVAILABLE', statusCode: 503 });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|postgres/i);
  });

  it('answers 503 within the connect timeout when the database hangs', async () => {
    const { res, ms } = await call(createApp(), '/api/v1/public/languages/de', {
      DB_WS_PROXY: `127.0.0.1:${inject('blackholePort')}`,
      // Reads go over HTTP: a request that gets no answer is bounded by the query timeout.
      DB_HTTP_ENDPOINT: `http://127.0.0.1:${inject('blackholePort')}/sql`,
      DB_QUERY_TIMEOUT_MS: '1000',
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ms).toBeLessThan(4000);
  });

  it('reports a degraded health instead of hanging', async () => {
    const { res, body, ms } = await call(createApp(), '/api/v1/system/health?level=ready', {
      DB_WS_PROXY: `127.0.0.1:${inject('blackholePort')}`,
      DB_HTTP_ENDPOINT: `http://127.0.0.1:${inject('blackholePort')}/sql`,
      DB_QUERY_TIMEOUT_MS: '1000',
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', ready: false, degradedServices: ['database'] });
    expect(ms).toBeLessThan(4000);
  });

  it('still serves routes that never touch the database', async () => {
    const { res } = await call(createApp(), '/api/v1/public/timezones/regions', { DB_WS_PROXY: '127.0.0.1:1' });
    expect(res.status).toBe(200);
  });
});

describe('slow database', () => {
  it('answers 503 when a query runs past DB_QUERY_TIMEOUT_MS', async () => {
    const { sql } = await import('drizzle-orm');
    const app = createApp();
    app.get('/slow', async (c) => {
      const db = await c.var.db();
      await db.execute(sql`select pg_sleep(3)`);
      return c.text('done');
    });
    const { res, body, ms } = await call(app, '/slow', { DB_QUERY_TIMEOUT_MS: '300' });
    expect(res.status).toBe(503);
    expect(body).toMatchObject({ error: 'SERVICE_UNAVAILABLE' });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(ms).toBeLessThan(2500);
  });
});

describe('unexpected errors', () => {
  it('answers 500 without stack, SQL or internals', async () => {
    const app = createApp();
    app.get('/boom', () => {
      throw new Error('relation "secret_table" does not exist at select * from secret_table');
    });
    const { res, body } = await call(app, '/boom', {});
    expect(res.status).toBe(500);
    expect(body).toMatchObject({ error: 'INTERNAL_ERROR', message: 'Internal server error', statusCode: 500 });
    expect(JSON.stringify(body)).not.toMatch(/secret_table|at |\.ts/);
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
  });
});

describe('error logs', () => {
  it('log a database error by class, SQLSTATE code and constraint, never its query parameters', async () => {
    const { users } = await import('../src/db/schema/accounts');
    const { hashPassword } = await import('../src/lib/crypto');
    const passwordHash = await hashPassword('a password nobody may read');
    const email = `log-${crypto.randomUUID()}@example.test`;
    const app = createApp();
    app.get('/write', async (c) => {
      c.set('dbRoute', 'writes'); // what contractRoute's `writes: true` sets: reads are read-only
      const db = await c.var.db();
      // No such tenant: a foreign-key violation, the insert's parameters quoted in drizzle's message.
      await db.insert(users).values({ tenantId: crypto.randomUUID(), email, passwordHash });
      return c.text('written');
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { res } = await call(app, '/write', {});
      expect(res.status).toBe(500);
      const logged = spy.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(logged).toContain('"code":"23503"');
      expect(logged).toMatch(/"constraint":"users_tenant_id_\w+"/);
      expect(logged).not.toContain(passwordHash);
      expect(logged).not.toContain(email);
      expect(logged).not.toMatch(/insert into|params/i);
    } finally {
      spy.mockRestore();
    }
  });
});
