// Queries over time are bounded: `from` and `to` are required instants, `from` before `to`, and the
// span at most a documented number of days (paged lists a year, unpaged answers two months), so no
// request scans a calendar's whole history.
import { z } from '@hono/zod-openapi';
import { invalidFields } from '../../../lib/validation';

/** Paged routes (entries, recurrence instances): at most 366 days per request. */
export const MAX_LIST_WINDOW_DAYS = 366;
/** Unpaged routes (window, free-busy): at most 62 days per request. */
export const MAX_SPAN_WINDOW_DAYS = 62;

export const windowQuery = (maxDays: number) => ({
  from: z.iso.datetime({ offset: true }).openapi({ description: `Window start (inclusive), an ISO instant. Required; the window spans at most ${maxDays} days.` }),
  to: z.iso.datetime({ offset: true }).openapi({ description: 'Window end (exclusive), an ISO instant after `from`. Required.' }),
});

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** The window of a query: 400 when `to` is not after `from` or the span is longer than `maxDays`. */
export function timeWindow(q: { from: string; to: string }, maxDays: number): TimeWindow {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from)) throw invalidFields('query', { to: ['Must be after from'] });
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) throw invalidFields('query', { to: [`The window spans at most ${maxDays} days`] });
  return { from, to };
}

/** A comma-separated list of calendar ids (at most 50) in a query string. */
export const calendarIdsQuery = z
  .string()
  .max(50 * 37)
  .transform((s, ctx) => {
    const ids = [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
    const bad = ids.filter((x) => !z.uuid().safeParse(x).success);
    if (bad.length || ids.length > 50) ctx.addIssue({ code: 'custom', message: bad.length ? 'Calendar ids must be UUIDs' : 'At most 50 calendar ids' });
    return ids;
  })
  .optional()
  .openapi({ type: 'string', description: 'Comma-separated calendar ids (at most 50); omitted: every calendar visible to the caller' });
