// Tenant administration: platform administrators list, create, change and delete every tenant; a
// tenant's owner sees and changes only their own.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, unique } from '../helpers/identity';
import { adminTenant, apiKeyOf, systemAdmin } from './helpers';

const ROOT = '/api/v1/secure/tenants/';

describe('tenants', () => {
  it('a platform administrator creates a tenant with its owner, who can sign in; reads and lists every tenant', { timeout: 60_000 }, async () => {
    const admin = await systemAdmin();
    const { id, owner, body } = await adminTenant({ type: 'paid', description: 'A tenant', contactEmail: 'ops@example.test', defaultLanguage: 'de', additionalLanguages: ['fr'] });
    expectReferenceShape('POST', '/api/v1/secure/tenants/', { status: 201, headers: new Headers(), body });
    expect(body.data).toMatchObject({ status: 'active', type: 'paid', default_language: 'de', additional_languages: ['fr'], contact_email: 'ops@example.test' });
    const me = await signIn(owner.email, owner.password);
    expect(me.tenantId).toBe(id);
    const got = await api(`${ROOT}${id}`, { headers: admin.auth });
    expect(got.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/secure/tenants/{id}', got);
    const list = await api(`${ROOT}?search=${encodeURIComponent(body.data.domain)}`, { headers: admin.auth });
    expectReferenceShape('GET', '/api/v1/secure/tenants/', list);
    expect(list.body.data.map((t: any) => t.id)).toEqual([id]);
    expect(list.body.pagination).toMatchObject({ total: 1, hasMore: false });
    const all = await api(`${ROOT}?limit=2`, { headers: admin.auth });
    expect(all.body.pagination.total).toBeGreaterThanOrEqual(2); // the system tenant and the new one at least: more than the caller's own
  });

  it('an owner lists and reads only their own tenant; other ids are 404; creating and deleting are for platform administrators', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const list = await api(ROOT, { headers: a.auth });
    expect(list.body.data.map((t: any) => t.id)).toEqual([a.tenantId]);
    expect((await api(`${ROOT}${a.tenantId}`, { headers: a.auth })).body.data.id).toBe(a.tenantId);
    const other = await api(`${ROOT}${b.tenantId}`, { headers: a.auth });
    expectError(other, 404, 'NOT_FOUND');
    expect(JSON.stringify(other.body)).not.toContain(b.email);
    expectError(await api(`${ROOT}${b.tenantId}`, { method: 'PATCH', headers: a.auth, json: { name: 'Mine now' } }), 404, 'NOT_FOUND');
    expectError(await api(`${ROOT}${b.tenantId}`, { method: 'DELETE', headers: a.auth }), 404, 'NOT_FOUND');
    const d = unique('x-');
    const create = await api(ROOT, { method: 'POST', headers: a.auth, json: { name: 'Nope', domain: d, ownerEmail: `${d}@example.test`, ownerPassword: 'password 123' } });
    expectError(create, 403, 'FORBIDDEN');
    expect((await withDb((db) => db.select().from(tenants).where(eq(tenants.domain, d))))).toEqual([]);
    expectError(await api(`${ROOT}${a.tenantId}`, { method: 'DELETE', headers: a.auth }), 403, 'FORBIDDEN');
    expectError(await api(ROOT), 401, 'UNAUTHORIZED');
    // members read, only owners/admins change; API keys have no tenant administration
    const member = await addMember(a.tenantId, 'member');
    expect((await api(`${ROOT}${a.tenantId}`, { headers: member.auth })).status).toBe(200);
    expectError(await api(`${ROOT}${a.tenantId}`, { method: 'PATCH', headers: member.auth, json: { name: 'Member' } }), 403);
    expectError(await api(ROOT, { headers: { 'x-api-key': await apiKeyOf(a) } }), 403);
  });

  it('an owner changes their tenant: name, domain, settings merge, languages (sync jobs)', async () => {
    const a = await newTenant();
    const res = await api(`${ROOT}${a.tenantId}`, {
      method: 'PATCH',
      headers: a.auth,
      json: { name: 'Renamed', domain: unique('dom-'), settings: { theme: 'dark' }, additional_languages: ['fr', 'it'], storage_distribution_strategy: 'distributed' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expectReferenceShape('PATCH', '/api/v1/secure/tenants/{id}', res);
    expect(res.body.data).toMatchObject({ name: 'Renamed', settings: { theme: 'dark' }, additional_languages: ['fr', 'it'] });
    const again = await api(`${ROOT}${a.tenantId}`, { method: 'PATCH', headers: a.auth, json: { settings: { locale: 'fr' } } });
    expect(again.body.data.settings).toEqual({ theme: 'dark', locale: 'fr' });
    const jobs = await api(`${ROOT}${a.tenantId}/language-sync/history?operation=add`, { headers: a.auth });
    expect(jobs.body.data.map((j: any) => j.language_code).sort()).toEqual(['fr', 'it']);
  });

  it('invalid input is 400 and writes nothing; a taken domain or email is 409', async () => {
    const admin = await systemAdmin();
    const a = await newTenant();
    const before = (await api(`${ROOT}${a.tenantId}`, { headers: a.auth })).body.data;
    for (const json of [{ name: 'x' }, { domain: 'Has Spaces' }, { additional_languages: ['english'] }, { status: 'gone' }, { unknown: 1 }, { name: 'a\u0000b' }, { name: 'x'.repeat(300) }]) {
      const res = await api(`${ROOT}${a.tenantId}`, { method: 'PATCH', headers: a.auth, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
    }
    expectError(await api(`${ROOT}not-a-uuid`, { headers: a.auth }), 400, 'VALIDATION_ERROR');
    expect((await api(`${ROOT}${a.tenantId}`, { headers: a.auth })).body.data).toEqual(before);
    const sameLang = await api(`${ROOT}${a.tenantId}`, { method: 'PATCH', headers: a.auth, json: { additional_languages: ['en'] } });
    expectError(sameLang, 400, 'VALIDATION_ERROR');
    const { body, owner } = await adminTenant();
    const dupDomain = await api(ROOT, { method: 'POST', headers: admin.auth, json: { name: 'Dup', domain: body.data.domain, ownerEmail: `${unique('o-')}@example.test`, ownerPassword: 'password 123' } });
    expectError(dupDomain, 409, 'CONFLICT');
    const dupEmail = await api(ROOT, { method: 'POST', headers: admin.auth, json: { name: 'Dup', domain: unique('d-'), ownerEmail: owner.email, ownerPassword: 'password 123' } });
    expectError(dupEmail, 409, 'CONFLICT');
    const badStatus = await api(ROOT, { method: 'POST', headers: admin.auth, json: { name: 'Dup', domain: unique('d-'), ownerEmail: `${unique('o-')}@example.test`, ownerPassword: 'password 123', status: 'retired' } });
    expectError(badStatus, 422, 'UNPROCESSABLE_ENTITY');
    expectError(await api(ROOT, { method: 'POST', headers: admin.auth, json: { name: 'No owner', domain: unique('d-') } }), 400, 'VALIDATION_ERROR');
  });

  it('deleting a tenant hides it and refuses its users at once; the system tenant cannot be deleted', async () => {
    const admin = await systemAdmin();
    const { id, owner } = await adminTenant();
    const me = await signIn(owner.email, owner.password);
    const del = await api(`${ROOT}${id}`, { method: 'DELETE', headers: admin.auth });
    expect(del.status).toBe(204);
    expectError(await api(`${ROOT}${id}`, { headers: admin.auth }), 404, 'NOT_FOUND');
    const refused = await api('/api/v1/secure/users/', { headers: me.auth });
    expectError(refused, 403, 'FORBIDDEN');
    expect(refused.body.details.reason).toBe('TENANT_DELETED');
    const sys = await api(`${ROOT}${admin.tenantId}`, { method: 'DELETE', headers: admin.auth });
    expectError(sys, 409, 'CONFLICT');
  });
});
