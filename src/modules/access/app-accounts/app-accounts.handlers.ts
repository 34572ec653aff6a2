// Application account handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { iso } from '../shared/credentials';
import type { AppAccountRow } from './app-accounts.model';
import type * as routes from './app-accounts.routes';
import * as service from './app-accounts.service';

function toAppAccount(a: AppAccountRow) {
  return {
    id: a.id,
    tenantId: a.tenantId,
    auth_user_id: a.authUserId,
    name: a.name,
    email: a.email,
    description: a.description,
    permissions: a.permissions,
    status: a.status,
    expires_at: iso(a.expiresAt),
    last_used_at: iso(a.lastUsedAt),
    created_by: a.createdBy,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

export const list: Handler<typeof routes.list> = async (c) => {
  const rows = await service.listAccounts(serviceContext(c));
  return c.json({ data: rows.map(toAppAccount) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const { template } = c.req.valid('query');
  const row = await service.createAccount(serviceContext(c), await principal(c), template, c.req.valid('json'));
  return c.json({ data: toAppAccount(row) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toAppAccount(await service.getAccount(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const row = await service.updateAccount(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toAppAccount(row) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteAccount(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const regenerate: Handler<typeof routes.regenerate> = async (c) => {
  const password = await service.regeneratePassword(serviceContext(c), c.req.valid('param').id);
  return c.json({ data: { password } }, 200);
};

export const setPassword: Handler<typeof routes.setPassword> = async (c) => {
  const { id } = c.req.valid('param');
  const changedAt = await service.setPassword(serviceContext(c), id, c.req.valid('json').password);
  return c.json({ data: { id, password_changed_at: changedAt.toISOString() }, message: 'Password updated; existing sessions were signed out' }, 200);
};

export const usage: Handler<typeof routes.usage> = async (c) => {
  const { account: a, sessions, failedSignInsLast30Days } = await service.usage(serviceContext(c), c.req.valid('param').id);
  return c.json(
    {
      data: {
        app_account_id: a.id,
        status: a.status,
        expires_at: iso(a.expiresAt),
        created_at: a.createdAt.toISOString(),
        sessions: { total: sessions.total, active: sessions.active, last_sign_in_at: iso(sessions.lastCreatedAt) },
        sign_ins: { successful: a.signInCount, failed_last_30_days: failedSignInsLast30Days, last_sign_in_at: iso(a.lastSignInAt) },
        requests: { total: a.requestCount, last_used_at: iso(a.lastUsedAt) },
      },
    },
    200,
  );
};
