// Lifecycle handlers: call the transition, answer the tenant; the history as the reference lists it.
import type { Handler } from '../../../http/handler';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { toTenant } from '../admin/admin.views';
import { readTenant } from '../shared/read';
import type { LifecycleAction } from './lifecycle.model';
import type * as routes from './lifecycle.routes';
import * as service from './lifecycle.service';

type Transition = typeof routes.activate | typeof routes.suspend | typeof routes.reactivate | typeof routes.archive;

function act<R extends Transition>(action: LifecycleAction): Handler<R> {
  return (async (c: Parameters<Handler<typeof routes.activate>>[0]) => {
    const p = await userPrincipal(c);
    const t = await service.transition(serviceContext(c), p, c.req.valid('param').id, action, c.req.valid('json')?.reason ?? null);
    return c.json({ data: toTenant(t) }, 200);
  }) as unknown as Handler<R>;
}

export const activate = act<typeof routes.activate>('activate');
export const suspend = act<typeof routes.suspend>('suspend');
export const reactivate = act<typeof routes.reactivate>('reactivate');
export const archive = act<typeof routes.archive>('archive');

export const upgrade: Handler<typeof routes.upgrade> = async (c) => {
  const body = c.req.valid('json');
  const t = await service.upgrade(serviceContext(c), await userPrincipal(c), c.req.valid('param').id, body.target_type, body.reason ?? null);
  return c.json({ data: toTenant(t) }, 200);
};

export const history: Handler<typeof routes.history> = async (c) => {
  const { id } = c.req.valid('param');
  const { limit, offset } = c.req.valid('query');
  const { value: rows } = await readTenant(c, id, (ctx) => service.history(ctx, id, limit, offset));
  const data = rows.map((r) => ({
    tenantId: r.tenantId,
    from_status: r.fromStatus,
    to_status: r.toStatus,
    from_type: r.fromType,
    to_type: r.toType,
    action: r.action,
    reason: r.reason,
    performed_by: r.performedBy,
    created_at: r.createdAt.toISOString(),
  }));
  return c.json({ data }, 200);
};
