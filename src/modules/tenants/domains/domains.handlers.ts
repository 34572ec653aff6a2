// Handlers of both domain APIs: resolve the tenant (the caller's, or the path's for the admin
// API), call the service, shape the reference's answer. Reads go with the caller check.
import type { Context } from 'hono';
import type { ServiceContext } from '../../../context';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as admin from './domains.admin.routes';
import type * as routes from './domains.routes';
import * as service from './domains.service';
import { assertMaySee } from '../shared/visibility';
import { toDomain, toVerifyResult } from './domains.views';

// ---- /secure/tenant-domains: the caller's tenant ------------------------------------------

export const list: Handler<typeof routes.list> = async (c) => {
  const value = await service.listDomains(serviceContext(c));
  return c.json({ data: value.map(toDomain) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  await principal(c);
  return c.json({ data: toDomain(await service.createDomain(serviceContext(c), c.req.valid('json'))) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const value = await service.getDomain(serviceContext(c), c.req.valid('param').id);
  return c.json({ data: toDomain(value) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const p = await principal(c);
  return c.json({ data: toDomain(await service.updateDomain(serviceContext(c), p, c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await principal(c);
  await service.deleteDomain(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const instructions: Handler<typeof routes.instructions> = async (c) => {
  const value = await service.instructions(serviceContext(c), c.req.valid('param').id);
  return c.json(value, 200);
};

export const verify: Handler<typeof routes.verify> = async (c) => {
  await principal(c);
  const { row, outcome } = await service.verifyDomain(serviceContext(c), c.req.valid('param').id);
  return c.json(toVerifyResult(row, outcome), 200);
};

// ---- /secure/tenants/{id}/domains: a named tenant ------------------------------------------

/** Reads as tenant `id` together with the caller check, then refuses tenants the caller may not see. */
async function readAs<T>(c: Context<AppEnv>, id: string, read: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  // The route's auth.tenantParam refuses other tenants' callers and runs the read as tenant `id`.
  const value = await read(service.forTenant(serviceContext(c), id));
  assertMaySee(await principal(c), id);
  return value;
}

/** The service context bound to tenant `id`, once the caller may act on it. */
async function actAs(c: Context<AppEnv>, id: string) {
  const p = await principal(c);
  assertMaySee(p, id);
  return { p, ctx: service.forTenant(serviceContext(c), id), foreign: id !== p.tenantId };
}

export const adminList: Handler<typeof admin.list> = async (c) => {
  const rows = await readAs(c, c.req.valid('param').id, (ctx) => service.listDomainsOfTenant(ctx));
  return c.json({ data: rows.map(toDomain) }, 200);
};

export const adminCreate: Handler<typeof admin.create> = async (c) => {
  const { ctx, foreign } = await actAs(c, c.req.valid('param').id);
  return c.json({ data: toDomain(await service.createDomain(ctx, c.req.valid('json'), foreign)) }, 201);
};

export const adminGet: Handler<typeof admin.get> = async (c) => {
  const { id, domainId } = c.req.valid('param');
  return c.json({ data: toDomain(await readAs(c, id, (ctx) => service.getDomain(ctx, domainId))) }, 200);
};

export const adminPatch: Handler<typeof admin.patch> = async (c) => {
  const { id, domainId } = c.req.valid('param');
  const { p, ctx } = await actAs(c, id);
  return c.json({ data: toDomain(await service.updateDomain(ctx, p, domainId, c.req.valid('json'))) }, 200);
};

export const adminRemove: Handler<typeof admin.remove> = async (c) => {
  const { id, domainId } = c.req.valid('param');
  await service.deleteDomain((await actAs(c, id)).ctx, domainId);
  return noContent(c);
};

export const adminInstructions: Handler<typeof admin.instructions> = async (c) => {
  const { id, domainId } = c.req.valid('param');
  return c.json(await readAs(c, id, (ctx) => service.instructions(ctx, domainId)), 200);
};

export const adminVerify: Handler<typeof admin.verify> = async (c) => {
  const { id, domainId } = c.req.valid('param');
  const { row, outcome } = await service.verifyDomain((await actAs(c, id)).ctx, domainId);
  return c.json(toVerifyResult(row, outcome), 200);
};
