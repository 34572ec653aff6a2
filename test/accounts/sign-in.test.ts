import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique } from '../helpers/identity';

const SECRET = new TextEncoder().encode('test-only-secret-at-least-32-characters-long');

describe('register', () => {
  it('creates a tenant with its owner', async () => {
    const domain = unique('acme-');
    const res = await api('/api/v1/public/auth/register', {
      method: 'POST',
      json: { email: `${domain}@Example.test`, password: 'long enough pw', tenantName: 'Acme AG', tenantDomain: domain, displayName: 'Ann', locale: 'de' },
    });
    expect(res.status).toBe(201);
    expectReferenceShape('POST', '/api/v1/public/auth/register', res);
    expect(res.body.tenant).toMatchObject({ name: 'Acme AG', domain });
    expect(res.body.user.email).toBe(`${domain}@example.test`);
    const me = await signIn(`${domain}@example.test`, 'long enough pw');
    const profile = await api('/api/v1/secure/auth/me', { headers: me.auth });
    expect(profile.body.user).toMatchObject({ displayName: 'Ann', tenantName: 'Acme AG', locale: 'de', isTenantAdmin: true });
  });

  it('answers 409 for a taken email or domain', async () => {
    const owner = await newTenant();
    const again = await api('/api/v1/public/auth/register', {
      method: 'POST',
      json: { email: owner.email, password: 'long enough pw', tenantName: 'Other', tenantDomain: unique('o-') },
    });
    expectError(again, 409, 'CONFLICT');
    const domain = unique('d-');
    await api('/api/v1/public/auth/register', { method: 'POST', json: { email: `${domain}@example.test`, password: 'long enough pw', tenantName: 'One', tenantDomain: domain } });
    const taken = await api('/api/v1/public/auth/register', { method: 'POST', json: { email: `x${domain}@example.test`, password: 'long enough pw', tenantName: 'Two', tenantDomain: domain } });
    expectError(taken, 409, 'CONFLICT');
  });

  it('rejects invalid input and writes nothing', async () => {
    const domain = unique('bad-');
    const res = await api('/api/v1/public/auth/register', {
      method: 'POST',
      json: { email: `${domain}@example.test`, password: 'short', tenantName: 'X', tenantDomain: 'Not A Domain' },
    });
    expectError(res, 400, 'VALIDATION_ERROR');
    expect(Object.keys(res.body.details.fields).sort()).toEqual(['password', 'tenantDomain', 'tenantName']);
    const login = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: `${domain}@example.test`, password: 'short-but-ok' } });
    expectError(login, 401);
  });
});

describe('login', () => {
  it('returns tokens and the user in the tenant', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: owner.email.toUpperCase(), password: owner.password } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/auth/login', res);
    expect(res.body.user).toMatchObject({ id: owner.userId, tenantId: owner.tenantId, isTenantAdmin: true, isSystemAdmin: false });
    expect(res.body.user.permissions).toContain('users:write');
    expect(res.body.expiresIn).toBe(900);
    expect(res.headers.get('set-cookie')).toMatch(/refresh_token=rt_[^;]+;.*HttpOnly/i);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const owner = await newTenant();
    const wrong = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: owner.email, password: 'wrong password' } });
    const unknown = await api('/api/v1/public/auth/login', { method: 'POST', json: { email: `nobody-${owner.email}`, password: 'wrong password' } });
    expectError(wrong, 401, 'UNAUTHORIZED');
    expectError(unknown, 401, 'UNAUTHORIZED');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('throttles an account after repeated failures, across IPs, with Retry-After', async () => {
    const owner = await newTenant();
    for (let i = 0; i < 5; i++) {
      const r = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': `198.51.100.${i}` }, json: { email: owner.email, password: 'wrong password' } });
      expect(r.status).toBe(401);
    }
    const blocked = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': '198.51.100.99' }, json: { email: owner.email, password: owner.password } });
    expectError(blocked, 429, 'TOO_MANY_REQUESTS');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('lets a shared office address (NAT) through ten failed sign-ins of its people', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 10; i++) {
      expectError(await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: `${unique('typo')}@example.test`, password: 'wrong password' } }), 401);
    }
    const colleague = await newTenant();
    const ok = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: colleague.email, password: colleague.password } });
    expect(ok.status).toBe(200);
  });

  it('throttles an IP that guesses across accounts (LOGIN_IP_MAX_FAILURES, default 30)', async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 30; i++) {
      await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: `${unique('guess')}@example.test`, password: 'wrong password' } });
    }
    const owner = await newTenant();
    const blocked = await api('/api/v1/public/auth/login', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { email: owner.email, password: owner.password } });
    expectError(blocked, 429);
  });

  it('rejects a malformed body', async () => {
    expectError(await api('/api/v1/public/auth/login', { method: 'POST', json: { email: 'not-an-email', password: 'x' } }), 400, 'VALIDATION_ERROR');
  });
});

