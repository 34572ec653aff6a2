// The first platform administrator comes from `npm run admin:create` (scripts/lib/system-admin.ts);
// the test setup runs the same code.
import { describe, expect, inject, it } from 'vitest';
import { api, expectError } from '../helpers/http';
import { newTenant, signIn } from '../helpers/identity';

describe('bootstrap system administrator', () => {
  it('signs in to the system tenant and reaches system routes that tenant owners cannot', async () => {
    const { email, password } = inject('systemAdmin');
    const admin = await signIn(email, password);
    const role = await api('/api/v1/secure/auth/tenant-role', { headers: admin.auth });
    expect(role.body.role).toBe('system_admin');
    const me = await api('/api/v1/secure/auth/me', { headers: admin.auth });
    expect(me.body.user).toMatchObject({ isSystemAdmin: true, tenantName: 'System' });
    expect((await api('/api/v1/system/security/config', { headers: admin.auth })).status).toBe(200);
    const owner = await newTenant();
    expectError(await api('/api/v1/system/security/config', { headers: owner.auth }), 403);
  });
});
