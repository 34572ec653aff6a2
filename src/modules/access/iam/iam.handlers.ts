// IAM handlers: the caller's permissions and the catalog, entity-level checks and lists.
import type { Handler } from '../../../http/handler';
import { principal, userPrincipal, withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { asCaller as asResourceCaller } from '../../directory/resources/resources.handlers';
import { asCaller as asSpaceCaller } from '../../directory/spaces/spaces.handlers';
import type * as routes from './iam.routes';
import * as service from './iam.service';

export const overview: Handler<typeof routes.overview> = async (c) => {
  return c.json({ data: service.overview(await userPrincipal(c)) }, 200);
};

export const can: Handler<typeof routes.can> = async (c) => {
  const query = c.req.valid('query');
  service.askedPermission(query); // 400 before anything is read
  return c.json({ allowed: await service.can(serviceContext(c), await principal(c), query) }, 200);
};

export const mePermissions: Handler<typeof routes.mePermissions> = async (c) => {
  return c.json({ data: service.effectivePermissions(await principal(c)) }, 200);
};

// The lists are read with the caller check (one round trip), as the directory reads them.
export const mySpaces: Handler<typeof routes.mySpaces> = async (c) => {
  const ctx = serviceContext(c);
  const { value } = await withCaller(c, (as) => service.mySpaces(ctx, as.userId));
  return c.json({ data: value }, 200);
};

export const manageableSpaces: Handler<typeof routes.manageableSpaces> = async (c) => {
  const ctx = serviceContext(c);
  const { value } = await asSpaceCaller(c, (caller) => service.manageableSpaces(ctx, caller));
  return c.json({ data: value }, 200);
};

export const manageableResources: Handler<typeof routes.manageableResources> = async (c) => {
  const ctx = serviceContext(c);
  const { value } = await asResourceCaller(c, (caller) => service.manageableResources(ctx, caller));
  return c.json({ data: value }, 200);
};
