// GET /search/: validated query in, hits out. The statement goes with the caller check (one round
// trip); a caller whose permissions SQL cannot derive (API keys, app accounts) is searched again
// once loaded.
import type { Handler } from '../../../http/handler';
import { withCaller } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { pickLanguage } from '../../foundation/reference/locale';
import type * as routes from './search.routes';
import * as service from './search.service';

export const search: Handler<typeof routes.search> = async (c) => {
  const f = c.req.valid('query');
  const lang = f.preferredLanguage ?? (c.req.header('accept-language') ? pickLanguage(undefined, c.req.header('accept-language')) : undefined);
  const input = service.searchInput(f, lang);
  const ctx = serviceContext(c);
  const { p, value } = await withCaller(c, (as) => service.search(ctx, service.earlyCaller(as.userId), input));
  const hits = service.earlyHolds(p) ? value : await service.search(ctx, service.loadedCaller(p), input);
  return c.json({ data: hits, meta: { q: input.q, types: input.types, limit: input.limit } }, 200);
};
