// A space's category and tag links through the catalog's link services (the entity registry's
// `space` type decides who may change the space).
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { serviceContext } from '../../../middleware/service-context';
import { entityCategories, linkEntity, unlinkEntity } from '../../catalog/categories/links.service';
import { toLink as toCategoryLink, toListItem as toCategory } from '../../catalog/categories/categories.views';
import { entityTags, unlink as unlinkTagFrom } from '../../catalog/tags/tags.service';
import { toLink as toTagLink, toTagSummary } from '../../catalog/tags/tags.views';
import { pickLanguage } from '../../foundation/reference/locale';
import { contactLinkHandlers } from '../contacts';
import type * as routes from './links.routes';
import { linkTag as linkTagName } from './spaces.links';

export const categories: Handler<typeof routes.categories> = async (c) => {
  const rows = await entityCategories(serviceContext(c), 'space', c.req.valid('param').id);
  const lang = pickLanguage(c.req.valid('query').preferredLanguage, c.req.header('accept-language'));
  return c.json({ data: rows.map((r) => toCategory(r, lang)), returnedCount: rows.length, total: rows.length }, 200);
};

export const linkCategory: Handler<typeof routes.linkCategory> = async (c) => {
  const link = await linkEntity(serviceContext(c), c.req.valid('json').category_id, 'space', c.req.valid('param').id);
  return c.json({ data: toCategoryLink(link) }, 200);
};

export const unlinkCategory: Handler<typeof routes.unlinkCategory> = async (c) => {
  const { id, categoryId } = c.req.valid('param');
  await unlinkEntity(serviceContext(c), categoryId, 'space', id);
  return noContent(c);
};

export const tags: Handler<typeof routes.tags> = async (c) => {
  const rows = await entityTags(serviceContext(c), 'space', c.req.valid('param').id);
  return c.json({ data: rows.map(toTagSummary), returnedCount: rows.length, total: rows.length }, 200);
};

export const linkTag: Handler<typeof routes.linkTag> = async (c) => {
  const link = await linkTagName(serviceContext(c), c.req.valid('param').id, c.req.valid('json').tag_name);
  return c.json({ data: toTagLink(link) }, 200);
};

export const unlinkTag: Handler<typeof routes.unlinkTag> = async (c) => {
  const { id, tagId } = c.req.valid('param');
  await unlinkTagFrom(serviceContext(c), tagId, { entity_type: 'space', entity_id: id });
  return noContent(c);
};

export const contacts = contactLinkHandlers<typeof routes.contacts>('space');
