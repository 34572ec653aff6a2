// The tenant lifecycle: every transition allowed and refused, the history, and the status enforced
// on the tenant's users, app accounts and API keys at once.
import { describe, expect, it } from 'vitest';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn } from '../helpers/identity';
import { adminTenant, apiKeyOf, lifecycle, systemAdmin } from './helpers';

const P = '/api/v1/secure/tenants/{id}/lifecycle';

describe('lifecycle transitions', () => {
  it('pending → activate → suspend → reactivate → suspend → archive, each recorded with actor and reason', { timeout: 60_000 }, async () => {
    const admin = await systemAdmin();
    const { id } = await adminTenant({ status: 'pending', type: 'trial' });
    const steps: [string, string][] = [
      ['activate', 'active'],
      ['suspend', 'inactive'],
      ['reactivate', 'active'],
      ['suspend', 'inactive'],
      ['archive', 'retired'],
    ];
    for (const [action, status] of steps) {
      const res = await lifecycle(id, action, { reason: `because ${action}` });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
      expectReferenceShape('POST', `${P}/${action}`, res);
      expect(res.body.data.status).toBe(status);
    }
    const hist = await api(`/api/v1/secure/tenants/${id}/lifecycle/history`, { headers: admin.auth });
    expect(hist.status).toBe(200);
    expectReferenceShape('GET', `${P}/history`, hist);
    expect(hist.body.data.map((h: any) => [h.action, h.from_status, h.to_status])).toEqual(
      [
        ['activate', 'pending', 'active'],
        ['suspend', 'active', 'inactive'],
        ['reactivate', 'inactive', 'active'],
        ['suspend', 'active', 'inactive'],
        ['archive', 'inactive', 'retired'],
      ].reverse(),
    );
    expect(hist.body.data[0]).toMatchObject({ performed_by: admin.userId, reason: 'because archive', tenantId: id });
  });

  it('activate from inactive; pending → trial type', async () => {
    const { id } = await adminTenant({ status: 'pending' });
    expect((await lifecycle(id, 'activate')).body.data).toMatchObject({ status: 'active', type: 'trial' });
    await lifecycle(id, 'suspend');
    expect((await lifecycle(id, 'activate')).body.data.status).toBe('active');
  });

  it('refuses every transition from a status the reference does not name (409 INVALID_TRANSITION), nothing changes', async () => {
    const refused: Record<string, string[]> = {
      pending: ['suspend', 'reactivate', 'archive'],
      active: ['activate', 'reactivate', 'archive'],
    };
    for (const [status, actions] of Object.entries(refused)) {
      const { id } = await adminTenant({ status });
      for (const action of actions) {
        const res = await lifecycle(id, action, { reason: 'x' });
        expectError(res, 409, 'CONFLICT');
        expect(res.body.details).toMatchObject({ reason: 'INVALID_TRANSITION', action, status });
      }
    }
    // retired: nothing moves any more
    const { id } = await adminTenant();
    await lifecycle(id, 'suspend');
    await lifecycle(id, 'archive');
    for (const action of ['activate', 'suspend', 'reactivate', 'archive']) expect((await lifecycle(id, action)).body.details.reason).toBe('INVALID_TRANSITION');
    expect((await lifecycle(id, 'upgrade', { target_type: 'paid' })).body.details.reason).toBe('TENANT_RETIRED');
    // inactive: suspend refused
    const t = await adminTenant();
    await lifecycle(t.id, 'suspend');
    expect((await lifecycle(t.id, 'suspend')).body.details.reason).toBe('INVALID_TRANSITION');
    const hist = await api(`/api/v1/secure/tenants/${t.id}/lifecycle/history`, { headers: (await systemAdmin()).auth });
    expect(hist.body.data).toHaveLength(1);
  });

  it('upgrade: trial → paid → enterprise; same or lower is 422 INVALID_UPGRADE', async () => {
    const { id } = await adminTenant({ type: 'trial' });
    expect((await lifecycle(id, 'upgrade', { target_type: 'paid', reason: 'signed' })).body.data.type).toBe('paid');
    const same = await lifecycle(id, 'upgrade', { target_type: 'paid' });
    expectError(same, 422, 'UNPROCESSABLE_ENTITY');
    expect(same.body.details).toMatchObject({ reason: 'INVALID_UPGRADE', type: 'paid' });
    expect((await lifecycle(id, 'upgrade', { target_type: 'enterprise' })).body.data.type).toBe('enterprise');
    expect((await lifecycle(id, 'upgrade', { target_type: 'paid' })).body.details.reason).toBe('INVALID_UPGRADE');
    expectError(await lifecycle(id, 'upgrade', { target_type: 'system' }), 400, 'VALIDATION_ERROR');
    const hist = await api(`/api/v1/secure/tenants/${id}/lifecycle/history`, { headers: (await systemAdmin()).auth });
    expect(hist.body.data[0]).toMatchObject({ action: 'upgrade', from_type: 'paid', to_type: 'enterprise' });
  });

  it('the system tenant cannot be suspended; a tenant owner may not run lifecycle actions; other tenants are 404', async () => {
    const admin = await systemAdmin();
    const sys = await lifecycle(admin.tenantId, 'suspend');
    expectError(sys, 409, 'CONFLICT');
    expect(sys.body.details.reason).toBe('SYSTEM_TENANT');
    const owner = await newTenant();
    const own = await lifecycle(owner.tenantId, 'suspend', {}, owner);
    expectError(own, 403, 'FORBIDDEN');
    expect(own.body.details.reason).toBe('SYSTEM_ADMIN_ONLY');
    const other = await adminTenant();
    expectError(await lifecycle(other.id, 'suspend', {}, owner), 404, 'NOT_FOUND');
    expectError(await api(`/api/v1/secure/tenants/${other.id}/lifecycle/history`, { headers: owner.auth }), 404, 'NOT_FOUND');
    expectError(await lifecycle(owner.tenantId, 'suspend', { reason: 'x'.repeat(501) }), 400, 'VALIDATION_ERROR');
    expectError(await api(`/api/v1/secure/tenants/${owner.tenantId}/lifecycle/suspend`, { method: 'POST' }), 401, 'UNAUTHORIZED');
    // the owner reads its own history
    expect((await api(`/api/v1/secure/tenants/${owner.tenantId}/lifecycle/history`, { headers: owner.auth })).status).toBe(200);
  });

  it('a plain PATCH cannot change the status except active ⇄ maintenance (platform administrators)', async () => {
    const admin = await systemAdmin();
    const { id, owner } = await adminTenant();
    const patch = (json: unknown, as = admin) => api(`/api/v1/secure/tenants/${id}`, { method: 'PATCH', headers: as.auth, json });
    const bypass = await patch({ status: 'inactive' });
    expectError(bypass, 409, 'CONFLICT');
    expect(bypass.body.details).toMatchObject({ reason: 'LIFECYCLE_ENDPOINT_REQUIRED', use: 'suspend' });
    expect((await patch({ status: 'retired' })).body.details.reason).toBe('INVALID_TRANSITION');
    const ownerIn = await signIn(owner.email, owner.password);
    expect((await patch({ status: 'maintenance' }, ownerIn)).status).toBe(403);
    expect((await patch({ status: 'maintenance' })).body.data.status).toBe('maintenance');
    expect((await patch({ status: 'active' })).body.data.status).toBe('active');
    const hist = await api(`/api/v1/secure/tenants/${id}/lifecycle/history`, { headers: admin.auth });
    expect(hist.body.data.map((h: any) => h.action)).toEqual(['maintenance_end', 'maintenance_start']);
  });
});

