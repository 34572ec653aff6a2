// IAM handlers: the caller's permissions and the catalog. The space and resource lists are empty
// (same shape) until those areas ship.
import type { Handler } from '../../../http/handler';
import { principal, userPrincipal } from '../../../middleware/auth';
import type * as routes from './iam.routes';
import * as service from './iam.service';

export const overview: Handler<typeof routes.overview> = async (c) => {
  return c.json({ data: service.overview(await userPrincipal(c)) }, 200);
};

export const can: Handler<typeof routes.can> = async (c) => {
  const code = service.askedPermission(c.req.valid('query'));
  const p = await principal(c);
  return c.json({ allowed: p.permissions.has(code) }, 200);
};

export const mePermissions: Handler<typeof routes.mePermissions> = async (c) => {
  return c.json({ data: service.effectivePermissions(await principal(c)) }, 200);
};

export const mySpaces: Handler<typeof routes.mySpaces> = async (c) => {
  await principal(c);
  return c.json({ data: [] }, 200);
};

export const manageableSpaces: Handler<typeof routes.manageableSpaces> = async (c) => {
  await principal(c);
  return c.json({ data: [] }, 200);
};

export const manageableResources: Handler<typeof routes.manageableResources> = async (c) => {
  await principal(c);
  return c.json({ data: [] }, 200);
};
