// User side of the post-sign-in flow: what to do after signing in, my tasks, completing one. The
// contract routes, their parameters and what the reference leaves unsaid.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/accounts';
import { contractRoute } from '../../../http/route';
import { PROCEED_TARGET } from './flow.model';

const RULES =
  'Only active tasks of the session’s tenant count, ordered by `priority` ascending (0 first; ties: older task first). A task is complete when: `email_verification` — the email is confirmed; `avatar` — an avatar other than the generated one is chosen; `profile` — display name, first and last name are set (for these three the data decides; a versioned one also needs a completion of its current version); any other type — a completion was recorded for the task’s current `version` (any, if unversioned). A completion of an older version leaves the task pending with `requiresUpdate: true`.';

export const resolve = contractRoute(contract.postSecureAuthResolveFlow, {
  description: `What the client should do after authentication. \`action\` is REDIRECT with \`target\` = the first pending mandatory task's \`targetRoute\` and its \`taskId\`; otherwise PROCEED with \`target\` "${PROCEED_TARGET}" and \`taskId\` null. \`pendingTasks\` lists every pending task (mandatory and optional) in flow order. The outcome is the same for every \`context\`. ${RULES}`,
  auth: { allowDuringFlow: true },
});

export const status = contractRoute(contract.getSecureAuthTasksStatus, {
  description: `The caller's tasks in flow order with completion state. \`completedAt\`/\`completedVersion\` describe the caller's latest recorded completion (for data-detected tasks without one, \`completedAt\` is the email confirmation time, or null when the data carries no time). ${RULES}`,
  auth: { allowDuringFlow: true },
  // Refreshes the session's flow gate as it reads (flow-gate): a GET that writes.
  writes: true,
});

export const complete = contractRoute(contract.postSecureAuthTasksByTaskIdComplete, {
  description: `Records that the caller completed an active task of their tenant: the task's current \`version\`, the time, the caller's IP (CF-Connecting-IP) and user agent, and \`metadata\` (≤16 KiB JSON, e.g. terms acceptance data) are stored. Completing again for the same version keeps the first record; a newer version supersedes the older record (which stays on file). \`email_verification\`, \`avatar\` and \`profile\` tasks answer 422 (with \`details.missing\`) while the user's data does not satisfy them. Answers the next step like resolve-flow. Unknown, inactive or another tenant's task: 404.`,
  request: { params: z.object({ taskId: z.uuid() }) },
  auth: { allowDuringFlow: true },
  errors: [422],
});
