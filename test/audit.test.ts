// Every successful mutating request writes one audit entry in the same transaction as its change;
// a failed request writes neither. Every mutating route of the accounts and access areas writes
// exactly one entry that names what was done, by whom, in which tenant, to which resource (created
// entities included); public mutations are attributed to the account they identified.
import { env } from 'cloudflare:test';
import { and, desc, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { auditLogs } from '../src/db/schema/access';
import { users } from '../src/db/schema/accounts';
import { mfaMethods } from '../src/db/schema/accounts';
import type { Env } from '../src/env';
import { ApiError } from '../src/lib/errors';
import { userPrincipal } from '../src/middleware/auth';
import { api, type ApiResponse } from './helpers/http';
import { addMember, addMembership, makeSystemAdmin, withDb } from './helpers/db';
import { newTenant, signIn, unique, type SignedIn } from './helpers/identity';

const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;

describe('audit log', () => {
  it('records a successful change with actor, tenant, ip, user agent and request id', async () => {
    const owner = await newTenant();
    const res = await api('/api/v1/secure/auth/me', {
      method: 'PATCH',
      headers: { ...owner.auth, 'cf-connecting-ip': '192.0.2.7', 'user-agent': 'audit-test/1', 'x-request-id': 'audit-req-1' },
      json: { displayName: 'Audited' },
    });
    expect(res.status).toBe(200);
    const rows = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.requestId, 'audit-req-1')));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: owner.tenantId,
      actorType: 'user',
      actorId: owner.userId,
      action: 'PATCH /api/v1/secure/auth/me',
      ipAddress: '192.0.2.7',
      userAgent: 'audit-test/1',
    });
  });

  it('records registration as the new owner acting in the new tenant', async () => {
    const owner = await newTenant();
    const [row] = await withDb((db) =>
      db.select().from(auditLogs).where(and(eq(auditLogs.tenantId, owner.tenantId), eq(auditLogs.action, 'tenant.register'))),
    );
    expect(row).toMatchObject({ actorId: owner.userId, resourceType: 'tenant', resourceId: owner.tenantId });
  });

  it('rolls back the change and writes no entry when the request fails', async () => {
    const owner = await newTenant();
    const app = createApp();
    app.post('/api/v1/secure/test/fail-after-write', async (c) => {
      const p = await userPrincipal(c);
      const db = await c.var.db();
      await db.update(users).set({ displayName: 'should not stick' }).where(eq(users.id, p.userId));
      throw new ApiError('CONFLICT', 'changed my mind');
    });
    const res = await app.fetch(
      new Request('http://api.test/api/v1/secure/test/fail-after-write', { method: 'POST', headers: { ...owner.auth, 'x-request-id': 'audit-fail-1' } }),
      env as Env,
      ctx,
    );
    expect(res.status).toBe(409);
    const [u] = await withDb((db) => db.select({ name: users.displayName }).from(users).where(eq(users.id, owner.userId)));
    expect(u!.name).not.toBe('should not stick');
    const rows = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.requestId, 'audit-fail-1')).orderBy(desc(auditLogs.createdAt)));
    expect(rows).toHaveLength(0);
  });
});

type Auth = Record<string, string>;

interface Want {
  action: string;
  actorId: string;
  tenantId: string | null;
  resourceId: string | null;
  resourceType?: string;
  actorType?: string;
}

interface Call {
  res: ApiResponse;
  requestId: string;
}

async function call(method: string, path: string, auth: Auth = {}, json?: unknown): Promise<Call> {
  const requestId = unique('audit-');
  const res = await api(path, { method, headers: { ...auth, 'x-request-id': requestId }, json });
  return { res, requestId };
}

const random = () => Math.floor(Math.random() * 0xffff).toString(16);
const ipv6 = () => `2001:db8:${random()}:${random()}::1`;
const totpCode = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();

let owner: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  owner = await newTenant();
  admin = await newTenant();
  await makeSystemAdmin(admin.userId);
  admin = await signIn(admin.email, admin.password);
});

