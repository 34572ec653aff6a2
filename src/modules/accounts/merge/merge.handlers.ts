// Merge handler: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './merge.routes';
import * as service from './merge.service';

export const merge: Handler<typeof routes.merge> = async (c) => {
  const p = await userPrincipal(c);
  const body = c.req.valid('json');
  const dryRun = Boolean(body.dryRun);
  const merged = await service.mergeAccounts(serviceContext(c), p, { secondaryAccessToken: body.secondaryAccessToken, mode: body.mergeMode ?? 'move_all', dryRun });
  return c.json(
    {
      data: {
        primaryUserId: p.userId,
        secondaryUserId: merged.secondaryUserId,
        status: dryRun ? ('dry_run' as const) : ('completed' as const),
        reassignedEntities: merged.counts,
        warnings: merged.warnings,
        deletedSecondaryAccount: !dryRun,
      },
    },
    200,
  );
};
