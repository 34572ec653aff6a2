// Space handlers: read the validated input, call the service, shape the reference's answer.
// Reads go out with the caller check (withCaller: one round trip); a caller whose permissions SQL
// cannot derive (API keys, app accounts) is read again once loaded.
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { readImportRequest } from '../../../http/import-request';
import { noContent } from '../../../http/route';
import { writeTable } from '../../../lib/transfer/tabular';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type { Point } from './spaces.model';
import * as ordering from './spaces.ordering';
import { callerOf } from './spaces.rules';
import { asCallerWith } from '../shared/as-caller';
import type * as routes from './spaces.routes';
import * as service from './spaces.service';
import * as transfer from './spaces.transfer';
import { toListItem, toSpace, toVisitMetrics } from './spaces.views';

const point = (q: { lat?: number; lng?: number }): Point | undefined => (q.lat !== undefined && q.lng !== undefined ? { lat: q.lat, lng: q.lng } : undefined);

/** Runs `read` with the caller check; again as the loaded caller when the early read could not know it. */
export const asCaller = asCallerWith(callerOf);

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const filter = { ...f, near: point(f) };
  const { value } = await asCaller(c, (caller) => service.listSpaces(ctx, caller, filter));
  const { rows, total } = value;
  return c.json({ data: rows.map(toListItem), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const id = c.req.valid('param').id;
  const ctx = serviceContext(c);
  const { p, value } = await asCaller(c, (caller) => service.getSpace(ctx, caller, id, point(c.req.valid('query'))));
  c.var.afterResponse(ordering.visitTask(p.tenantId, id, p));
  const { space, links } = service.withoutHiddenContacts(p, value);
  return c.json({ data: toSpace(space, links) }, 200);
};

/** The answer of a write: the space as the caller now sees it. */
async function detail(c: Context<AppEnv>, id: string) {
  const ctx = serviceContext(c);
  const { space, links } = await service.reread(ctx, await principal(c), id);
  return toSpace(space, links);
}

export const create: Handler<typeof routes.create> = async (c) => {
  const row = await service.createSpace(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: await detail(c, row.id) }, 201);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const id = c.req.valid('param').id;
  await service.updateSpace(serviceContext(c), await principal(c), id, c.req.valid('json'));
  return c.json({ data: await detail(c, id) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteSpace(serviceContext(c), await principal(c), c.req.valid('param').id);
  return noContent(c);
};

export const orderTop: Handler<typeof routes.orderTop> = async (c) => {
  const id = c.req.valid('param').id;
  await ordering.orderTop(serviceContext(c), await principal(c), id);
  return c.json({ data: await detail(c, id) }, 200);
};

export const promotion: Handler<typeof routes.promotion> = async (c) => {
  const id = c.req.valid('param').id;
  await ordering.setPromotion(serviceContext(c), await principal(c), id, c.req.valid('json'));
  return c.json({ data: await detail(c, id) }, 200);
};

export const resetVisits: Handler<typeof routes.resetVisits> = async (c) => {
  const body = c.req.valid('json');
  const row = await ordering.resetVisits(serviceContext(c), await principal(c), c.req.valid('param').id, body?.reason ?? null);
  return c.json({ data: toVisitMetrics(row) }, 200);
};

export const exportFile: Handler<typeof routes.exportFile> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  const t = await transfer.exportSpaces(serviceContext(c), { limit, offset });
  const res = await writeTable(format, t.header, t.rows.length || !t.example ? t.rows : [t.example], 'spaces', t.descriptions);
  res.headers.set('X-Total-Count', String(t.total));
  return res as never;
};

export const importFile: Handler<typeof routes.importFile> = async (c) => {
  await principal(c);
  const input = await readImportRequest(c);
  return c.json(await transfer.importSpaces(serviceContext(c), input), 200);
};