describe('status enforced on the next request', () => {
  it("a suspended tenant's token and API key are refused at once, and work again after reactivation", async () => {
    const { id, owner } = await adminTenant();
    const me = await signIn(owner.email, owner.password);
    const key = await apiKeyOf(me);
    expect((await api('/api/v1/secure/users/', { headers: me.auth })).status).toBe(200);
    expect((await api('/api/v1/secure/users/', { headers: { 'x-api-key': key } })).status).toBe(200);
    expect((await lifecycle(id, 'suspend')).status).toBe(200);
    for (const headers of [me.auth, { 'x-api-key': key }]) {
      const res = await api('/api/v1/secure/users/', { headers });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.details.reason).toBe('TENANT_SUSPENDED');
      expect((await api('/api/v1/secure/groups/create', { method: 'POST', headers, json: { name: 'x' } })).body.details.reason).toBe('TENANT_SUSPENDED');
    }
    await lifecycle(id, 'reactivate');
    expect((await api('/api/v1/secure/users/', { headers: me.auth })).status).toBe(200);
    expect((await api('/api/v1/secure/users/', { headers: { 'x-api-key': key } })).status).toBe(200);
  });

  it('a retired tenant is read-only: reads pass, mutations are refused (403 TENANT_RETIRED), sign-out still works', async () => {
    const admin = await systemAdmin();
    const { id, owner } = await adminTenant();
    const me = await signIn(owner.email, owner.password);
    const key = await apiKeyOf(me);
    await lifecycle(id, 'suspend');
    await lifecycle(id, 'archive');
    expect((await api('/api/v1/secure/users/', { headers: me.auth })).status).toBe(200);
    expect((await api('/api/v1/secure/users/', { headers: { 'x-api-key': key } })).status).toBe(200);
    for (const headers of [me.auth, { 'x-api-key': key }]) {
      const res = await api('/api/v1/secure/groups/create', { method: 'POST', headers, json: { name: 'not allowed' } });
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.details.reason).toBe('TENANT_RETIRED');
    }
    const patch = await api(`/api/v1/secure/tenants/${id}`, { method: 'PATCH', headers: admin.auth, json: { name: 'Renamed' } });
    expectError(patch, 409, 'CONFLICT');
    expect(patch.body.details.reason).toBe('TENANT_RETIRED');
    expect((await api('/api/v1/secure/auth/logout', { method: 'POST', headers: me.auth, json: {} })).status).toBeLessThan(300);
  });
});
