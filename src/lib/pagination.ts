import { z } from '@hono/zod-openapi';

/** `limit` / `offset` query parameters shared by list routes: bounded page size, stable order. */
export const limitOffsetQuery = (defaultLimit: number, maxLimit = 500) => ({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxLimit)
    .default(defaultLimit)
    .openapi({ description: `Page size, 1..${maxLimit} (default ${defaultLimit})` }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Items to skip (default 0)' }),
});

export function page<T>(items: T[], limit: number, offset: number) {
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
}

/** `{id}` path parameter: a UUID, described per route (e.g. `idParam('Group id')`). */
export const idParam = (description: string) => z.object({ id: z.uuid().openapi({ description }) });
