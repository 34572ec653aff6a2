// Language sync handlers: the job objects as the reference lists them.
import type { Handler } from '../../../http/handler';
import { notFound } from '../../../lib/errors';
import { readTenant } from '../shared/read';
import type { SyncJobRow } from './language-sync.model';
import type * as routes from './language-sync.routes';
import * as service from './language-sync.service';

export function toJob(j: SyncJobRow) {
  return {
    id: j.id,
    tenantId: j.tenantId,
    operation: j.operation,
    language_code: j.languageCode,
    status: j.status,
    entities_processed: j.entitiesProcessed,
    entities_total: j.entitiesTotal,
    errors: j.errors,
    started_at: j.startedAt?.toISOString() ?? null,
    completed_at: j.completedAt?.toISOString() ?? null,
    created_at: j.createdAt.toISOString(),
    updated_at: j.updatedAt.toISOString(),
  };
}

export const status: Handler<typeof routes.status> = async (c) => {
  const { id } = c.req.valid('param');
  const { job_id } = c.req.valid('query');
  const { value } = await readTenant(c, id, (ctx) => service.status(ctx, id, job_id));
  if (!value) throw notFound('Language sync job');
  return c.json({ data: Array.isArray(value) ? value.map(toJob) : toJob(value) }, 200);
};

export const history: Handler<typeof routes.history> = async (c) => {
  const { id } = c.req.valid('param');
  const f = c.req.valid('query');
  const { value } = await readTenant(c, id, (ctx) => service.history(ctx, id, f));
  const data = value.rows.map((j) => ({ ...toJob(j), operation: j.operation as 'add' | 'remove' }));
  return c.json({ data, pagination: { total: value.total, limit: f.limit, offset: f.offset, hasMore: f.offset + value.rows.length < value.total } }, 200);
};
