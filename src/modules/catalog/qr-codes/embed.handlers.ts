// The public embed's handler: credentials are optional here, so they are checked only when sent
// (the same checks as the secure zone's), and the answer is the image, a 304 or an error.
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { authenticate, principal, type Principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { embed as embedImage } from './qr-codes.embed';
import { imageResponse } from './qr-codes.handlers';
import type * as routes from './qr-codes.routes';

/** The caller when the request carries credentials (its check starts now, to share the links' batch); 401 for bad ones. */
async function optionalCaller(c: Context<AppEnv>): Promise<{ caller?: Promise<Principal> }> {
  if (!c.req.header('authorization') && !c.req.header('x-api-key')) return {};
  await authenticate()(c, async () => {});
  const p = principal(c);
  p.catch(() => {}); // awaited by the access check when the level needs a caller
  return { caller: p };
}

export const embed: Handler<typeof routes.embed> = async (c) => {
  const { uuid } = c.req.valid('param');
  const { format } = c.req.valid('query');
  const { caller } = await optionalCaller(c);
  const out = await embedImage(serviceContext(c), uuid.toLowerCase(), format, caller, c.req.header('if-none-match'));
  // Public images may sit in shared caches briefly; the others only in the caller's, revalidated each time.
  const headers: Record<string, string> = out.isPublic ? { 'Cache-Control': 'public, max-age=60' } : { 'Cache-Control': 'private, no-cache', Vary: 'Authorization, X-API-Key' };
  return imageResponse(out.status === 304 ? null : out.body, format, out.etag, headers, out.status) as never;
};
