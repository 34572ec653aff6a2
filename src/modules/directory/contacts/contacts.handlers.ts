// Contact handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { requireSomeChange } from '../../../lib/validation';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './contacts.routes';
import * as service from './contacts.service';
import { toContact, toReference } from './contacts.views';

export const list: Handler<typeof routes.list> = async (c) => {
  const f = c.req.valid('query');
  // The page goes to the database with the caller check (one round trip, middleware/auth.ts).
  const { rows, total } = await service.listContacts(serviceContext(c), f);
  return c.json({ data: rows.map(toContact), pagination: { total, limit: f.limit, offset: f.offset, hasMore: f.offset + rows.length < total } }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  return c.json({ data: toContact(await service.createContact(serviceContext(c), c.req.valid('json'))) }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toContact(await service.getContact(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const body = c.req.valid('json');
  requireSomeChange(body);
  return c.json({ data: toContact(await service.updateContact(serviceContext(c), c.req.valid('param').id, body)) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteContact(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const references: Handler<typeof routes.references> = async (c) => {
  const refs = await service.contactReferences(serviceContext(c), c.req.valid('param').id);
  return c.json({ data: refs.map(toReference) }, 200);
};
