// Post-sign-in flow handlers (user side): read the validated input, call the service, shape the answer.
import type { Handler } from '../../../http/handler';
import { userAgent } from '../../../lib/request';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './flow.routes';
import * as service from './flow.service';

export const resolve: Handler<typeof routes.resolve> = async (c) => {
  c.req.valid('json');
  const p = await userPrincipal(c);
  return c.json(await service.resolveFlow(serviceContext(c), p), 200);
};

export const status: Handler<typeof routes.status> = async (c) => {
  const p = await userPrincipal(c);
  const states = await service.myTasks(serviceContext(c), p);
  const mandatory = states.filter((s) => s.task.isMandatory);
  const optional = states.filter((s) => !s.task.isMandatory);
  return c.json(
    {
      tasks: states.map((s) => ({
        id: s.task.id,
        type: s.task.type,
        name: s.task.name,
        targetRoute: s.task.targetRoute,
        priority: s.task.priority,
        isMandatory: s.task.isMandatory,
        isCompleted: s.isCompleted,
        completedAt: s.completedAt?.toISOString() ?? null,
        completedVersion: s.completedVersion,
        currentVersion: s.task.version,
        requiresUpdate: s.requiresUpdate,
        i18n: s.task.i18n,
      })),
      mandatoryCompleted: mandatory.filter((s) => s.isCompleted).length,
      mandatoryTotal: mandatory.length,
      optionalCompleted: optional.filter((s) => s.isCompleted).length,
      optionalTotal: optional.length,
    },
    200,
  );
};

export const complete: Handler<typeof routes.complete> = async (c) => {
  const { taskId } = c.req.valid('param');
  const { metadata } = c.req.valid('json');
  const p = await userPrincipal(c);
  const result = await service.completeTask(serviceContext(c), p, taskId, { metadata, userAgent: userAgent(c) });
  return c.json(
    {
      success: true,
      taskId,
      completedAt: result.completedAt.toISOString(),
      nextAction: result.next.action,
      nextTarget: result.next.target,
      nextTaskId: result.next.taskId,
    },
    200,
  );
};
