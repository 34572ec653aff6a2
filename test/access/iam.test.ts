import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, ROLE_PERMISSIONS } from '../../src/lib/permissions';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { addMember, makeSystemAdmin } from '../helpers/db';
import { newTenant, signIn } from '../helpers/identity';

const IAM = '/api/v1/secure/iam';

describe('IAM overview', () => {
  it('describes the caller and serves the permission catalog and role mapping', async () => {
    const owner = await newTenant();
    const m = await addMember(owner.tenantId, 'member');
    const g = await api('/api/v1/secure/groups/create', { method: 'POST', headers: owner.auth, json: { name: 'Audit', permissions: ['audit:read'] } });
    await api(`/api/v1/secure/groups/${g.body.data.id}/members`, { method: 'POST', headers: owner.auth, json: { userId: m.userId } });
    const res = await api(`${IAM}/`, { headers: m.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', `${IAM}/`, res);
    const d = res.body.data;
    expect(d).toMatchObject({ userId: m.userId, tenantId: owner.tenantId, email: m.email, isSystemAdmin: false, isTenantAdmin: false });
    expect(d.groups).toEqual([{ id: g.body.data.id, name: 'Audit', permissions: ['audit:read'] }]);
    expect(d.effectivePermissions).toEqual(ALL_PERMISSIONS.filter((p) => ROLE_PERMISSIONS.member.includes(p) || p === 'audit:read'));
    expect(d.permissionCatalog.map((e: { code: string }) => e.code)).toEqual(ALL_PERMISSIONS);
    expect(d.permissionCatalog).toContainEqual({ code: 'users:write', resource: 'users', action: 'write', description: expect.any(String), grantableByGroups: true });
    expect(d.permissionCatalog).toContainEqual(expect.objectContaining({ code: 'system:admin', grantableByGroups: false }));
    expect(d.rolePermissions.guest).toEqual([...ROLE_PERMISSIONS.guest]);
    const ownerView = await api(`${IAM}/`, { headers: owner.auth });
    expect(ownerView.body.data.isTenantAdmin).toBe(true);
    expectError(await api(`${IAM}/`), 401);
  });

  it('the OpenAPI document carries the catalog in the overview description', async () => {
    const doc = await api('/openapi.json');
    const desc: string = doc.body.paths['/api/v1/secure/iam/'].get.description;
    for (const code of ALL_PERMISSIONS) expect(desc).toContain(`\`${code}\``);
  });
});

describe('IAM can', () => {
  it('answers from tenant-level permissions', async () => {
    const owner = await newTenant();
    const guest = await addMember(owner.tenantId, 'guest');
    const can = async (auth: Record<string, string>, q: string) => {
      const r = await api(`${IAM}/can?${q}`, { headers: auth });
      expect(r.status).toBe(200);
      expectReferenceShape('GET', `${IAM}/can`, r);
      return r.body.allowed;
    };
    expect(await can(owner.auth, 'permission=users:write')).toBe(true);
    expect(await can(guest.auth, 'permission=users:write')).toBe(false);
    const space = (await api('/api/v1/secure/spaces/', { method: 'POST', headers: owner.auth, json: { name: 'Guest-readable' } })).body.data.id as string;
    expect(await can(guest.auth, `permission=spaces:read&spaceId=${space}`)).toBe(true);
    expect(await can(guest.auth, `permission=spaces:write&spaceId=${space}`)).toBe(false);
    expect(await can(guest.auth, 'action=write&entityType=resource')).toBe(false);
    expect(await can(owner.auth, 'action=write&entityType=space')).toBe(true);
    expect(await can(owner.auth, 'permission=system:admin')).toBe(false);
  });

  it('400 for unknown or missing codes and bad ids, 401 without credentials', async () => {
    const owner = await newTenant();
    const bad = await api(`${IAM}/can?permission=users:fly`, { headers: owner.auth });
    expectError(bad, 400, 'VALIDATION_ERROR');
    expect(bad.body.details.unknownPermissions).toEqual(['users:fly']);
    expectError(await api(`${IAM}/can`, { headers: owner.auth }), 400);
    expectError(await api(`${IAM}/can?permission=spaces:read&spaceId=x`, { headers: owner.auth }), 400);
    expectError(await api(`${IAM}/can?permission=users:read`), 401);
  });
});

describe('IAM me', () => {
  it('lists my permissions; a new tenant has no spaces or resources: the lists are empty', async () => {
    const owner = await newTenant();
    const guest = await addMember(owner.tenantId, 'guest');
    const perms = await api(`${IAM}/me/permissions`, { headers: guest.auth });
    expect(perms.status).toBe(200);
    expectReferenceShape('GET', `${IAM}/me/permissions`, perms);
    expect(perms.body.data).toEqual(ALL_PERMISSIONS.filter((p) => ROLE_PERMISSIONS.guest.includes(p)));
    for (const path of ['/me/spaces', '/me/spaces/manageable', '/me/resources/manageable']) {
      const res = await api(IAM + path, { headers: owner.auth });
      expect(res.status).toBe(200);
      expectReferenceShape('GET', IAM + path, res);
      expect(res.body).toEqual({ data: [] });
      expectError(await api(IAM + path), 401);
    }
    expectError(await api(`${IAM}/me/permissions`), 401);
  });

  it('a system administrator holds every code, system:admin included', async () => {
    const owner = await newTenant();
    await makeSystemAdmin(owner.userId);
    const again = await signIn(owner.email, owner.password);
    const res = await api(`${IAM}/me/permissions`, { headers: again.auth });
    expect(res.body.data).toEqual(ALL_PERMISSIONS);
    const o = await api(`${IAM}/`, { headers: again.auth });
    expect(o.body.data.isSystemAdmin).toBe(true);
  });
});
