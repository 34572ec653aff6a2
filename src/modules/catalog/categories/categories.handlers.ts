// Category handlers: read the validated input, call the services, shape the reference's answers.
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { readImportRequest } from '../../../http/import-request';
import { noContent } from '../../../http/route';
import { writeTable } from '../../../lib/transfer/tabular';
import { importResult } from '../../../lib/transfer/imports';
import { serviceContext } from '../../../middleware/service-context';
import { pickLanguage } from '../../foundation/reference/locale';
import type * as routes from './categories.routes';
import * as service from './categories.service';
import * as links from './links.service';
import { exportCategories } from './transfer.export';
import { importCategories } from './transfer.import';
import { toCategory, toLink, toListItem, toTranslation, toTree } from './categories.views';

const language = (c: Context<AppEnv>, fromQuery: string | undefined) => pickLanguage(fromQuery, c.req.header('accept-language'));

export const list: Handler<typeof routes.list> = async (c) => {
  const { roots, preferredLanguage, ...f } = c.req.valid('query');
  // The page goes to the database with the caller check (one round trip, middleware/auth.ts).
  const { rows, total } = await service.listCategories(serviceContext(c), { ...f, roots: roots === 'true' });
  const lang = language(c, preferredLanguage);
  return c.json({ data: rows.map((r) => toListItem(r, lang)), returnedCount: rows.length, total }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  return c.json({ data: toCategory(await service.createCategory(serviceContext(c), c.req.valid('json'))) }, 201);
};

export const entity: Handler<typeof routes.entity> = async (c) => {
  const { entity_type, entity_id, preferredLanguage } = c.req.valid('query');
  const rows = await links.entityCategories(serviceContext(c), entity_type, entity_id);
  const lang = language(c, preferredLanguage);
  return c.json({ data: rows.map((r) => toListItem(r, lang)), returnedCount: rows.length, total: rows.length }, 200);
};

export const exportFile: Handler<typeof routes.exportFile> = async (c) => {
  const { format, limit, offset } = c.req.valid('query');
  const t = await exportCategories(serviceContext(c), { limit, offset });
  const res = await writeTable(format, t.header, t.rows.length ? t.rows : t.example ? [t.example] : [], 'categories');
  res.headers.set('X-Total-Count', String(t.total));
  return res as never;
};

export const importFile: Handler<typeof routes.importFile> = async (c) => {
  const ctx = serviceContext(c);
  await ctx.principal();
  const input = await readImportRequest(c);
  const out = await importCategories(ctx, input);
  return c.json(importResult('categories', input.options, out.totalRows, out.stats, out.errors, out.warnings, out.written), 200);
};

export const tree: Handler<typeof routes.tree> = async (c) => {
  const { filter_id, preferredLanguage } = c.req.valid('query');
  const rows = await service.categoryTree(serviceContext(c), filter_id);
  const lang = language(c, preferredLanguage);
  return c.json({ data: toTree(rows, lang) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  const body = c.req.valid('json');
  const data = await service.deleteCategory(serviceContext(c), c.req.valid('param').id, body?.replacement_category_id);
  return c.json({ data }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toCategory(await service.requireCategory(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  return c.json({ data: toCategory(await service.updateCategory(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const entities: Handler<typeof routes.entities> = async (c) => {
  const rows = await links.categoryLinks(serviceContext(c), c.req.valid('param').id, c.req.valid('query').entity_type);
  return c.json({ data: rows.map(toLink) }, 200);
};

export const i18n: Handler<typeof routes.i18n> = async (c) => {
  return c.json({ data: toTranslation(await service.upsertTranslation(serviceContext(c), c.req.valid('param').id, c.req.valid('json'))) }, 200);
};

export const link: Handler<typeof routes.link> = async (c) => {
  const { entity_type, entity_id } = c.req.valid('json');
  return c.json({ data: toLink(await links.linkEntity(serviceContext(c), c.req.valid('param').id, entity_type, entity_id)) }, 201);
};

export const unlink: Handler<typeof routes.unlink> = async (c) => {
  const { entity_type, entity_id } = c.req.valid('json');
  await links.unlinkEntity(serviceContext(c), c.req.valid('param').id, entity_type, entity_id);
  return noContent(c);
};
