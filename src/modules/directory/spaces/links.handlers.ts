// A space's category and tag links (shared handlers: directory/shared/links.handlers.ts).
import { contactLinkHandlers } from '../contacts';
import type * as routes from './links.routes';
import { entityLinkHandlers } from '../shared/links.handlers';

export const { categories, linkCategory, unlinkCategory, tags, linkTag, unlinkTag } = entityLinkHandlers('space');

export const contacts = contactLinkHandlers<typeof routes.contacts>('space');
