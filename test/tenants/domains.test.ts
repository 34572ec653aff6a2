// Both custom domain APIs: the caller's tenant (/secure/tenant-domains) and a named tenant
// (/secure/tenants/{id}/domains): CRUD, instructions, input errors, uniqueness, other tenants,
// platform-managed fields and the OAuth redirect URIs of verified domains.
import { inject, describe, expect, it } from 'vitest';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { addMember } from '../helpers/db';
import { newTenant, signIn } from '../helpers/identity';
import { CNAME_TARGET, createDomain, dnsRecord, hostname, trips, verify } from './domains.helpers';

const base = '/api/v1/secure/tenant-domains';

describe('tenant domains of the caller’s tenant', () => {
  it('create, list, get, patch, instructions and delete', { timeout: 60_000 }, async () => {
    const owner = await newTenant();
    const domain = hostname();
    const created = await api(`${base}/`, { method: 'POST', headers: owner.auth, json: { domain, domain_type: 'api', settings: { note: 'x' } } });
    expect(created.status).toBe(201);
    expectReferenceShape('POST', `${base}/`, created);
    const d = created.body.data;
    expect(d).toMatchObject({ domain, tenantId: owner.tenantId, status: 'pending', verification_method: 'cname', ssl_status: 'none', verified_at: null, settings: { note: 'x' } });
    expect(d.verification_token).toMatch(/^[A-Za-z0-9]{32}$/);

    const list = await api(`${base}/`, { headers: owner.auth });
    expectReferenceShape('GET', `${base}/`, list);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect(trips(list)).toEqual({ roundTrips: 1, connect: 0 });

    const got = await api(`${base}/${d.id}`, { headers: owner.auth });
    expectReferenceShape('GET', `${base}/{id}`, got);
    expect(got.body.data).toEqual(d);
    expect(trips(got)).toEqual({ roundTrips: 1, connect: 0 });

    const patched = await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json: { verification_method: 'txt', settings: { a: 1 } } });
    expectReferenceShape('PATCH', `${base}/{id}`, patched);
    expect(patched.body.data).toMatchObject({ verification_method: 'txt', settings: { a: 1 }, verification_token: d.verification_token });

    const ins = await api(`${base}/${d.id}/verification-instructions`, { headers: owner.auth });
    expectReferenceShape('GET', `${base}/{id}/verification-instructions`, ins);
    expect(ins.body).toEqual({
      domain,
      domain_type: 'api',
      method: 'txt',
      instructions: {
        cname: { record_type: 'CNAME', name: domain, value: CNAME_TARGET, ttl: 3600 },
        txt: { record_type: 'TXT', name: `_pve-verification.${domain}`, value: d.verification_token },
        http: { url: `http://${domain}/.well-known/pve-domain-verification.txt`, content: d.verification_token },
      },
    });

    // Renaming starts over: new token.
    const renamed = await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json: { domain: hostname() } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data.verification_token).not.toBe(d.verification_token);

    expect((await api(`${base}/${d.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expectError(await api(`${base}/${d.id}`, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await api(`${base}/${d.id}`, { method: 'DELETE', headers: owner.auth }), 404);
  });

  it('refuses bad input with a 400 and writes nothing', async () => {
    const owner = await newTenant();
    for (const domain of ['Example.COM', 'https://x.example.test', 'x.example.test/path', '10.0.0.1', 'localhost', 'intranet', 'a.local', 'x'.repeat(256), 'a\u0000b.test', CNAME_TARGET, 'app.example.test']) {
      const res = await api(`${base}/`, { method: 'POST', headers: owner.auth, json: { domain, domain_type: 'api' } });
      expectError(res, 400);
    }
    expectError(await api(`${base}/`, { method: 'POST', headers: owner.auth, json: { domain: hostname(), domain_type: 'web' } }), 400);
    expectError(await api(`${base}/`, { method: 'POST', headers: owner.auth, json: { domain: hostname(), domain_type: 'api', extra: 1 } }), 400);
    expect((await api(`${base}/`, { headers: owner.auth })).body.data).toEqual([]);
    const d = await createDomain(owner.auth, { domain: hostname() });
    expectError(await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json: {} }), 400, 'VALIDATION_ERROR');
    expectError(await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json: { domain: '127.0.0.1' } }), 400);
    expectError(await api(`${base}/not-a-uuid`, { headers: owner.auth }), 400);
    expect((await api(`${base}/${d.id}`, { headers: owner.auth })).body.data.domain).toBe(d.domain);
  });

  it('needs credentials and tenant:write to change domains', async () => {
    expectError(await api(`${base}/`), 401);
    const owner = await newTenant();
    const d = await createDomain(owner.auth, { domain: hostname() });
    const member = await addMember(owner.tenantId, 'member');
    expect((await api(`${base}/${d.id}`, { headers: member.auth })).status).toBe(200);
    expectError(await api(`${base}/`, { method: 'POST', headers: member.auth, json: { domain: hostname(), domain_type: 'api' } }), 403);
    expectError(await api(`${base}/${d.id}/verify`, { method: 'POST', headers: member.auth }), 403);
    expectError(await api(`${base}/${d.id}`, { method: 'DELETE', headers: member.auth }), 403);
  });

  it('a domain belongs to one tenant: 409 across tenants, also when renaming', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const d = await createDomain(a.auth, { domain: hostname() });
    const dup = await api(`${base}/`, { method: 'POST', headers: b.auth, json: { domain: d.domain, domain_type: 'api' } });
    expectError(dup, 409, 'CONFLICT');
    expect(dup.body.details.reason).toBe('DOMAIN_TAKEN');
    // Two tenants racing for one name: one wins, the other gets 409 (never a 500).
    const name = hostname();
    const race = await Promise.all([a, b].map((t) => api(`${base}/`, { method: 'POST', headers: t.auth, json: { domain: name, domain_type: 'api' } })));
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const mine = await createDomain(b.auth, { domain: hostname() });
    const clash = await api(`${base}/${mine.id}`, { method: 'PATCH', headers: b.auth, json: { domain: d.domain } });
    expectError(clash, 409);
    expect((await api(`${base}/${mine.id}`, { headers: b.auth })).body.data.domain).toBe(mine.domain);
  });

  it('another tenant’s domain ids are 404 with no data', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const d = await createDomain(a.auth, { domain: hostname() });
    for (const [method, path] of [['GET', ''], ['PATCH', ''], ['DELETE', ''], ['GET', '/verification-instructions'], ['POST', '/verify']] as const) {
      const res = await api(`${base}/${d.id}${path}`, { method, headers: b.auth, ...(method === 'PATCH' && { json: { settings: { x: 1 } } }) });
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(d.domain);
    }
    expect((await api(`${base}/`, { headers: b.auth })).body.data).toEqual([]);
    expect((await api(`${base}/${d.id}`, { headers: a.auth })).body.data.settings).toEqual({});
  });

  it('a tenant cannot mark its own domain verified; a platform administrator can', async () => {
    const owner = await newTenant();
    const d = await createDomain(owner.auth, { domain: hostname() });
    for (const json of [{ status: 'verified' }, { status: 'verifying' }, { ssl_status: 'issued' }, { ssl_expires_at: '2030-01-01T00:00:00Z' }]) {
      const res = await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.details.reason).toBe('PLATFORM_MANAGED_FIELD');
    }
    expect((await api(`${base}/${d.id}`, { headers: owner.auth })).body.data.status).toBe('pending');
    expect((await api(`${base}/${d.id}`, { method: 'PATCH', headers: owner.auth, json: { status: 'pending' } })).status).toBe(200);

    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const adminPath = `/api/v1/secure/tenants/${owner.tenantId}/domains/${d.id}`;
    const set = await api(adminPath, { method: 'PATCH', headers: admin.auth, json: { status: 'verified', ssl_status: 'issued', ssl_issued_at: '2026-01-01T00:00:00Z' } });
    expect(set.status).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/tenants/{id}/domains/{domainId}', set);
    expect(set.body.data).toMatchObject({ status: 'verified', ssl_status: 'issued', ssl_issued_at: '2026-01-01T00:00:00.000Z' });
    expect(set.body.data.verified_at).not.toBeNull();
  });
});

describe('domains of a named tenant (/secure/tenants/{id}/domains)', () => {
  it('the tenant’s own admins and platform administrators; others get 404', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const root = `/api/v1/secure/tenants/${a.tenantId}/domains`;

    const created = await api(root, { method: 'POST', headers: a.auth, json: { domain: hostname(), domain_type: 'api', verification_method: 'http' } });
    expect(created.status).toBe(201);
    expectReferenceShape('POST', '/api/v1/secure/tenants/{id}/domains', created);
    const d = created.body.data;
    const byAdmin = await api(root, { method: 'POST', headers: admin.auth, json: { domain: hostname(), domain_type: 'api' } });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.data.tenantId).toBe(a.tenantId);

    const list = await api(root, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/domains', list);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([d.id, byAdmin.body.data.id]);
    expect(trips(list)).toEqual({ roundTrips: 1, connect: 0 });
    expect((await api(root, { headers: admin.auth })).body.data).toHaveLength(2);
    // The tenant-scoped API sees the same rows.
    expect((await api(`${base}/`, { headers: a.auth })).body.data).toHaveLength(2);

    const one = await api(`${root}/${d.id}`, { headers: admin.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/domains/{domainId}', one);
    const ins = await api(`${root}/${d.id}/verification-instructions`, { headers: a.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/domains/{domainId}/verification-instructions', ins);
    expect(ins.body.method).toBe('http');

    // Tenant B: neither the tenant nor its domains exist for it.
    for (const [method, path] of [['GET', ''], ['POST', ''], ['GET', `/${d.id}`], ['PATCH', `/${d.id}`], ['DELETE', `/${d.id}`], ['GET', `/${d.id}/verification-instructions`], ['POST', `/${d.id}/verify`]] as const) {
      const json = method === 'POST' && !path ? { domain: hostname(), domain_type: 'api' } : method === 'PATCH' ? { settings: { x: 1 } } : undefined;
      const res = await api(`${root}${path}`, { method, headers: b.auth, ...(json && { json }) });
      expectError(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(d.domain);
    }
    // A's domain under B's path is not found either.
    expectError(await api(`/api/v1/secure/tenants/${b.tenantId}/domains/${d.id}`, { headers: b.auth }), 404);
    expectError(await api(`/api/v1/secure/tenants/${crypto.randomUUID()}/domains`, { headers: admin.auth }), 404);
    expectError(await api(`/api/v1/secure/tenants/${crypto.randomUUID()}/domains`, { method: 'POST', headers: admin.auth, json: { domain: hostname(), domain_type: 'api' } }), 404);

    expect((await api(`${root}/${d.id}`, { method: 'DELETE', headers: admin.auth })).status).toBe(204);
    expect((await api(root, { headers: a.auth })).body.data).toHaveLength(1);
  });
});

describe('OAuth redirect URIs from verified domains', () => {
  it('lists https://{domain}/auth/v1/callback for verified domains only', async () => {
    const owner = await newTenant();
    const path = `/api/v1/secure/tenants/${owner.tenantId}/oauth-redirect-uris`;
    const empty = await api(path, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/oauth-redirect-uris', empty);
    expect(empty.body).toEqual({ data: { redirect_uris: [] } });

    const ok = await createDomain(owner.auth, { domain: hostname() });
    await createDomain(owner.auth, { domain: hostname() }); // stays pending
    await dnsRecord(ok.domain, 'CNAME', [CNAME_TARGET]);
    expect((await verify(owner.auth, ok.id)).body.verified).toBe(true);

    const res = await api(path, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}/oauth-redirect-uris', res);
    expect(res.body.data.redirect_uris).toEqual([`https://${ok.domain}/auth/v1/callback`]);
    expect(trips(res)).toEqual({ roundTrips: 1, connect: 0 });

    const other = await newTenant();
    expectError(await api(path, { headers: other.auth }), 404);
    expectError(await api(path), 401);
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    expect((await api(path, { headers: admin.auth })).body.data.redirect_uris).toHaveLength(1);
    expectError(await api(`/api/v1/secure/tenants/${crypto.randomUUID()}/oauth-redirect-uris`, { headers: admin.auth }), 404);
  });
});