describe('refresh tokens', () => {
  it('rotate on every use; reusing a spent one revokes the whole session', async () => {
    const owner = await newTenant();
    const first = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: owner.refreshToken } });
    expect(first.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/public/auth/refresh', first);
    expect(first.body.refreshToken).not.toBe(owner.refreshToken);
    const reuse = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: owner.refreshToken } });
    expectError(reuse, 401);
    const next = await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: first.body.refreshToken } });
    expectError(next, 401);
    const me = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${first.body.accessToken}` } });
    expectError(me, 401);
  });

  it('refresh from the HttpOnly cookie', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/public/auth/refresh', { method: 'POST', headers: { cookie: `refresh_token=${owner.refreshToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toContain(res.body.refreshToken);
    expectError(await api('/api/v1/public/auth/refresh', { method: 'POST' }), 401);
    expectError(await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: 'rt_forged' } }), 401);
  });
});

describe('logout', () => {
  it('revokes the session server-side', async () => {
    const owner = await newTenant();
    const out = await api('/api/v1/secure/auth/logout', { method: 'POST', headers: owner.auth });
    expect(out.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/auth/logout', out);
    expect(out.headers.get('set-cookie')).toMatch(/refresh_token=;/);
    expectError(await api('/api/v1/secure/auth/me', { headers: owner.auth }), 401);
    expectError(await api('/api/v1/public/auth/refresh', { method: 'POST', json: { refreshToken: owner.refreshToken } }), 401);
  });
});

describe('access tokens', () => {
  const sign = (claims: Record<string, unknown>, opts: { aud?: string; exp?: string; secret?: Uint8Array } = {}) =>
    new SignJWT({ typ: 'access', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('edge-platform-api')
      .setAudience(opts.aud ?? 'edge-platform-api')
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.secret ?? SECRET);

  it('are refused when missing, tampered, unsigned, for another audience or expired', async () => {
    const owner = await newTenant();
    const claims = JSON.parse(atob(owner.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    const base = { sub: claims.sub, sid: claims.sid, tid: claims.tid };
    expect((await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${await sign(base)}` } })).status).toBe(200);

    expectError(await api('/api/v1/secure/auth/me'), 401, 'UNAUTHORIZED');
    const [h, p, s] = owner.accessToken.split('.');
    const tampered = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${tampered}` } }), 401);
    const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replace(/=+$/, '')}.${p}.`;
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${none}` } }), 401);
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${await sign(base, { aud: 'someone-else' })}` } }), 401);
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${await sign(base, { exp: '-1m' })}` } }), 401);
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${await sign(base, { secret: new TextEncoder().encode('x'.repeat(40)) })}` } }), 401);
  });

  it('are refused (401, not 500) when correctly signed but naming ids that are not UUIDs', async () => {
    const owner = await newTenant();
    const base = { sub: owner.userId, sid: JSON.parse(atob(owner.accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sid, tid: owner.tenantId };
    for (const bad of [{ sid: 'not-a-uuid' }, { sub: 'not-a-uuid' }, { sid: 42 }, { tid: "x' or 1=1" }]) {
      const res = await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${await sign({ ...base, ...bad })}` } });
      expectError(res, 401, 'UNAUTHORIZED');
    }
  });

  it('must be the whole Authorization header: anything after the token is refused', async () => {
    const owner = await newTenant();
    expect((await api('/api/v1/secure/auth/me', { headers: { authorization: `bearer ${owner.accessToken}` } })).status).toBe(200);
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer ${owner.accessToken} extra` } }), 401, 'UNAUTHORIZED');
    expectError(await api('/api/v1/secure/auth/me', { headers: { authorization: `Bearer` } }), 401, 'UNAUTHORIZED');
  });
});

describe('me', () => {
  it('reads and updates the profile', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/secure/auth/me', { headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/auth/me', res);
    const upd = await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: owner.auth, json: { displayName: 'Zed', locale: 'fr', settings: { theme: 'dark' } } });
    expect(upd.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/auth/me', upd);
    expect(upd.body.user).toMatchObject({ displayName: 'Zed', locale: 'fr', settings: { theme: 'dark' } });
  });

  it('rejects invalid updates and changes nothing', async () => {
    const owner = await newTenant();
    expectError(await api('/api/v1/secure/auth/me', { method: 'PATCH', headers: owner.auth, json: { displayName: 'Bad', locale: 'xx' } }), 400, 'VALIDATION_ERROR');
    const res = await api('/api/v1/secure/auth/me', { headers: owner.auth });
    expect(res.body.user.displayName).not.toBe('Bad');
  });
});

describe('test harness', () => {
  it('adds members with a role that limits their permissions', async () => {
    const { addMember } = await import('../helpers/db');
    const owner = await newTenant();
    const guest = await addMember(owner.tenantId, 'guest');
    const me = await api('/api/v1/secure/auth/me', { headers: guest.auth });
    expect(me.body.user).toMatchObject({ tenantId: owner.tenantId, isTenantAdmin: false });
    expect(me.body.user.permissions).not.toContain('users:write');
  });
});
