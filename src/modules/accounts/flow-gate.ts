// Mandatory post-sign-in tasks are enforced, not only suggested: a session whose user still owes a
// mandatory task (terms of service, profile, ...) answers only /api/v1/secure/auth/* and
// /api/v1/secure/profile/* (403 POST_AUTH_FLOW_REQUIRED elsewhere) until the tasks are done.
// Routes that serve such a session declare `allowDuringFlow` (context/principal.ts AuthRequirement).
// The state is computed when a session starts or changes tenant, and again whenever the user asks
// for their flow (resolve-flow, tasks/status) or completes a task, and kept on the session row, so
// the per-request check costs nothing beyond the principal query that already reads the session.
// Application accounts are machine users and never gated.
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { flowTasks } from '../../db/schema/flow';
import { sessions } from '../../db/schema/identity';
import { ofTenant, type Tx } from '../../db/tx';
import { nextStep, taskStates } from './flow-service';


/** Whether `userId` owes a mandatory task in `tenantId` right now (one query when the tenant has none). */
export async function owesMandatoryTask(db: Database | Tx, tenantId: string, userId: string): Promise<boolean> {
  const [mandatory] = await db
    .select({ id: flowTasks.id })
    .from(flowTasks)
    .where(ofTenant(flowTasks.tenantId, tenantId, eq(flowTasks.isActive, true), eq(flowTasks.isMandatory, true)))
    .limit(1);
  if (!mandatory) return false;
  return nextStep(await taskStates(db, tenantId, userId)).action === 'REDIRECT';
}

/** Records the gate on the user's sessions in that tenant (writes only rows whose value changes). */
export async function setFlowGate(db: Database | Tx, userId: string, tenantId: string, pending: boolean): Promise<void> {
  await db
    .update(sessions)
    .set({ flowPending: pending })
    .where(and(eq(sessions.userId, userId), eq(sessions.tenantId, tenantId), ne(sessions.flowPending, pending)));
}
