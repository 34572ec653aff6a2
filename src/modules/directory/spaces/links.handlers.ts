// A space's category and tag links (shared handlers: directory/shared/links.handlers.ts).
import { entityLinkHandlers } from '../shared/links.handlers';

export const { categories, linkCategory, unlinkCategory, tags, linkTag, unlinkTag } = entityLinkHandlers('space');
