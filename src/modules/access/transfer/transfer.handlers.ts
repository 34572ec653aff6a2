// Import and export handlers: read the query or the uploaded file, call the service, answer with
// the file (X-Total-Count: rows in all) or the reference's ImportResult.
import type { Handler } from '../../../http/handler';
import { principal, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import * as exports from './export.service';
import * as groupsImport from './groups-import.service';
import { readImportRequest } from '../../../http/import-request';
import { writeTable, type Format } from '../../../lib/transfer/tabular';
import type * as routes from './transfer.routes';
import * as usersImport from './users-import.service';

async function download(format: Format, t: exports.Table, name: string): Promise<Response> {
  const res = await writeTable(format, t.header, t.rows, name);
  res.headers.set('X-Total-Count', String(t.total));
  return res;
}

export const exportUsers: Handler<typeof routes.exportUsers> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  // The page goes with the caller check (one round trip); the answer waits for it (middleware/auth.ts).
  return (await download(format, await exports.exportUsers(serviceContext(c), { limit, offset }), 'users')) as never;
};

export const importUsers: Handler<typeof routes.importUsers> = async (c) => {
  const p = await userPrincipal(c);
  const input = await readImportRequest(c);
  return c.json(await usersImport.importUsers(serviceContext(c), p, input), 200);
};

export const exportGroups: Handler<typeof routes.exportGroups> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  // The page goes with the caller check (one round trip); the answer waits for it (middleware/auth.ts).
  return (await download(format, await exports.exportGroups(serviceContext(c), { limit, offset }), 'groups')) as never;
};

export const importGroups: Handler<typeof routes.importGroups> = async (c) => {
  const p = await principal(c);
  const input = await readImportRequest(c);
  return c.json(await groupsImport.importGroups(serviceContext(c), p, input), 200);
};
