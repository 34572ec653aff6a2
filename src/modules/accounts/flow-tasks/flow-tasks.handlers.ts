// Flow task handlers (admin): read the validated input, call the service, shape the reference's FlowTask.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type { TaskRow } from '../flow';
import type * as routes from './flow-tasks.routes';
import * as service from './flow-tasks.service';

/** A task as the admin routes answer it (the reference's FlowTask). */
function flowTaskBody(t: TaskRow) {
  return {
    id: t.id,
    type: t.type,
    name: t.name,
    targetRoute: t.targetRoute,
    priority: t.priority,
    isMandatory: t.isMandatory,
    isActive: t.isActive,
    version: t.version,
    config: t.config,
    i18n: t.i18n,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export const list: Handler<typeof routes.list> = async (c) => {
  // The tasks go with the caller check (one round trip); the answer waits for it.
  const rows = await service.listTasks(serviceContext(c));
  return c.json({ data: rows.map(flowTaskBody), total: rows.length }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  await principal(c);
  return c.json(flowTaskBody(await service.createTask(serviceContext(c), c.req.valid('json'))), 201);
};

export const reorder: Handler<typeof routes.reorder> = async (c) => {
  await principal(c);
  await service.reorderTasks(serviceContext(c), c.req.valid('json').taskIds);
  return c.json({ success: true }, 200);
};

export const update: Handler<typeof routes.update> = async (c) => {
  await principal(c);
  return c.json(flowTaskBody(await service.updateTask(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))), 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await principal(c);
  await service.deleteTask(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const reset: Handler<typeof routes.reset> = async (c) => {
  await principal(c);
  return c.json({ success: true, resetCount: await service.resetTask(serviceContext(c), c.req.valid('param').id) }, 200);
};
