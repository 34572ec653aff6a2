// Contact link handlers, built per entity type over the routes of links.routes.ts (their
// parameters and answers are the same for users, spaces and resources).
import type { RouteConfig } from '@hono/zod-openapi';
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { serviceContext } from '../../../middleware/service-context';
import type { ContactEntityType } from './contacts.model';
import { toLink } from './contacts.views';
import type * as routes from './links.routes';
import * as service from './links.service';

type Routes = { list: RouteConfig; link: RouteConfig; unlink: RouteConfig };
type Handlers<R extends Routes> = { list: Handler<R['list']>; link: Handler<R['link']>; unlink: Handler<R['unlink']> };
type UserRoutes = typeof routes.user;

/** The handlers of `type`'s link routes (typed as the user routes, whose shapes all types share). */
export function contactLinkHandlers<R extends Routes = UserRoutes>(type: ContactEntityType): Handlers<R> {
  const list: Handler<UserRoutes['list']> = async (c) => {
    const rows = await service.entityContacts(serviceContext(c), type, c.req.valid('param').id);
    return c.json({ data: rows.map(toLink) }, 200);
  };
  const link: Handler<UserRoutes['link']> = async (c) => {
    const made = await service.linkContact(serviceContext(c), type, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ data: toLink(made) }, 201);
  };
  const unlink: Handler<UserRoutes['unlink']> = async (c) => {
    const { id, contactId } = c.req.valid('param');
    await service.unlinkContact(serviceContext(c), type, id, contactId);
    return noContent(c);
  };
  return { list, link, unlink } as unknown as Handlers<R>;
}

export const user = contactLinkHandlers('user');
