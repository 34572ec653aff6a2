// Category and tag link handlers of a directory entity type, through the catalog's link services
// (the entity registry's type decides who may change the entity).
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { serviceContext } from '../../../middleware/service-context';
import { entityCategories, linkEntity, unlinkEntity } from '../../catalog/categories/links.service';
import { toLink as toCategoryLink, toListItem as toCategory } from '../../catalog/categories/categories.views';
import { entityTags, unlink as unlinkTagFrom } from '../../catalog/tags/tags.service';
import { toLink as toTagLink, toTagSummary } from '../../catalog/tags/tags.views';
import { pickLanguage } from '../../foundation/reference/locale';
import type * as spaceRoutes from '../spaces/links.routes';
import { linkTag as linkTagName } from './links.service';

// Typed as the space routes: every entity type's link routes share their parameters and answers.
type R = typeof spaceRoutes;

export function entityLinkHandlers(type: 'space' | 'resource') {
  const categories: Handler<R['categories']> = async (c) => {
    const rows = await entityCategories(serviceContext(c), type, c.req.valid('param').id);
    const lang = pickLanguage(c.req.valid('query').preferredLanguage, c.req.header('accept-language'));
    return c.json({ data: rows.map((r) => toCategory(r, lang)), returnedCount: rows.length, total: rows.length }, 200);
  };
  const linkCategory: Handler<R['linkCategory']> = async (c) => {
    const link = await linkEntity(serviceContext(c), c.req.valid('json').category_id, type, c.req.valid('param').id);
    return c.json({ data: toCategoryLink(link) }, 200);
  };
  const unlinkCategory: Handler<R['unlinkCategory']> = async (c) => {
    const { id, categoryId } = c.req.valid('param');
    await unlinkEntity(serviceContext(c), categoryId, type, id);
    return noContent(c);
  };
  const tags: Handler<R['tags']> = async (c) => {
    const rows = await entityTags(serviceContext(c), type, c.req.valid('param').id);
    return c.json({ data: rows.map(toTagSummary), returnedCount: rows.length, total: rows.length }, 200);
  };
  const linkTag: Handler<R['linkTag']> = async (c) => {
    const link = await linkTagName(serviceContext(c), type, c.req.valid('param').id, c.req.valid('json').tag_name);
    return c.json({ data: toTagLink(link) }, 200);
  };
  const unlinkTag: Handler<R['unlinkTag']> = async (c) => {
    const { id, tagId } = c.req.valid('param');
    await unlinkTagFrom(serviceContext(c), tagId, { entity_type: type, entity_id: id });
    return noContent(c);
  };
  return { categories, linkCategory, unlinkCategory, tags, linkTag, unlinkTag };
}
