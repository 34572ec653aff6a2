// Every successful mutating request writes one audit entry in the same transaction as its change;
// a failed request writes neither.
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { auditLogs } from '../src/db/schema/audit';
import { users } from '../src/db/schema/identity';
import type { Env } from '../src/env';
import { ApiError } from '../src/lib/errors';
import { userPrincipal } from '../src/middleware/auth';
import { api } from './helpers/http';
import { withDb } from './helpers/db';
import { newTenant } from './helpers/identity';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

describe('audit log', () => {
  it('records a successful change with actor, tenant, ip, user agent and request id', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/secure/auth/me', {
      method: 'PATCH',
      headers: { ...owner.auth, 'cf-connecting-ip': '192.0.2.7', 'user-agent': 'audit-test/1', 'x-request-id': 'audit-req-1' },
      json: { displayName: 'Audited' },
    });
    expect(res.status).toBe(200);
    const rows = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.requestId, 'audit-req-1')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: owner.tenantId,
      actorType: 'user',
      actorId: owner.userId,
      action: 'PATCH /api/v1/secure/auth/me',
      ipAddress: '192.0.2.7',
      userAgent: 'audit-test/1',
    });
  });

  it('records registration as the new owner acting in the new tenant', async () => {
    const owner = await newTenant();
    const [row] = await withDb((db) =>
      db.select().from(auditLogs).where(and(eq(auditLogs.tenantId, owner.tenantId), eq(auditLogs.action, 'tenant.register'))),
    );
    expect(row).toMatchObject({ actorId: owner.userId, resourceType: 'tenant', resourceId: owner.tenantId });
  });

  it('rolls back the change and writes no entry when the request fails', async () => {
    const owner = await newTenant();
    const app = createApp();
    app.post('/api/v1/secure/test/fail-after-write', async (c) => {
      const p = await userPrincipal(c);
      const db = await c.var.db();
      await db.update(users).set({ displayName: 'should not stick' }).where(eq(users.id, p.userId));
      throw new ApiError('CONFLICT', 'changed my mind');
    });
    const res = await app.fetch(
      new Request('http://api.test/api/v1/secure/test/fail-after-write', { method: 'POST', headers: { ...owner.auth, 'x-request-id': 'audit-fail-1' } }),
      env as Env,
      ctx,
    );
    expect(res.status).toBe(409);
    const [u] = await withDb((db) => db.select({ name: users.displayName }).from(users).where(eq(users.id, owner.userId)));
    expect(u!.name).not.toBe('should not stick');
    const rows = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.requestId, 'audit-fail-1')).orderBy(desc(auditLogs.createdAt)));
    expect(rows).toHaveLength(0);
  });
});
