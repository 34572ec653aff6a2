// Hostile input: NUL characters, parallel duplicates and oversized strings get 4xx answers, never 500.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../src/db/schema/accounts';
import { withDb } from './helpers/db';
import { api, expectError, type ApiResponse } from './helpers/http';
import { newTenant, unique } from './helpers/identity';

const REGISTER = '/api/v1/public/auth/register';
const ME = '/api/v1/secure/auth/me';
const NUL = '\u0000';

const registration = (over: Record<string, unknown> = {}) => {
  const domain = unique('in-');
  return { email: `${domain}@example.test`, password: 'correct horse battery', tenantName: `Tenant ${domain}`, tenantDomain: domain, ...over };
};

function expectFieldRefused(res: ApiResponse, location: string, field: string) {
  expectError(res, 400, 'VALIDATION_ERROR');
  expect(res.body.details.location).toBe(location);
  expect(Object.keys(res.body.details.fields)).toEqual([field]);
}

describe('NUL characters', () => {
  it('are refused with 400 naming the field, in bodies, keys and query strings on every route', async () => {
    const owner = await newTenant();
    expectFieldRefused(await api(REGISTER, { method: 'POST', json: registration({ tenantName: `Evil${NUL}Corp` }) }), 'body', 'tenantName');
    expectFieldRefused(await api(ME, { method: 'PATCH', headers: owner.auth, json: { displayName: `Ann${NUL}` } }), 'body', 'displayName');
    expectFieldRefused(await api(ME, { method: 'PATCH', headers: owner.auth, json: { settings: { [`theme${NUL}`]: 'dark' } } }), 'body', 'settings.theme\\u0000');
    expectFieldRefused(await api(ME, { method: 'PATCH', headers: owner.auth, json: { settings: { tags: ['ok', `b${NUL}d`] } } }), 'body', 'settings.tags.1');
    expectFieldRefused(
      await api('/api/v1/secure/groups', { method: 'POST', headers: owner.auth, json: { name: `Group${NUL}`, permissions: [] } }),
      'body',
      'name',
    );
    expectFieldRefused(await api(`/api/v1/secure/users?search=a%00b`, { headers: owner.auth }), 'query', 'search');
    expectFieldRefused(await api(`/api/v1/public/countries/C%00H`), 'path', '(path)');
    // Nothing was written: the profile keeps its name.
    const me = await api(ME, { headers: owner.auth });
    expect(me.body.user.displayName).not.toContain(NUL);
  });
});

describe('parallel duplicates', () => {
  it('ten parallel sign-ups with one email: exactly one 201, the rest 409, none 500', async () => {
    const email = `${unique('race-')}@example.test`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(REGISTER, { method: 'POST', json: registration({ email }) })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    for (const r of answers.filter((a) => a.status === 409)) {
      expectError(r, 409, 'CONFLICT');
      expect(r.body.message).not.toMatch(/insert|select|users_email_key|params/i);
    }
  });

  it('ten parallel sign-ups with one tenant domain: exactly one 201, the rest 409', async () => {
    const tenantDomain = unique('race-d-');
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(REGISTER, { method: 'POST', json: registration({ tenantDomain }) })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
  });
});

describe('string maxima', () => {
  it('PATCH /secure/auth/me refuses a 100,000-character displayName and writes nothing', async () => {
    const owner = await newTenant();
    const res = await api(ME, { method: 'PATCH', headers: owner.auth, json: { displayName: 'x'.repeat(100_000) } });
    expectFieldRefused(res, 'body', 'displayName');
    const [row] = await withDb((db) => db.select({ displayName: users.displayName }).from(users).where(eq(users.id, owner.userId)));
    expect(row!.displayName ?? '').not.toContain('xxxx');
  });

  it('displayName has the same maximum (255) on register and on the profile', async () => {
    const owner = await newTenant();
    expectFieldRefused(await api(REGISTER, { method: 'POST', json: registration({ displayName: 'x'.repeat(256) }) }), 'body', 'displayName');
    expectFieldRefused(await api(ME, { method: 'PATCH', headers: owner.auth, json: { displayName: 'x'.repeat(256) } }), 'body', 'displayName');
    expect((await api(ME, { method: 'PATCH', headers: owner.auth, json: { displayName: 'x'.repeat(255) } })).status).toBe(200);
  });

  it('documents the maximum of every request string in the OpenAPI document', async () => {
    const doc = await api('/openapi.json');
    const patch = doc.body.paths['/api/v1/secure/auth/me'].patch.requestBody.content['application/json'].schema;
    const register = doc.body.paths['/api/v1/public/auth/register'].post.requestBody.content['application/json'].schema;
    expect(patch.properties.displayName.maxLength ?? patch.properties.displayName.anyOf?.[0]?.maxLength).toBe(255);
    expect(register.properties.displayName.maxLength).toBe(255);
    expect(register.properties.password.maxLength).toBeGreaterThan(0);
  });
});
