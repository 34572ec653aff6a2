import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenantSecurityConfigs } from '../../src/db/schema/access';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant } from '../helpers/identity';

const CONFIG = '/api/v1/secure/security/config';
const CSRF = '/api/v1/secure/security/csrf-token';
const SECRET = 'test-only-secret-at-least-32-characters-long';

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function forgeCsrf(payload: object): Promise<string> {
  const p = b64url(new TextEncoder().encode(JSON.stringify(payload)));
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(`csrf-token:${SECRET}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${p}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(p))))}`;
}

describe('tenant security config', () => {
  it('returns the defaults, then the changes, scoped to the tenant', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const res = await api(CONFIG, { headers: t.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', CONFIG, res);
    expect(res.body.data).toMatchObject({ tenant_id: t.tenantId, cors_enabled: false, csrf_enabled: false, hsts_enabled: true, x_frame_options: 'SAMEORIGIN', updated_by: null });

    const patched = await api(CONFIG, {
      method: 'PATCH',
      headers: t.auth,
      json: { x_frame_options: 'DENY', referrer_policy: 'same-origin', cors_methods: ['get', 'POST'], csp_enabled: true, csp_policy: { 'default-src': ["'self'"], 'img-src': 'https:' } },
    });
    expect(patched.status).toBe(200);
    expectReferenceShape('PATCH', CONFIG, patched);
    expect(patched.body.data).toMatchObject({ x_frame_options: 'DENY', referrer_policy: 'same-origin', cors_methods: ['GET', 'POST'], hsts_enabled: true, updated_by: t.userId });

    const again = await api(CONFIG, { headers: t.auth });
    expect(again.body.data.x_frame_options).toBe('DENY');
    const theirs = await api(CONFIG, { headers: other.auth });
    expect(theirs.body.data.x_frame_options).toBe('SAMEORIGIN');
  });

  it('rejects invalid values with field details and writes nothing', async () => {
    const t = await newTenant();
    for (const [json, field] of [
      [{ cors_origins: ['not an origin'] }, 'cors_origins'],
      [{ cors_origins: ['https://a.example/path'] }, 'cors_origins'],
      [{ cors_methods: ['FETCH'] }, 'cors_methods'],
      [{ csrf_token_expiry: 5 }, 'csrf_token_expiry'],
      [{ hsts_max_age: -1 }, 'hsts_max_age'],
      [{ csrf_header_name: 'Bad Header' }, 'csrf_header_name'],
      [{ csp_policy: { 'default-src': "'self'; script-src *" } }, 'csp_policy'],
      [{ referrer_policy: 'everywhere' }, 'referrer_policy'],
      [{ x_frame_options: 'ALLOW' }, 'x_frame_options'],
      [{ unknown_field: true }, '(root)'], // strict body: unknown keys refused
    ] as const) {
      const res = await api(CONFIG, { method: 'PATCH', headers: t.auth, json });
      expectError(res, 400, 'VALIDATION_ERROR');
      expect(Object.keys(res.body.details.fields)).toContain(field);
    }
    expect(await withDb((db) => db.$count(tenantSecurityConfigs, eq(tenantSecurityConfigs.tenantId, t.tenantId)))).toBe(0);
  });

  it('refuses anonymous callers (401) and members without security permissions (403)', async () => {
    const t = await newTenant();
    const member = await addMember(t.tenantId, 'member');
    const manager = await addMember(t.tenantId, 'manager');
    expectError(await api(CONFIG), 401, 'UNAUTHORIZED');
    expectError(await api(CONFIG, { headers: { authorization: 'Bearer nope' } }), 401);
    expectError(await api(CONFIG, { method: 'PATCH', json: { csrf_enabled: true } }), 401);
    expectError(await api(CONFIG, { headers: member.auth }), 403, 'FORBIDDEN');
    expectError(await api(CONFIG, { headers: manager.auth }), 403);
    expectError(await api(CONFIG, { method: 'PATCH', headers: manager.auth, json: { csrf_enabled: true } }), 403);
    expect(await withDb((db) => db.$count(tenantSecurityConfigs, eq(tenantSecurityConfigs.tenantId, t.tenantId)))).toBe(0);
    const admin = await addMember(t.tenantId, 'admin');
    expect((await api(CONFIG, { method: 'PATCH', headers: admin.auth, json: { hsts_preload: true } })).status).toBe(200);
  });
});

describe('the policy is applied to the tenant\'s responses', () => {
  it('sets HSTS, CSP, frame, content-type, XSS and referrer headers for this tenant only', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const before = await api('/api/v1/secure/auth/me', { headers: t.auth });
    expect(before.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(before.headers.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains');
    expect(before.headers.get('content-security-policy')).toBeNull();

    await api(CONFIG, {
      method: 'PATCH',
      headers: t.auth,
      json: {
        x_frame_options: 'DENY', referrer_policy: 'strict-origin', x_xss_protection: '1; mode=block', x_content_type_options: false,
        hsts_max_age: 31536000, hsts_preload: true, csp_enabled: true, csp_policy: { 'default-src': ["'self'"], 'img-src': ["'self'", 'https:'] },
      },
    });
    const after = await api('/api/v1/secure/auth/me', { headers: t.auth });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-frame-options')).toBe('DENY');
    expect(after.headers.get('referrer-policy')).toBe('strict-origin');
    expect(after.headers.get('x-xss-protection')).toBe('1; mode=block');
    expect(after.headers.get('x-content-type-options')).toBeNull();
    expect(after.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains; preload');
    expect(after.headers.get('content-security-policy')).toBe("default-src 'self'; img-src 'self' https:");
    // Error responses to the tenant's callers carry them too.
    const denied = await api('/api/v1/secure/audit-logs/?limit=0', { headers: t.auth });
    expectError(denied, 400);
    expect(denied.headers.get('x-frame-options')).toBe('DENY');

    await api(CONFIG, { method: 'PATCH', headers: t.auth, json: { hsts_enabled: false } });
    expect((await api('/api/v1/secure/auth/me', { headers: t.auth })).headers.get('strict-transport-security')).toBeNull();

    const theirs = await api('/api/v1/secure/auth/me', { headers: other.auth });
    expect(theirs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(theirs.headers.get('content-security-policy')).toBeNull();
    expect(theirs.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('restricts CORS to the tenant\'s origins and methods when enabled', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const call = (who: typeof t, origin: string, method = 'GET') =>
      api('/api/v1/secure/auth/me', { method, headers: { ...who.auth, origin }, ...(method === 'PATCH' ? { json: {} } : {}) });
    expect((await call(t, 'https://evil.example')).headers.get('access-control-allow-origin')).toBe('https://evil.example');

    await api(CONFIG, { method: 'PATCH', headers: t.auth, json: { cors_enabled: true, cors_origins: ['https://app.example'], cors_methods: ['GET'], cors_allow_credentials: false } });
    const good = await call(t, 'https://app.example');
    expect(good.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(good.headers.get('access-control-allow-credentials')).toBeNull();
    expect(good.headers.get('vary')).toMatch(/origin/i);
    expect((await call(t, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await call(t, 'https://app.example', 'PATCH')).headers.get('access-control-allow-origin')).toBeNull();
    // Other tenants keep the platform policy.
    expect((await call(other, 'https://evil.example')).headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });
});

describe('CSRF tokens', () => {
  const refreshByCookie = (refreshToken: string, headers: Record<string, string> = {}) =>
    api('/api/v1/public/auth/refresh', { method: 'POST', headers: { cookie: `refresh_token=${refreshToken}`, ...headers } });

  it('issues signed, expiring tokens (also as a cookie)', async () => {
    const t = await newTenant();
    const res = await api(CSRF, { method: 'POST', headers: t.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', CSRF, res);
    expect(res.body.data.token).toMatch(/^[\w-]+\.[\w-]+$/);
    const ttl = (Date.parse(res.body.data.expires_at) - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`csrf_token=${res.body.data.token.replace('.', '\\.')};.*SameSite=Strict`));
    expectError(await api(CSRF, { method: 'POST' }), 401);
  });

  it('requires a valid token on cookie-authenticated refreshes once the tenant enables CSRF', async () => {
    const t = await newTenant();
    // Disabled (the default): the cookie alone works.
    const plain = await refreshByCookie(t.refreshToken);
    expect(plain.status).toBe(200);
    let refreshToken: string = plain.body.refreshToken;
    const auth = { authorization: `Bearer ${plain.body.accessToken}` };

    await api(CONFIG, { method: 'PATCH', headers: auth, json: { csrf_enabled: true, csrf_header_name: 'X-XSRF', csrf_token_expiry: 120 } });
    const missing = await refreshByCookie(refreshToken);
    expectError(missing, 403, 'FORBIDDEN');
    expect(missing.body.details.reason).toBe('CSRF_TOKEN_MISSING');

    const issued = await api(CSRF, { method: 'POST', headers: auth });
    expect((Date.parse(issued.body.data.expires_at) - Date.now()) / 1000).toBeLessThanOrEqual(120);
    const token: string = issued.body.data.token;
    // The tenant's header name counts, not the default one.
    expectError(await refreshByCookie(refreshToken, { 'x-csrf-token': token }), 403);
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await refreshByCookie(refreshToken, { 'x-xsrf': tampered })).body.details.reason).toBe('CSRF_TOKEN_INVALID');
    // A token of another session (same tenant) does not fit.
    const member = await addMember(t.tenantId, 'member');
    const theirs = await api(CSRF, { method: 'POST', headers: member.auth });
    expectError(await refreshByCookie(refreshToken, { 'x-xsrf': theirs.body.data.token }), 403);
    // Expired (forged with the right key but a past expiry).
    const payload = JSON.parse(atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')));
    const expired = await forgeCsrf({ ...payload, exp: Math.floor(Date.now() / 1000) - 1 });
    expect((await refreshByCookie(refreshToken, { 'x-xsrf': expired })).body.details.reason).toBe('CSRF_TOKEN_EXPIRED');

    const ok = await refreshByCookie(refreshToken, { 'x-xsrf': token });
    expect(ok.status).toBe(200);
    refreshToken = ok.body.refreshToken;
    // The same token keeps working for the session across rotations until it expires.
    expect((await refreshByCookie(refreshToken, { 'x-xsrf': token })).status).toBe(200);
    // A refresh token in the body is not cookie-authenticated: no CSRF token needed.
    const body = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: member.refreshToken } });
    expect(body.status).toBe(200);
  });
});
