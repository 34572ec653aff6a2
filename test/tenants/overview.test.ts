// Dashboard, onboarding info, developer configuration, exports, translation coverage, counts, log
// retention and language sync of a tenant.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/access';
import { purgeExpired } from '../../src/modules/tenants/log-retention/log-retention.service';
import { addMember, withDb, withJob } from '../helpers/db';
import { api, expectError, expectReferenceShape, type ApiResponse } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { until } from '../helpers/wait';

const T = '/api/v1/secure/tenants';
const trips = (res: ApiResponse) => Number(/db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? -1);

describe('tenant overview', () => {
  it('dashboard: real counts and recent activity in one round trip', { timeout: 60_000 }, async () => {
    const a = await newTenant();
    await addMember(a.tenantId, 'member');
    const group = await api('/api/v1/secure/groups/create', { method: 'POST', headers: a.auth, json: { name: 'Team' } });
    expect(group.status).toBe(201);
    await api('/api/v1/secure/auth/me', { headers: a.auth }); // warm the tenant policy cache
    const res = await api(`${T}/${a.tenantId}/dashboard`, { headers: a.auth });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/dashboard', res);
    expect(res.body.data.metrics.users).toEqual({ total: 2, active: 2 }); // both signed in (addMember signs in)
    expect(res.body.data.storage).toMatchObject({ used: 0, limit: 1024 ** 3 });
    expect(res.body.data.recentActivity[0]).toMatchObject({ entity_id: group.body.data.id, entity_type: 'groups', user: { id: a.userId } });
    expect(trips(res)).toBe(1);
    const counts = await api('/api/v1/secure/stats/counts', { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/stats/counts', counts);
    expect(counts.body.data).toEqual({ users: 2, groups: 1 });
    expect(trips(counts)).toBe(1);
    expectError(await api('/api/v1/secure/stats/counts'), 401);
    // The other main reads: the tenant row (and its reads) go with the caller check.
    for (const path of [`${T}/${a.tenantId}`, `${T}/`, `${T}/${a.tenantId}/lifecycle/history`, `${T}/${a.tenantId}/log-retention`, `${T}/${a.tenantId}/language-sync/history`]) {
      const r = await api(path, { headers: a.auth });
      expect(r.status, path).toBe(200);
      expect(trips(r), path).toBe(1);
    }
  });

  it('info and developer-config for owners and admins; members 403; other tenants 404', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const info = await api(`${T}/${a.tenantId}/info`, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/info', info);
    expect(info.body.data.admin).toMatchObject({ id: a.userId, email: a.email, role: 'owner' });
    expect(info.body.data.api.baseUrl).toBe('http://api.test/api/v1');
    const dev = await api(`${T}/${a.tenantId}/developer-config`, { headers: a.auth });
    expect(dev.status).toBe(200);
    expect(dev.body.data.configuration).toMatchObject({ apiKeys: 0, users: 1, groups: 0 });
    const member = await addMember(a.tenantId, 'member');
    expectError(await api(`${T}/${a.tenantId}/info`, { headers: member.auth }), 403);
    for (const path of ['info', 'developer-config', 'dashboard', 'env', 'json', 'translation-coverage', 'log-retention', 'language-sync-status']) {
      const res = await api(`${T}/${b.tenantId}/${path}`, { headers: a.auth });
      expectError(res, 404, 'NOT_FOUND');
    }
  });

  it('exports: .env and JSON downloads with secrets masked', async () => {
    const a = await newTenant();
    await api(`${T}/${a.tenantId}`, { method: 'PATCH', headers: a.auth, json: { settings: { integrations: { smtp: { host: 'mail.example.test', password: 'hunter2-smtp' }, stripe: { api_key: 'sk_live_hunter2' } } } } });
    const env = await api(`${T}/${a.tenantId}/env`, { headers: a.auth });
    expect(env.status).toBe(200);
    expect(env.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.env"$/);
    expect(env.body).toContain(`PVE_TENANT_ID="${a.tenantId}"`);
    expect(env.body).toContain('PVE_SETTINGS_INTEGRATIONS_SMTP_HOST="mail.example.test"');
    expect(env.body).toContain('PVE_SETTINGS_INTEGRATIONS_SMTP_PASSWORD="********"');
    expect(env.body).not.toContain('hunter2');
    const json = await api(`${T}/${a.tenantId}/json`, { headers: a.auth });
    expect(json.headers.get('content-disposition')).toMatch(/\.json"$/);
    expect(json.body.tenant.id).toBe(a.tenantId);
    expect(json.body.settings.integrations.stripe.api_key).toBe('********');
    expect(JSON.stringify(json.body)).not.toContain('hunter2');
  });

  it('translation coverage: every kind, zero while the tenant has none', async () => {
    const a = await newTenant();
    const res = await api(`${T}/${a.tenantId}/translation-coverage`, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/translation-coverage', res);
    expect(res.body.data.spaces).toEqual({ total: 0, translated: 0, percentage: 0 });
  });
});

describe('log retention', () => {
  it('default 90 days, set 30/60/90 (others 400), expired audit entries purged by the job', async () => {
    const a = await newTenant();
    const def = await api(`${T}/${a.tenantId}/log-retention`, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/log-retention', def);
    expect(def.body.data).toEqual({ tenantId: a.tenantId, retention_days: 90 });
    expectError(await api(`${T}/${a.tenantId}/log-retention`, { method: 'PATCH', headers: a.auth, json: { retention_days: 45 } }), 400, 'VALIDATION_ERROR');
    const set = await api(`${T}/${a.tenantId}/log-retention`, { method: 'PATCH', headers: a.auth, json: { retention_days: 30 } });
    expect(set.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/tenants/{id}/log-retention', set);
    expect((await api(`${T}/${a.tenantId}/log-retention`, { headers: a.auth })).body.data.retention_days).toBe(30);
    const member = await addMember(a.tenantId, 'member');
    expectError(await api(`${T}/${a.tenantId}/log-retention`, { method: 'PATCH', headers: member.auth, json: { retention_days: 60 } }), 403);
    await withDb((db) =>
      db.insert(auditLogs).values([
        { tenantId: a.tenantId, actorType: 'user', action: 'old.entry', createdAt: sql`now() - interval '31 days'` as never },
        { tenantId: a.tenantId, actorType: 'user', action: 'recent.entry', createdAt: sql`now() - interval '29 days'` as never },
      ]),
    );
    await withJob((ctx) => purgeExpired(ctx));
    const left = await withDb((db) => db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.tenantId, a.tenantId)));
    expect(left.map((r) => r.action)).toContain('recent.entry');
    expect(left.map((r) => r.action)).not.toContain('old.entry');
  });
});

describe('language sync', () => {
  it('adding a language runs a queued job that fails with a recorded error while no translation provider is configured; removing completes', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const patch = await api(`${T}/${a.tenantId}`, { method: 'PATCH', headers: a.auth, json: { additional_languages: ['fr'] } });
    expect(patch.status).toBe(200);
    const status = () => api(`${T}/${a.tenantId}/language-sync-status`, { headers: a.auth });
    const failed = await until(status, (r) => r.body.data[0]?.status === 'failed', 15_000);
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/language-sync-status', failed);
    expect(failed.body.data[0]).toMatchObject({ operation: 'add', language_code: 'fr', status: 'failed', errors: [{ code: 'TRANSLATION_PROVIDER_NOT_CONFIGURED' }] });
    expect(failed.body.data[0].completed_at).not.toBeNull();
    await api(`${T}/${a.tenantId}`, { method: 'PATCH', headers: a.auth, json: { additional_languages: [] } });
    const removed = await until(status, (r) => r.body.data[0]?.operation === 'remove' && r.body.data[0]?.status === 'completed', 15_000);
    expect(removed.body.data[0]).toMatchObject({ language_code: 'fr', errors: [] });
    const one = await api(`${T}/${a.tenantId}/language-sync-status?job_id=${removed.body.data[0].id}`, { headers: a.auth });
    expect(one.body.data.id).toBe(removed.body.data[0].id);
    expectError(await api(`${T}/${b.tenantId}/language-sync-status?job_id=${removed.body.data[0].id}`, { headers: b.auth }), 404);
    const hist = await api(`${T}/${a.tenantId}/language-sync/history?limit=1`, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/language-sync/history', hist);
    expect(hist.body.pagination).toEqual({ total: 2, limit: 1, offset: 0, hasMore: true });
    expectError(await api(`${T}/${a.tenantId}/language-sync/history?status=bogus`, { headers: a.auth }), 400);
    const dash = await api(`${T}/${a.tenantId}/dashboard`, { headers: a.auth });
    expect(dash.body.data.languageSync.activeJobs).toBe(0);
  });
});
