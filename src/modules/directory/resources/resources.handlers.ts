// Resource handlers: read the validated input, call the service, shape the reference's answer.
// Reads go out with the caller check (one round trip); API keys and app accounts limited to some
// `resources.properties` get only those optional fields (views).
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { readImportRequest } from '../../../http/import-request';
import { noContent } from '../../../http/route';
import { writeTable } from '../../../lib/transfer/tabular';
import { propertyLimit } from '../../../lib/access-permissions';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCallerWith } from '../shared/as-caller';
import { toVisitMetrics } from '../shared/directory.rules';
import * as ordering from './resources.ordering';
import { callerOf } from './resources.rules';
import type * as routes from './resources.routes';
import * as service from './resources.service';
import * as transfer from './resources.transfer';
import { toListItem, toNearbyItem, toResource } from './resources.views';

/** Runs `read` with the caller check; again as the loaded caller when the early read could not know it. */
export const asCaller = asCallerWith(callerOf);

const page = (f: { limit: number; offset: number }, n: number, total: number) => ({ total, limit: f.limit, offset: f.offset, hasMore: f.offset + n < total });

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const near = f.lat !== undefined && f.lng !== undefined ? { lat: f.lat, lng: f.lng } : undefined;
  const { p, value } = await asCaller(c, (caller) => service.listResources(ctx, caller, { ...f, near }));
  return c.json({ data: value.rows.map(toListItem(propertyLimit(p))), pagination: page(f, value.rows.length, value.total) }, 200);
};

export const nearby: Handler<typeof routes.nearby> = async (c) => {
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const { p, value } = await asCaller(c, (caller) => service.nearby(ctx, caller, { ...f, near: { lat: f.lat, lng: f.lng } }));
  return c.json({ data: value.rows.map(toNearbyItem(propertyLimit(p))), pagination: page(f, value.rows.length, value.total) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const id = c.req.valid('param').id;
  const ctx = serviceContext(c);
  const { p, value } = await asCaller(c, (caller) => service.getResource(ctx, caller, id));
  return c.json({ data: toResource(propertyLimit(p), value.resource, value.links) }, 200);
};

/** The answer of a write: the resource as the caller now sees it. */
async function detail(c: Context<AppEnv>, id: string) {
  const p = await principal(c);
  const { resource, links } = await service.reread(serviceContext(c), p, id);
  return toResource(propertyLimit(p), resource, links);
}

export const create: Handler<typeof routes.create> = async (c) => {
  const row = await service.createResource(serviceContext(c), await principal(c), c.req.valid('json'));
  return c.json({ data: await detail(c, row.id) }, 201);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const id = c.req.valid('param').id;
  await service.updateResource(serviceContext(c), await principal(c), id, c.req.valid('json'));
  return c.json({ data: await detail(c, id) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteResource(serviceContext(c), await principal(c), c.req.valid('param').id);
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

export const trackVisit: Handler<typeof routes.trackVisit> = async (c) => {
  const id = c.req.valid('param').id;
  const p = await principal(c);
  const row = await ordering.visitable(serviceContext(c), p, id);
  c.var.afterResponse(ordering.visitTask(p.tenantId, id, p));
  // The summary as it stands once this visit is counted (the count itself runs after the response).
  const counted = { ...row, totalVisits: row.totalVisits + 1, lastVisitedAt: new Date(), lastVisitedByActorType: p.actorType, lastVisitedByActorId: p.actorId };
  return c.json({ data: toVisitMetrics(counted) }, 200);
};

export const exportFile: Handler<typeof routes.exportFile> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  const t = await transfer.exportResources(serviceContext(c), { limit, offset });
  const res = await writeTable(format, t.header, t.rows.length || !t.example ? t.rows : [t.example], 'resources', t.descriptions);
  res.headers.set('X-Total-Count', String(t.total));
  return res as never;
};

export const importFile: Handler<typeof routes.importFile> = async (c) => {
  await principal(c);
  const input = await readImportRequest(c);
  return c.json(await transfer.importResources(serviceContext(c), input), 200);
};
