// Admin side of the post-sign-in flow: the tenant's tasks (permission flow_tasks:write). The
// contract routes, their parameters and what the reference leaves unsaid.
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { idParam } from '../../../lib/pagination';
import { MAX_TASKS_PER_TENANT } from '../flow';

const auth = { permission: 'flow_tasks:write' } as const;
const idParamSchema = idParam('Flow task id');

const ORDERING =
  'Ordering convention: `priority` ascending, 0 is shown first (ties: older task first). PATCH /reorder rewrites priorities to 0, 1, 2, ... in the order given.';

export const list = contractRoute(contract.getSecureAdminFlowTasks, {
  description: `All flow tasks of the caller's tenant, active and inactive, in flow order. ${ORDERING} A tenant has at most ${MAX_TASKS_PER_TENANT} tasks, so the list is not paged; \`total\` is their count.`,
  auth,
});

export const create = contractRoute(contract.postSecureAdminFlowTasks, {
  description: `Creates a task in the caller's tenant. ${ORDERING} \`i18n\` maps a locale ("en", "de-CH") to \`{ title ≤200, description ≤2000, buttonText ≤100 }\`; \`config\` and \`i18n\` are limited to 16 KiB of JSON each. \`version\` (e.g. the terms' version for \`agb\`) makes completions version-bound: changing it later makes the task pending again for every user. Completion of \`email_verification\`, \`avatar\` and \`profile\` is detected from the user's data (confirmed email; a non-generated avatar; display, first and last name). 422 when the tenant already has ${MAX_TASKS_PER_TENANT} tasks.`,
  auth,
  errors: [422],
});

export const reorder = contractRoute(contract.patchSecureAdminFlowTasksReorder, {
  description: `Sets the flow order. ${ORDERING} Listed tasks take priorities 0..n-1; tasks not listed keep their relative order after them. Every id must be a task of the caller's tenant (404 otherwise, nothing changed); duplicates answer 400.`,
  auth,
});

const updateRoute = contractRoute(contract.patchSecureAdminFlowTasksById, {
  description: `Updates a task of the caller's tenant (at least one field; \`type\` cannot change). Changing \`version\` makes the task pending again (\`requiresUpdate\`) for everyone who completed an earlier version; completions are kept. Same limits as create. Another tenant's id answers 404.`,
  request: { params: idParamSchema },
  auth,
});

// The reference's update body has minProperties 1, which the generated contract does not carry.
export const update = {
  ...updateRoute,
  request: {
    ...updateRoute.request,
    body: { ...updateRoute.request.body, content: { 'application/json': { schema: contract.patchSecureAdminFlowTasksById.body.openapi({ minProperties: 1 }) } } },
  },
};

export const remove = contractRoute(contract.deleteSecureAdminFlowTasksById, {
  description: "Deletes a task of the caller's tenant and its completion records. 204 without body; another tenant's id answers 404.",
  request: { params: idParamSchema },
  auth,
});

export const reset = contractRoute(contract.postSecureAdminFlowTasksByIdReset, {
  description:
    "Clears the task's completion for every user of the tenant (e.g. after changing terms without bumping the version): they must complete it again. `resetCount` is the number of completions cleared. The records are kept (marked cleared) as evidence of past acceptance. Tasks whose completion comes from user data (`email_verification`, `avatar`, `profile` without a version) stay completed while the data holds.",
  request: { params: idParamSchema },
  auth,
});
