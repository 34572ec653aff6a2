// Tag handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { readImportRequest } from '../../../http/import-request';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { writeTable } from '../../../lib/transfer/tabular';
import type * as routes from './tags.routes';
import * as service from './tags.service';
import * as transfer from './tags.transfer';
import { toLink, toTag, toTagSummary } from './tags.views';

// Reads: what the service reads goes to the database with the caller check (one round trip).
export const list: Handler<typeof routes.list> = async (c) => {
  const { rows, total } = await service.listTags(serviceContext(c), c.req.valid('query'));
  return c.json({ data: rows.map(toTagSummary), returnedCount: rows.length, ...(total >= 0 && { total }) }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => c.json({ data: toTag(await service.getTag(serviceContext(c), c.req.valid('param').id)) }, 200);

export const cloud: Handler<typeof routes.cloud> = async (c) => {
  const rows = await service.tagCloud(serviceContext(c), c.req.valid('query'));
  return c.json({ data: rows.map((r) => ({ tag_id: r.id, tag_name: r.name, display_name: r.display, count: r.count })) }, 200);
};

export const entity: Handler<typeof routes.entity> = async (c) => {
  const q = c.req.valid('query');
  return c.json({ data: (await service.entityTags(serviceContext(c), q.entity_type, q.entity_id)).map(toTag) }, 200);
};

export const entities: Handler<typeof routes.entities> = async (c) => {
  const links = await service.tagEntities(serviceContext(c), c.req.valid('param').id, c.req.valid('query'));
  return c.json({ data: links.map(toLink) }, 200);
};

export const link: Handler<typeof routes.link> = async (c) => {
  const { tag_name, ...body } = c.req.valid('json');
  const [created] = await service.link(serviceContext(c), await userPrincipal(c), { ...body, tag_names: [tag_name] }, 'tag_name');
  return c.json({ data: toLink(created!) }, 201);
};

export const linkBulk: Handler<typeof routes.linkBulk> = async (c) => {
  const links = await service.link(serviceContext(c), await userPrincipal(c), c.req.valid('json'), 'tag_names');
  return c.json({ data: links.map(toLink) }, 201);
};

export const unlink: Handler<typeof routes.unlink> = async (c) => {
  await userPrincipal(c);
  await service.unlink(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
  return noContent(c);
};

export const curated: Handler<typeof routes.curated> = async (c) => {
  const tag = await service.createCurated(serviceContext(c), await userPrincipal(c), c.req.valid('json'));
  return c.json({ data: toTag(tag) }, 201);
};

export const upgrade: Handler<typeof routes.upgrade> = async (c) => c.json({ data: toTag(await service.upgrade(serviceContext(c), c.req.valid('param').id)) }, 200);

export const bulkUpdate: Handler<typeof routes.bulkUpdate> = async (c) => {
  const rows = await service.bulkUpdate(serviceContext(c), c.req.valid('json').updates);
  return c.json({ data: rows.map(toTag) }, 200);
};

export const cleanup: Handler<typeof routes.cleanup> = async (c) => c.json({ data: { deleted_count: await service.cleanup(serviceContext(c)) } }, 200);

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.removeTag(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const translations: Handler<typeof routes.translations> = async (c) => {
  const tag = await service.setTranslations(serviceContext(c), c.req.valid('param').id, c.req.valid('json').translations);
  return c.json({ data: toTag(tag) }, 200);
};

export const exportTags: Handler<typeof routes.exportTags> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  const t = await transfer.exportTags(serviceContext(c), { limit, offset });
  const res = await writeTable(format, t.header, t.rows.length || !t.example ? t.rows : [t.example], 'tags');
  res.headers.set('X-Total-Count', String(t.total));
  return res as never;
};

export const importTags: Handler<typeof routes.importTags> = async (c) => {
  await userPrincipal(c);
  const input = await readImportRequest(c);
  return c.json(await transfer.importTags(serviceContext(c), input), 200);
};
