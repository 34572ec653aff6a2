// Tenant settings, rate limits, features and metrics: real requests through the Worker, real Postgres,
// real Durable Objects; the metrics job through the scheduled handler.
import { createScheduledController, env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenantMetricsDaily, tenantMetricsMonthly, tenantRateLimits, tenantSettingsHistory } from '../../src/db/schema/tenant-config';
import { memberships, tenants } from '../../src/db/schema/accounts';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { addMember, makeSystemAdmin, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique } from '../helpers/identity';

const T = (id: string) => `/api/v1/secure/tenants/${id}`;
const json = (method: string, body: unknown, auth: Record<string, string>) => ({ method, headers: auth, json: body });

describe('tenant settings', () => {
  it('reads defaults, merges a patch, validates, records history, resets', async () => {
    const owner = await newTenant();
    const all = await api(`${T(owner.tenantId)}/settings`, { headers: owner.auth });
    expect(all.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/settings', all);
    expect(all.body.data.limits.max_users).toBe(50);
    expect(all.body.data.security.allow_self_registration).toBe(true);

    const patched = await api(`${T(owner.tenantId)}/settings/general`, json('PATCH', { settings: { timezone: 'America/New_York' } }, owner.auth));
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/tenants/{id}/settings/{category}', patched);
    expect(patched.body.data.settings).toMatchObject({ timezone: 'America/New_York', locale: 'en-US', time_format: '24h' });

    const bad = await api(`${T(owner.tenantId)}/settings/general`, json('PATCH', { settings: { timezone: 'UTC', extra: 1 } }, owner.auth));
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(Object.keys(bad.body.details.fields)).toEqual(expect.arrayContaining(['settings.timezone']));
    const badLimit = await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: -5 } }, owner.auth));
    expectError(badLimit, 400, 'VALIDATION_ERROR');
    const secret = await api(`${T(owner.tenantId)}/settings/integrations`, json('PATCH', { settings: { billing: { provider: 'stripe', enabled: true, config: { api_key: 'sk_live' } } } }, owner.auth));
    expectError(secret, 400, 'VALIDATION_ERROR');

    const hist = await api(`${T(owner.tenantId)}/settings/history`, { headers: { ...owner.auth } });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/settings/history', hist);
    expect(hist.body.data).toHaveLength(1); // invalid patches wrote nothing
    expect(hist.body.data[0]).toMatchObject({ category: 'general', settings_before: null, changed_by: owner.userId });
    expect(hist.body.data[0].settings_after.timezone).toBe('America/New_York');

    const reset = await api(`${T(owner.tenantId)}/settings/general/reset`, json('POST', { tenant_type: 'paid' }, owner.auth));
    expect(reset.status).toBe(200);
    expect(reset.body.data.settings.timezone).toBe('Europe/Zurich');
    const one = await api(`${T(owner.tenantId)}/settings/general`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/settings/{category}', one);
    expect(one.body.data.id).toBeTruthy();
    const overview = await api('/api/v1/secure/settings/', { headers: owner.auth });
    expect(overview.body.data).toMatchObject({ tenantId: owner.tenantId, type: 'trial', general: { timezone: 'Europe/Zurich' } });
    const rows = await withDb((db) => db.select().from(tenantSettingsHistory).where(eq(tenantSettingsHistory.tenantId, owner.tenantId)));
    expect(rows.map((r) => r.changeReason)).toContain('reset to paid defaults');
  });

  it('security settings are the sign-in rules: invitation-only stops self-registration', async () => {
    const owner = await newTenant();
    const res = await api(`${T(owner.tenantId)}/settings/security`, json('PATCH', { settings: { require_invitation: true } }, owner.auth));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.settings).toMatchObject({ require_invitation: true, allow_self_registration: false });
    const [t] = await withDb((db) => db.select({ a: tenants.authConfig }).from(tenants).where(eq(tenants.id, owner.tenantId)));
    expect(t!.a.requireInvitation).toBe(true);
    const reg = await api('/api/v1/public/auth/register-user', { method: 'POST', json: { email: `${unique('s-')}@example.test`, password: 'long enough password', tenantId: owner.tenantId } });
    expect(reg.status).toBe(403);
    const badDefault = await api(`${T(owner.tenantId)}/settings/security`, json('PATCH', { settings: { default_oauth_redirect_url: 'https://x.example/cb' } }, owner.auth));
    expectError(badDefault, 400, 'VALIDATION_ERROR');
  });

  it('security.allowed_cors_origins restricts which browser origins may read the tenant\'s responses', async () => {
    const owner = await newTenant();
    const call = (origin: string) => api('/api/v1/secure/groups', { headers: { ...owner.auth, origin } });
    expect((await call('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
    const set = await api(`${T(owner.tenantId)}/settings/security`, json('PATCH', { settings: { allowed_cors_origins: ['https://app.example'] } }, owner.auth));
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.settings.allowed_cors_origins).toEqual(['https://app.example']);
    const allowed = await call('https://app.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await call('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')?.toLowerCase()).toContain('origin');
    // Another tenant keeps the platform's rule.
    const b = await newTenant();
    expect((await api('/api/v1/secure/groups', { headers: { ...b.auth, origin: 'https://elsewhere.example' } })).headers.get('access-control-allow-origin')).toBe('https://elsewhere.example');
  });

  it('limits are enforced when users are created (-1 unlimited)', async () => {
    const owner = await newTenant();
    const set = await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: 2 } }, owner.auth));
    expect(set.status).toBe(200);
    const create = (n: string) => api('/api/v1/secure/users/', json('POST', { email: `${unique(n)}@example.test`, password: 'long enough password' }, owner.auth));
    expect((await create('q1-')).status).toBe(201);
    const over = await create('q2-');
    expectError(over, 422, 'UNPROCESSABLE_ENTITY');
    expect(over.body.details).toMatchObject({ reason: 'QUOTA_EXCEEDED', resource: 'users', limit: 2, current: 2 });
    const warn = await api(`${T(owner.tenantId)}/metrics/quota-warnings`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/metrics/quota-warnings', warn);
    expect(warn.body.data.warnings).toEqual([{ resource: 'users', current: 2, limit: 2, percentage: 100, threshold: 80, exceeded: true }]);
    await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: -1 } }, owner.auth));
    expect((await create('q3-')).status).toBe(201);
  });

  it('the users quota holds for file imports (dry run too) and for accepting invitations', async () => {
    const owner = await newTenant();
    // Two invitations while a seat is free: only the first acceptance takes it.
    await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: 2 } }, owner.auth));
    const codes: string[] = [];
    for (const n of ['i1-', 'i2-']) {
      const inv = await api('/api/v1/secure/invitations', json('POST', { recipient_email: `${unique(n)}@example.test` }, owner.auth));
      expect(inv.status, JSON.stringify(inv.body)).toBe(201);
      codes.push(inv.body.data.full_code);
    }
    const accept = (code: string) => api('/api/v1/public/invitations/accept', { method: 'POST', json: { code, password: 'long enough password' } });
    expect((await accept(codes[0]!)).status).toBe(201);
    const refused = await accept(codes[1]!);
    expectError(refused, 422, 'UNPROCESSABLE_ENTITY');
    expect(refused.body.details).toMatchObject({ reason: 'QUOTA_EXCEEDED', resource: 'users', limit: 2, current: 2 });
    const members = () => withDb(async (db) => (await db.select().from(memberships).where(eq(memberships.tenantId, owner.tenantId))).length);
    expect(await members()).toBe(2);

    // An import that would pass the quota writes nothing, and its dry run says so the same way.
    await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: 3 } }, owner.auth));
    const file = `email\n${unique('f1-')}@example.test\n${unique('f2-')}@example.test\n`;
    const upload = (options: unknown) => {
      const form = new FormData();
      form.append('file', new File([file], 'users.csv', { type: 'text/csv' }));
      form.append('options', JSON.stringify(options));
      return api('/api/v1/secure/users/import', { method: 'POST', headers: owner.auth, body: form });
    };
    for (const dryRun of [true, false]) {
      const res = await upload({ dryRun });
      expectError(res, 422, 'UNPROCESSABLE_ENTITY');
      expect(res.body.details).toMatchObject({ reason: 'QUOTA_EXCEEDED', resource: 'users', limit: 3, current: 2 });
    }
    expect(await members()).toBe(2);
    await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_users: 4 } }, owner.auth));
    const ok = await upload({});
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data.stats.created).toBe(2);
    expect(await members()).toBe(4);
  });

  it('answers 404 for another tenant, 401 without credentials, 403 for members writing', async () => {
    const a = await newTenant();
    const b = await newTenant();
    expectError(await api(`${T(b.tenantId)}/settings`, { headers: a.auth }), 404);
    expectError(await api(`${T(b.tenantId)}/settings/general`, json('PATCH', { settings: { time_format: '12h' } }, a.auth)), 404);
    expectError(await api(`${T(a.tenantId)}/settings`), 401);
    const member = await addMember(a.tenantId, 'member');
    expectError(await api(`${T(a.tenantId)}/settings/general`, json('PATCH', { settings: { time_format: '12h' } }, member.auth)), 403);
    // A platform administrator may work on any tenant.
    const admin = await newTenant();
    await makeSystemAdmin(admin.userId);
    const fresh = await signIn(admin.email, admin.password);
    const res = await api(`${T(b.tenantId)}/settings/limits`, { headers: fresh.auth });
    expect(res.status).toBe(200);
    expect(res.body.data.tenantId).toBe(b.tenantId);
  });
});

