// Avatar handlers: call the service, shape the reference's answers.
import type { Handler } from '../../../http/handler';
import { readAsUser, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './avatar.routes';
import * as service from './avatar.service';

export const get: Handler<typeof routes.get> = async (c) => {
  const { value } = await readAsUser(c, (userId) => service.currentAvatar(serviceContext(c), userId));
  return c.json({ data: value }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  // The body is judged before the caller (an invalid choice answers 400/422 to anyone).
  const choice = service.validateChoice(c.req.valid('json'));
  const p = await userPrincipal(c);
  const ctx = serviceContext(c);
  if (choice.source === 'none') return c.json({ success: true, message: 'Avatar set to the generated image', data: await service.setGenerated(ctx, p.userId) }, 200);
  const { provider, avatar } = await service.chooseIdentity(ctx, p.userId, choice.identityId);
  return c.json({ success: true, message: `Avatar set to the ${provider} picture`, data: avatar }, 200);
};

export const reset: Handler<typeof routes.reset> = async (c) => {
  const p = await userPrincipal(c);
  const data = await service.setGenerated(serviceContext(c), p.userId);
  return c.json({ success: true, message: 'Avatar reset to the generated image', data: { source: 'none' as const, avatarUrl: data.avatarUrl } }, 200);
};

export const sources: Handler<typeof routes.sources> = async (c) => {
  const { value } = await readAsUser(c, (userId) => service.avatarSources(serviceContext(c), userId));
  return c.json({ data: value }, 200);
};
