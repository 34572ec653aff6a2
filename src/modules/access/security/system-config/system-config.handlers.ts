// Platform security settings handlers: the row in the reference's snake_case shape.
import type { z } from '@hono/zod-openapi';
import type { getSystemSecurityConfig } from '../../../../contract/access';
import type { Handler } from '../../../../http/handler';
import { principal, userPrincipal } from '../../../../middleware/auth';
import { serviceContext } from '../../../../middleware/service-context';
import { GLOBAL_FIELDS, type GlobalConfigRow } from './system-config.model';
import type * as routes from './system-config.routes';
import * as service from './system-config.service';

function toApi(row: GlobalConfigRow) {
  const out: Record<string, unknown> = { id: row.id };
  for (const [field, key] of Object.entries(GLOBAL_FIELDS)) out[field] = row[key];
  out.created_at = row.createdAt.toISOString();
  out.updated_at = row.updatedAt.toISOString();
  out.updated_by = row.updatedBy;
  return out as NonNullable<z.infer<(typeof getSystemSecurityConfig.responses)[200]>['data']>;
}

export const get: Handler<typeof routes.get> = async (c) => {
  await principal(c);
  return c.json({ data: toApi(await service.getGlobalConfig(serviceContext(c))) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const body = c.req.valid('json');
  // The schema strips what it does not know: unknown settings are found in the body as sent.
  service.checkRawPatch((await c.req.json()) as Record<string, unknown>);
  const p = await userPrincipal(c);
  return c.json({ data: toApi(await service.updateGlobalConfig(serviceContext(c), p.userId, body)) }, 200);
};
