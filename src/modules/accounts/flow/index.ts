// The post-sign-in flow, user side (resolve-flow, tasks/status, complete), and what other areas
// use: the task states and next step of a user (sign-in, invitations) and the session gate.
import type { Database } from '../../../db/client';
import type { Tx } from '../../../db/tx';
import { newRouter } from '../../../http/router';
import * as h from './flow.handlers';
import * as r from './flow.routes';
import * as service from './flow.service';

export { checkI18n, checkJsonSize, throwIfInvalid } from './flow.input';
export { MAX_TASKS_PER_TENANT, type TaskRow } from './flow.model';
export { TASK_ORDER } from './flow.queries';
export { nextStep } from './flow.rules';
export { findTask } from './flow.service';

// Callers that hold a database handle (a transaction) rather than a context: login, memberships,
// invitations and OAuth sign-in.
const onDb = (db: Database | Tx) => ({ db: async () => db as Database });

/** The tenant's active tasks, in order, with the user's completion state. */
export const taskStates = (db: Database | Tx, tenantId: string, userId: string) => service.taskStates(onDb(db), tenantId, userId);

/** Whether `userId` owes a mandatory task in `tenantId` right now (one query when the tenant has none). */
export const owesMandatoryTask = (db: Database | Tx, tenantId: string, userId: string) => service.owesMandatoryTask(onDb(db), tenantId, userId);

export const flowRoutes = newRouter().openapi(r.resolve, h.resolve).openapi(r.status, h.status).openapi(r.complete, h.complete);