describe('tenant rate limits', () => {
  it('a limit set through the API is enforced on the next requests, with 429 and RateLimit headers', async () => {
    const owner = await newTenant();
    const created = await api(`${T(owner.tenantId)}/rate-limits`, json('POST', { endpoint_pattern: '/api/v1/secure/groups*', max_requests: 3, window_seconds: 3600, scope_type: 'per_user' }, owner.auth));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectReferenceShape('POST', '/api/v1/secure/tenants/{id}/rate-limits', created);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await api('/api/v1/secure/groups', { headers: owner.auth });
      statuses.push(last.status);
      if (i === 0) expect(last.headers.get('ratelimit-remaining')).toBe('2');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expectError(last!, 429, 'TOO_MANY_REQUESTS');
    expect(last!.body.details.reason).toBe('RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit-limit')).toBe('3');
    // Another user of the tenant has their own count; other routes are not limited.
    const member = await addMember(owner.tenantId, 'admin');
    expect((await api('/api/v1/secure/groups', { headers: member.auth })).status).toBe(200);
    expect((await api(`${T(owner.tenantId)}/rate-limits`, { headers: owner.auth })).status).toBe(200);
    // Disabling it lifts the limit at once.
    const off = await api(`${T(owner.tenantId)}/rate-limits/${created.body.data.id}`, json('PATCH', { enabled: false }, owner.auth));
    expect(off.status).toBe(200);
    expect((await api('/api/v1/secure/groups', { headers: owner.auth })).status).toBe(200);
  });

  it('the daily API quota (limits.max_api_calls_per_day) refuses calls once used up, with no database write per call', async () => {
    const owner = await newTenant();
    const set = await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_api_calls_per_day: 6 } }, owner.auth));
    expect(set.status).toBe(200);
    const statuses: number[] = [];
    let refused;
    for (let i = 0; i < 12 && !refused; i++) {
      const res = await api('/api/v1/secure/groups', { headers: owner.auth });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    // Isolates learn the day's total at their flush: the quota may be passed by what one flush missed.
    expect(refused, statuses.join(',')).toBeDefined();
    expect(statuses.filter((x) => x === 200).length).toBeLessThanOrEqual(6);
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(3);
    expectError(refused!, 429, 'TOO_MANY_REQUESTS');
    expect(refused!.body.details).toMatchObject({ reason: 'DAILY_QUOTA_EXCEEDED', limit: 6 });
    const retry = Number(refused!.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(86_400);
    // Every route of the tenant is refused, whoever calls; another tenant is not.
    const member = await addMember(owner.tenantId, 'admin');
    expectError(await api(`${T(owner.tenantId)}/settings`, { headers: member.auth }), 429);
    expect((await api('/api/v1/secure/groups', { headers: (await newTenant()).auth })).status).toBe(200);
    // A platform administrator raises the quota; the tenant is served again.
    const admin = await newTenant();
    await makeSystemAdmin(admin.userId);
    const fresh = await signIn(admin.email, admin.password);
    expect((await api(`${T(owner.tenantId)}/settings/limits`, json('PATCH', { settings: { max_api_calls_per_day: -1 } }, fresh.auth))).status).toBe(200);
    expect((await api('/api/v1/secure/groups', { headers: owner.auth })).status).toBe(200);
  });

  it('public calls naming the tenant get its per-IP limits, and are not held to its daily quota', async () => {
    const owner = await newTenant();
    const created = await api(`${T(owner.tenantId)}/rate-limits`, json('POST', { endpoint_pattern: '/public/invitations/validate', max_requests: 2, window_seconds: 3600, scope_type: 'per_ip' }, owner.auth));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const validate = (headers: Record<string, string>) => api('/api/v1/public/invitations/validate', { method: 'POST', headers: { 'cf-connecting-ip': '100.64.9.77', ...headers }, json: { code: 'NOSUCHCODE000000' } });
    const named = { 'x-tenant-id': owner.tenantId };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await validate(named)).status);
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
    // Another IP has its own count; a call naming no tenant is not this tenant's.
    expect((await validate({ ...named, 'cf-connecting-ip': '100.64.9.78' })).status).not.toBe(429);
    expect((await validate({})).status).not.toBe(429);
  });

  it('lists, reads, validates, deletes, and hides other tenants', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const bad = await api(`${T(owner.tenantId)}/rate-limits`, json('POST', { endpoint_pattern: 'no-slash', max_requests: 0, window_seconds: 1.5, scope_type: 'per_ip' }, owner.auth));
    expectError(bad, 400, 'VALIDATION_ERROR');
    const c = await api(`${T(owner.tenantId)}/rate-limits`, json('POST', { endpoint_pattern: '*', max_requests: 1000, window_seconds: 60, scope_type: 'per_tenant' }, owner.auth));
    const id = c.body.data.id;
    const list = await api(`${T(owner.tenantId)}/rate-limits`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/rate-limits', list);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(list.headers.get('ratelimit-policy')).toBe('1000;w=60');
    expectError(await api(`${T(other.tenantId)}/rate-limits/${id}`, { headers: other.auth }), 404);
    expectError(await api(`${T(owner.tenantId)}/rate-limits/${id}`, { headers: other.auth }), 404);
    expectError(await api(`${T(owner.tenantId)}/rate-limits/${id}`, json('PATCH', {}, owner.auth)), 400);
    const got = await api(`${T(owner.tenantId)}/rate-limits/${id}`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/rate-limits/{limitId}', got);
    expect((await api(`${T(owner.tenantId)}/rate-limits/${id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    const rows = await withDb((db) => db.select().from(tenantRateLimits).where(eq(tenantRateLimits.tenantId, owner.tenantId)));
    expect(rows).toEqual([]);
  });
});

describe('tenant features', () => {
  it('lists the catalog state, disabling a feature switches its routes off, dependencies are checked', async () => {
    const owner = await newTenant();
    const list = await api('/api/v1/secure/features/', { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/features/', list);
    expect(list.body.data.find((f: { feature_key: string }) => f.feature_key === 'groups').enabled).toBe(true);
    expect((await api('/api/v1/secure/groups', { headers: owner.auth })).status).toBe(200);

    const off = await api('/api/v1/secure/features/groups', json('PATCH', { enabled: false, changed_reason: 'not used' }, owner.auth));
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/features/{key}', off);
    const guarded = await api('/api/v1/secure/groups', { headers: owner.auth });
    expectError(guarded, 403, 'FORBIDDEN');
    expect(guarded.body.details).toMatchObject({ reason: 'FEATURE_DISABLED', feature: 'groups' });
    // Another tenant keeps it.
    const other = await newTenant();
    expect((await api('/api/v1/secure/groups', { headers: other.auth })).status).toBe(200);

    const dep = await api('/api/v1/secure/features/api_keys', json('PATCH', { enabled: false }, owner.auth));
    expectError(dep, 422);
    expect(dep.body.details.reason).toBe('REQUIRED_BY');
    const bulk = await api('/api/v1/secure/features/bulk', json('POST', { updates: [{ feature_key: 'api_keys', enabled: false }, { feature_key: 'app_accounts', enabled: false }, { feature_key: 'groups', enabled: true }] }, owner.auth));
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/features/bulk', bulk);
    expect((await api('/api/v1/secure/groups', { headers: owner.auth })).status).toBe(200);
    const needs = await api('/api/v1/secure/features/app_accounts', json('PATCH', { enabled: true }, owner.auth));
    expect(needs.body.details.reason).toBe('DEPENDENCY_DISABLED');
    const premium = await api('/api/v1/secure/features/webhooks', json('PATCH', { enabled: true }, owner.auth));
    expectError(premium, 403);
    expect(premium.body.details.reason).toBe('PLAN_REQUIRED');
    expectError(await api('/api/v1/secure/features/nope', { headers: owner.auth }), 404);
    expectError(await api('/api/v1/secure/features/bulk', json('POST', { updates: [{ feature_key: 'Bad-Key', enabled: true }] }, owner.auth)), 400);
    expectError(await api('/api/v1/secure/features/catalog', { headers: owner.auth }), 403);
    const member = await addMember(owner.tenantId, 'member');
    expectError(await api('/api/v1/secure/features/groups', json('PATCH', { enabled: false }, member.auth)), 403);
    expectError(await api('/api/v1/secure/features/'), 401);
  });
});

describe('tenant metrics', () => {
  it('the scheduled job writes daily and monthly rows with users and counted API calls', async () => {
    const owner = await newTenant();
    await addMember(owner.tenantId, 'member');
    for (let i = 0; i < 3; i++) expect((await api('/api/v1/secure/groups', { headers: owner.auth })).status).toBe(200);
    await scheduled(createScheduledController({ cron: '5 * * * *', scheduledTime: Date.now() }), env as Env);
    const [d] = await withDb((db) => db.select().from(tenantMetricsDaily).where(eq(tenantMetricsDaily.tenantId, owner.tenantId)));
    expect(d).toMatchObject({ usersTotal: 2, spacesTotal: 0, storageBytes: 0 });
    expect(d!.usersActive).toBeGreaterThanOrEqual(1);
    expect(d!.apiCalls).toBeGreaterThanOrEqual(3);
    const [m] = await withDb((db) => db.select().from(tenantMetricsMonthly).where(eq(tenantMetricsMonthly.tenantId, owner.tenantId)));
    expect(m).toMatchObject({ usersPeak: 2, usersAverage: 2 });

    const daily = await api(`${T(owner.tenantId)}/metrics/daily?days=7`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/metrics/daily', daily);
    expect(daily.body.data[0].users.total).toBe(2);
    const monthly = await api(`${T(owner.tenantId)}/metrics/monthly`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/metrics/monthly', monthly);
    const snap = await api(`${T(owner.tenantId)}/metrics/snapshot`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/metrics/snapshot', snap);
    expect(snap.body.data.users.total).toBe(2);
    expect(snap.headers.get('server-timing')).toMatch(/desc="\d+ queries in 1 round trips?"/);
    expectError(await api(`${T(owner.tenantId)}/metrics/daily?days=91`, { headers: owner.auth }), 400);
    const other = await newTenant();
    expectError(await api(`${T(owner.tenantId)}/metrics/snapshot`, { headers: other.auth }), 404);
  });
});