const created = async (method: string, path: string, json: unknown) => {
  const r = await api(path, { method, headers: owner.auth, json });
  if (r.status >= 300) throw new Error(`setup ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body.data?.id ?? r.body.id) as string;
};
const newGroup = () => created('POST', '/api/v1/secure/groups/create', { name: unique('g-') });
const newKey = () => created('POST', '/api/v1/secure/api-keys/', { name: unique('k-') });
const newApp = () => created('POST', '/api/v1/secure/app-accounts/', { name: 'App', email: `${unique('app-')}@example.test`, password: 'app account password 1' });
const newTask = () => created('POST', '/api/v1/secure/admin/flow-tasks/', { type: 'custom', name: unique('task-'), targetRoute: '/tour' });
const newInvite = async () => {
  const r = await api('/api/v1/secure/invitations/', { method: 'POST', headers: owner.auth, json: { recipient_email: `${unique('inv-')}@example.test` } });
  return r.body.data as { id: string; full_code: string };
};

const asOwner = (action: string, resourceId: string | null, resourceType?: string): Want => ({ action, actorId: owner.userId, tenantId: owner.tenantId, resourceId, resourceType });

type Case = { name: string; run: () => Promise<[Call, Want]> };

const cases: Case[] = [
  // Public mutations: attributed to the account the request identified.
  {
    name: 'register',
    run: async () => {
      const domain = unique('t-');
      const c = await call('POST', '/api/v1/public/auth/register', {}, { email: `${domain}@example.test`, password: 'correct horse battery', tenantName: `Tenant ${domain}`, tenantDomain: domain });
      return [c, { action: 'tenant.register', actorId: c.res.body.user.id, tenantId: c.res.body.tenant.id, resourceId: c.res.body.tenant.id, resourceType: 'tenant', actorType: 'user' }];
    },
  },
  {
    name: 'login',
    run: async () => {
      const c = await call('POST', '/api/v1/public/auth/login', {}, { email: owner.email, password: owner.password });
      return [c, { action: 'auth.login', actorId: owner.userId, tenantId: owner.tenantId, resourceId: owner.userId, resourceType: 'user', actorType: 'user' }];
    },
  },
  {
    name: 'refresh',
    run: async () => {
      const s = await signIn(owner.email, owner.password);
      const c = await call('POST', '/api/v1/public/auth/refresh', {}, { refreshToken: s.refreshToken });
      return [c, { action: 'auth.refresh', actorId: owner.userId, tenantId: owner.tenantId, resourceId: owner.userId, resourceType: 'user', actorType: 'user' }];
    },
  },
  {
    name: 'invitation accept',
    run: async () => {
      const inv = await newInvite();
      const c = await call('POST', '/api/v1/public/invitations/accept', {}, { code: inv.full_code, password: 'invited password 1' });
      return [c, { action: 'invitation.accept', actorId: c.res.body.user.id, tenantId: owner.tenantId, resourceId: inv.id, resourceType: 'invitation', actorType: 'user' }];
    },
  },
  // Groups
  {
    name: 'group create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/groups/create', owner.auth, { name: unique('g-') });
      return [c, asOwner('POST /api/v1/secure/groups/create', c.res.body.data.id)];
    },
  },
  {
    name: 'group update',
    run: async () => {
      const id = await newGroup();
      return [await call('PUT', `/api/v1/secure/groups/${id}`, owner.auth, { name: unique('g-') }), asOwner('PUT /api/v1/secure/groups/:id', id)];
    },
  },
  {
    name: 'group member add',
    run: async () => {
      const id = await newGroup();
      return [await call('POST', `/api/v1/secure/groups/${id}/members`, owner.auth, { userId: owner.userId }), asOwner('POST /api/v1/secure/groups/:id/members', id)];
    },
  },
  {
    name: 'group delete',
    run: async () => {
      const id = await newGroup();
      return [await call('DELETE', `/api/v1/secure/groups/${id}`, owner.auth), asOwner('DELETE /api/v1/secure/groups/:id', id)];
    },
  },
  // Users
  {
    name: 'user create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/users/', owner.auth, { email: `${unique('u-')}@example.test`, password: 'a fine password' });
      return [c, asOwner('POST /api/v1/secure/users/', c.res.body.data.id)];
    },
  },
  {
    name: 'user update',
    run: async () => {
      const m = await addMember(owner.tenantId);
      return [await call('PATCH', `/api/v1/secure/users/${m.userId}`, owner.auth, { firstName: 'Audited' }), asOwner('PATCH /api/v1/secure/users/:id', m.userId)];
    },
  },
  // API keys
  {
    name: 'api key create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/api-keys/', owner.auth, { name: unique('k-') });
      return [c, asOwner('POST /api/v1/secure/api-keys/', c.res.body.data.id)];
    },
  },
  {
    name: 'api key update',
    run: async () => {
      const id = await newKey();
      return [await call('PATCH', `/api/v1/secure/api-keys/${id}`, owner.auth, { name: unique('k-') }), asOwner('PATCH /api/v1/secure/api-keys/:id', id)];
    },
  },
  {
    name: 'api key rotate',
    run: async () => {
      const id = await newKey();
      return [await call('POST', `/api/v1/secure/api-keys/${id}/rotate`, owner.auth, {}), asOwner('POST /api/v1/secure/api-keys/:id/rotate', id)];
    },
  },
  {
    name: 'api key delete',
    run: async () => {
      const id = await newKey();
      return [await call('DELETE', `/api/v1/secure/api-keys/${id}`, owner.auth), asOwner('DELETE /api/v1/secure/api-keys/:id', id)];
    },
  },
  // App accounts
  {
    name: 'app account create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/app-accounts/', owner.auth, { name: 'App', email: `${unique('app-')}@example.test`, password: 'app account password 1' });
      return [c, asOwner('POST /api/v1/secure/app-accounts/', c.res.body.data.id)];
    },
  },
  {
    name: 'app account update',
    run: async () => {
      const id = await newApp();
      return [await call('PATCH', `/api/v1/secure/app-accounts/${id}`, owner.auth, { description: 'audited' }), asOwner('PATCH /api/v1/secure/app-accounts/:id', id)];
    },
  },
  {
    name: 'app account regenerate password',
    run: async () => {
      const id = await newApp();
      return [await call('POST', `/api/v1/secure/app-accounts/${id}/regenerate-password`, owner.auth), asOwner('POST /api/v1/secure/app-accounts/:id/regenerate-password', id)];
    },
  },
  {
    name: 'app account delete',
    run: async () => {
      const id = await newApp();
      return [await call('DELETE', `/api/v1/secure/app-accounts/${id}`, owner.auth), asOwner('DELETE /api/v1/secure/app-accounts/:id', id)];
    },
  },
  // Flow tasks
  {
    name: 'flow task create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/admin/flow-tasks/', owner.auth, { type: 'custom', name: unique('task-'), targetRoute: '/tour' });
      return [c, asOwner('POST /api/v1/secure/admin/flow-tasks/', c.res.body.id)];
    },
  },
  {
    name: 'flow task update',
    run: async () => {
      const id = await newTask();
      return [await call('PATCH', `/api/v1/secure/admin/flow-tasks/${id}`, owner.auth, { name: unique('task-') }), asOwner('PATCH /api/v1/secure/admin/flow-tasks/:id', id)];
    },
  },
  {
    name: 'flow task reset',
    run: async () => {
      const id = await newTask();
      return [await call('POST', `/api/v1/secure/admin/flow-tasks/${id}/reset`, owner.auth), asOwner('POST /api/v1/secure/admin/flow-tasks/:id/reset', id)];
    },
  },
  {
    name: 'flow task delete',
    run: async () => {
      const id = await newTask();
      return [await call('DELETE', `/api/v1/secure/admin/flow-tasks/${id}`, owner.auth), asOwner('DELETE /api/v1/secure/admin/flow-tasks/:id', id)];
    },
  },
  // Invitations (secure side)
  {
    name: 'invitation create',
    run: async () => {
      const c = await call('POST', '/api/v1/secure/invitations/', owner.auth, { recipient_email: `${unique('inv-')}@example.test` });
      return [c, asOwner('invitation.create', c.res.body.data.id, 'invitation')];
    },
  },
  {
    name: 'invitation revoke',
    run: async () => {
      const inv = await newInvite();
      return [await call('DELETE', `/api/v1/secure/invitations/${inv.id}`, owner.auth), asOwner('invitation.revoke', inv.id, 'invitation')];
    },
  },
  // Approvals and security policy
  {
    name: 'approval settings patch',
    run: async () => [
      await call('PATCH', '/api/v1/secure/tenant/approval-settings/space', owner.auth, { requires_approval: false }),
      asOwner('approval_settings.update', 'space', 'approval_settings'),
    ],
  },
  {
    name: 'tenant security policy patch',
    run: async () => [
      await call('PATCH', '/api/v1/secure/security/config', owner.auth, { hsts_preload: true }),
      asOwner('PATCH /api/v1/secure/security/config', owner.tenantId, 'tenant_security_config'),
    ],
  },
  {
    name: 'platform security config patch',
    run: async () => [
      await call('PATCH', '/api/v1/system/security/config', admin.auth, { cache_enabled: true }),
      { action: 'PATCH /api/v1/system/security/config', actorId: admin.userId, tenantId: admin.tenantId, resourceId: null },
    ],
  },
  {
    name: 'ip blacklist add',
    run: async () => {
      const c = await call('POST', '/api/v1/system/security/ip-blacklist', admin.auth, { ip_address: ipv6(), reason: 'audit test' });
      return [c, { action: 'POST /api/v1/system/security/ip-blacklist', actorId: admin.userId, tenantId: admin.tenantId, resourceId: c.res.body.data.id }];
    },
  },
  {
    name: 'ip blacklist remove',
    run: async () => {
      const r = await api('/api/v1/system/security/ip-blacklist', { method: 'POST', headers: admin.auth, json: { ip_address: ipv6(), reason: 'audit test' } });
      const id = r.body.data.id as string;
      return [
        await call('DELETE', `/api/v1/system/security/ip-blacklist/${id}`, admin.auth),
        { action: 'DELETE /api/v1/system/security/ip-blacklist/:id', actorId: admin.userId, tenantId: admin.tenantId, resourceId: id },
      ];
    },
  },
  // The caller's own account
  {
    name: 'profile update',
    run: async () => [await call('PATCH', '/api/v1/secure/auth/me', owner.auth, { displayName: 'Audited' }), asOwner('PATCH /api/v1/secure/auth/me', owner.userId)],
  },
  {
    name: 'tenant switch',
    run: async () => {
      const other = await newTenant();
      const m = await addMember(owner.tenantId);
      await addMembership(m.userId, other.tenantId);
      return [
        await call('POST', '/api/v1/secure/auth/switch-tenant', m.auth, { tenantId: other.tenantId }),
        { action: 'auth.switch_tenant', actorId: m.userId, tenantId: owner.tenantId, resourceId: other.tenantId, resourceType: 'tenant' },
      ];
    },
  },
  {
    name: 'password change',
    run: async () => {
      const m = await addMember(owner.tenantId);
      return [
        await call('POST', '/api/v1/secure/auth/me/change-password', m.auth, { currentPassword: m.password, newPassword: 'a brand new password' }),
        { action: 'POST /api/v1/secure/auth/me/change-password', actorId: m.userId, tenantId: owner.tenantId, resourceId: m.userId },
      ];
    },
  },
  {
    name: '2FA enable (start)',
    run: async () => {
      const m = await addMember(owner.tenantId);
      const c = await call('POST', '/api/v1/secure/auth/2fa/enable/totp', m.auth);
      const [method] = await mfaMethodIds(m.userId);
      return [c, { action: 'mfa.enable_started', actorId: m.userId, tenantId: owner.tenantId, resourceId: method!, resourceType: 'mfa_method' }];
    },
  },
  {
    name: '2FA enable (verify)',
    run: async () => {
      const m = await addMember(owner.tenantId);
      const setup = await api('/api/v1/secure/auth/2fa/enable/totp', { method: 'POST', headers: m.auth });
      const c = await call('POST', '/api/v1/secure/auth/2fa/verify', m.auth, { method: 'totp', code: totpCode(setup.body.data.secret) });
      const [method] = await mfaMethodIds(m.userId);
      return [c, { action: 'mfa.enable', actorId: m.userId, tenantId: owner.tenantId, resourceId: method!, resourceType: 'mfa_method' }];
    },
  },
  {
    name: 'logout',
    run: async () => {
      const m = await addMember(owner.tenantId);
      return [await call('POST', '/api/v1/secure/auth/logout', m.auth, {}), { action: 'POST /api/v1/secure/auth/logout', actorId: m.userId, tenantId: owner.tenantId, resourceId: m.userId }];
    },
  },
];

async function mfaMethodIds(userId: string): Promise<string[]> {
  return withDb(async (db) => (await db.select({ id: mfaMethods.id }).from(mfaMethods).where(eq(mfaMethods.userId, userId))).map((r) => r.id));
}

describe('audit entries of every mutating route', () => {
  it.each(cases)('$name', async ({ run }) => {
    const [{ res, requestId }, want] = await run();
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    const rows = await withDb((db) => db.select().from(auditLogs).where(eq(auditLogs.requestId, requestId)));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const { action, actorType, actorId, tenantId, resourceId, resourceType } = row!;
    expect({ action, actorType, actorId, tenantId, resourceId, ...(want.resourceType ? { resourceType } : {}) }).toEqual({
      action: want.action,
      actorType: want.actorType ?? 'user',
      actorId: want.actorId,
      tenantId: want.tenantId,
      resourceId: want.resourceId,
      ...(want.resourceType ? { resourceType: want.resourceType } : {}),
    });
    // Nothing secret in the entry.
    for (const secret of ['correct horse battery', 'a brand new password', 'invited password 1', 'app account password 1', 'a fine password']) {
      expect(JSON.stringify(row)).not.toContain(secret);
    }
  });
});
