// Export handlers: downloads with a file name and no caching.
import type { Handler } from '../../../http/handler';
import { getPolicy } from '../log-retention/log-retention.service';
import { apiLinks } from '../overview';
import { readTenant } from '../shared/read';
import type * as routes from './exports.routes';
import { configDocument, envFile } from './exports.service';

const download = (body: string, type: string, filename: string) =>
  new Response(body, { status: 200, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' } });

export const env: Handler<typeof routes.env> = async (c) => {
  const { id } = c.req.valid('param');
  const { t, value } = await readTenant(c, id, (ctx) => getPolicy(ctx, id));
  return download(envFile({ tenant: t, api: apiLinks(c), retentionDays: value.retentionDays }), 'text/plain; charset=utf-8', `${t.slug}.env`) as never;
};

export const json: Handler<typeof routes.json> = async (c) => {
  const { id } = c.req.valid('param');
  const { t, value } = await readTenant(c, id, (ctx) => getPolicy(ctx, id));
  const doc = configDocument({ tenant: t, api: apiLinks(c), retentionDays: value.retentionDays });
  return download(JSON.stringify(doc, null, 2), 'application/json; charset=utf-8', `${t.slug}.json`) as never;
};
