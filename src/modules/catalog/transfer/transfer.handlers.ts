// Generic import and export handlers: read the path, query or uploaded file, call the service,
// answer with the file or the reference's ImportResult.
import type { Handler } from '../../../http/handler';
import { readImportRequest } from '../../../http/import-request';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './transfer.routes';
import * as s from './transfer.service';

export const exportTypes: Handler<typeof routes.exportTypes> = async (c) => c.json({ data: await s.exportTypes(serviceContext(c)) }, 200);

export const importTypes: Handler<typeof routes.importTypes> = async (c) => c.json({ data: await s.importTypes(serviceContext(c)) }, 200);

export const exportFile: Handler<typeof routes.exportFile> = async (c) => {
  const { entityType } = c.req.valid('param');
  return (await s.exportFile(serviceContext(c), entityType, c.req.valid('query'))) as never;
};

export const importFile: Handler<typeof routes.importFile> = async (c) => {
  const ctx = serviceContext(c);
  // The type and its permission first: an unknown type or a refused caller never has the file read.
  const type = await s.importableType(ctx, c.req.valid('param').entityType);
  return c.json(await s.runImport(ctx, type, await readImportRequest(c)), 200);
};

export const validateFile: Handler<typeof routes.validateFile> = async (c) => {
  const ctx = serviceContext(c);
  const type = await s.importableType(ctx, c.req.valid('param').entityType);
  const input = await readImportRequest(c);
  return c.json(await s.runImport(ctx, type, { ...input, options: { ...input.options, dryRun: true } }), 200);
};
