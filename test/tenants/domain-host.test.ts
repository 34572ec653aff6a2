// A verified custom domain names its tenant when a request arrives with it as its Host: the
// third way of finding the tenant besides `tenantId` and X-Tenant-ID (self-registration, OAuth
// provider offer and initiate, sign-in). Unverified domains and plain tenant domains do not.
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/http';
import { newTenant, unique } from '../helpers/identity';
import { addMember, withDb } from '../helpers/db';
import { memberships } from '../../src/db/schema/accounts';
import { CNAME_TARGET, createDomain, dnsRecord, hostname, verify, viaHost } from './domains.helpers';

async function verifiedDomain(auth: Record<string, string>) {
  const d = await createDomain(auth, { domain: hostname() });
  await dnsRecord(d.domain, 'CNAME', [CNAME_TARGET]);
  expect((await verify(auth, d.id)).body.verified).toBe(true);
  return d;
}

const member = () => ({ email: `${unique('h-')}@example.test`, password: 'host password 123', displayName: 'Host User' });

describe('tenant from the Host header', () => {
  it('self-registration joins the tenant of a verified domain, not of a pending one', { timeout: 60_000 }, async () => {
    const owner = await newTenant();
    const d = await verifiedDomain(owner.auth);
    const pending = await createDomain(owner.auth, { domain: hostname() });

    const res = await viaHost(d.domain, '/api/v1/public/auth/register-user', { method: 'POST', json: member() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.tenant.id).toBe(owner.tenantId);
    expect(res.body.user.tenantId).toBe(owner.tenantId);

    const refused = await viaHost(pending.domain, '/api/v1/public/auth/register-user', { method: 'POST', json: member() });
    expect(refused.status).toBe(404);
    // The Host header is case-insensitive.
    expect((await viaHost(d.domain.toUpperCase(), '/api/v1/public/auth/register-user', { method: 'POST', json: member() })).status).toBe(201);
    // An explicit tenantId still wins over the Host.
    const other = await newTenant();
    const explicit = await viaHost(d.domain, '/api/v1/public/auth/register-user', { method: 'POST', json: { ...member(), tenantId: other.tenantId } });
    expect(explicit.body.tenant.id).toBe(other.tenantId);
  });

  it('a tenant’s own domain name is not a Host mapping until verified as a custom domain', async () => {
    const owner = await newTenant();
    const d = await createDomain(owner.auth, { domain: hostname() });
    await dnsRecord(d.domain, 'CNAME', ['elsewhere.example.net']);
    expect((await verify(owner.auth, d.id)).body.verified).toBe(false);
    expect((await viaHost(d.domain, '/api/v1/public/auth/register-user', { method: 'POST', json: member() })).status).toBe(404);
  });

  it('deleting the domain stops the mapping at once', async () => {
    const owner = await newTenant();
    const d = await verifiedDomain(owner.auth);
    expect((await api(`/api/v1/secure/tenant-domains/${d.id}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect((await viaHost(d.domain, '/api/v1/public/auth/register-user', { method: 'POST', json: member() })).status).toBe(404);
  });

  it('OAuth providers answer with the Host tenant’s configuration', async () => {
    const owner = await newTenant();
    const d = await verifiedDomain(owner.auth);
    const res = await viaHost(d.domain, '/api/v1/public/auth/providers');
    expect(res.status).toBe(200);
    expect(res.body.tenantConfig).toMatchObject({ allowSelfRegistration: true });
    const platform = await viaHost(hostname(), '/api/v1/public/auth/providers');
    expect(platform.body.tenantConfig).toBeUndefined();
  });

  it('sign-in through a verified domain opens a session in that tenant when the user is a member', async () => {
    const home = await newTenant();
    const other = await newTenant();
    const d = await verifiedDomain(other.auth);
    const person = await addMember(home.tenantId, 'member');
    const login = (host: string) => viaHost(host, '/api/v1/public/auth/login', { method: 'POST', json: { email: person.email, password: person.password } });
    // Not a member of the Host's tenant: the default tenant, as without a mapped Host.
    expect((await login(d.domain)).body.user.tenantId).toBe(home.tenantId);
    // A member of both: the Host's tenant, though home is the default.
    await withDb((db) => db.insert(memberships).values({ userId: person.userId, tenantId: other.tenantId, role: 'member' }));
    expect((await api('/api/v1/public/auth/login', { method: 'POST', json: { email: person.email, password: person.password } })).body.user.tenantId).toBe(home.tenantId);
    const via = await login(d.domain);
    expect(via.status).toBe(200);
    expect(via.body.user.tenantId).toBe(other.tenantId);
  });
});
