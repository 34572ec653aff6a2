// Type-definition handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { readImportRequest } from '../../../http/import-request';
import { noContent } from '../../../http/route';
import { writeTable } from '../../../lib/transfer/tabular';
import { serviceContext } from '../../../middleware/service-context';
import * as bundle from './type-definitions.bundle';
import type * as routes from './type-definitions.routes';
import * as service from './type-definitions.service';
import * as sheet from './type-definitions.sheet';
import { toType } from './type-definitions.views';

// Reads go out with the caller check (one round trip); the answer waits for it (middleware/auth.ts).
export const list: Handler<typeof routes.list> = async (c) => {
  const { includeSystem, ...f } = c.req.valid('query');
  const rows = await service.listTypes(serviceContext(c), { ...f, includeSystem: includeSystem ?? true });
  return c.json({ data: rows.map(toType) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toType(await service.getType(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  return c.json({ data: toType(await service.createType(serviceContext(c), c.req.valid('json'))) }, 201);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  return c.json({ data: toType(await service.updateType(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteType(serviceContext(c), c.req.valid('param').id);
  // The reference types the 204 as an empty JSON object; a 204 carries no body.
  return noContent(c) as never;
};

export const exportBundle: Handler<typeof routes.exportBundle> = async (c) => {
  return c.json({ data: await bundle.exportBundle(serviceContext(c), c.req.valid('query').includeSystem ?? false) }, 200);
};

export const exportOne: Handler<typeof routes.exportOne> = async (c) => {
  return c.json({ data: await bundle.exportOne(serviceContext(c), c.req.valid('param').id) }, 200);
};

export const exportSheet: Handler<typeof routes.exportSheet> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  const t = await sheet.exportTable(serviceContext(c), { limit, offset });
  const res = await writeTable(format, t.header, t.rows, 'type-definitions');
  res.headers.set('X-Total-Count', String(t.total));
  return res as never;
};

export const importBundle: Handler<typeof routes.importBundle> = async (c) => {
  const { typeDefinitions, options } = c.req.valid('json');
  const { written: _, ...result } = await bundle.importItems(serviceContext(c), typeDefinitions, { mergeStrategy: options?.mergeStrategy ?? 'skip', dryRun: options?.dryRun ?? false });
  return c.json({ data: result }, 200);
};

export const importSheet: Handler<typeof routes.importSheet> = async (c) => {
  const input = await readImportRequest(c);
  const { written: _, totalRows: __, ...result } = await sheet.importRows(serviceContext(c), input);
  return c.json({ data: result }, 200);
};
