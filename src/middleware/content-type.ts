// Bodies must be JSON unless a route family says otherwise; anything else is a clear 415.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
/** Content types accepted besides JSON (file uploads and imports join this list). */
export const extraBodyTypes: RegExp[] = [/^multipart\/form-data\b/i];

export const requireJsonBody = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE') {
      const length = c.req.header('content-length');
      // A body may come without either header (HTTP/2 and HTTP/3 need neither): then the stream tells.
      const hasBody = length !== undefined ? length !== '0' : c.req.header('transfer-encoding') !== undefined || c.req.raw.body !== null;
      const type = c.req.header('content-type') ?? '';
      if (hasBody && !JSON_TYPE.test(type) && !extraBodyTypes.some((t) => t.test(type))) {
        throw new ApiError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Unsupported content type "${type || '(none)'}": send application/json`,
        );
      }
    }
    await next();
  });
