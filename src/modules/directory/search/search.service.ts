// Global search: checks the query, decides which types the caller asked for, and runs the one
// statement of search.queries.ts. The caller is either loaded (its permissions known) or, for the
// read that goes out with the caller check, a person whose permissions the statement derives.
import type { Principal, ServiceContext } from '../../../context';
import { ApiError } from '../../../lib/errors';
import { SEARCH_TYPES, type SearchCaller, type SearchHit, type SearchInput, type SearchType } from './search.model';
import * as q from './search.queries';

/** The search input from the validated query; a query with nothing to match (no letter or digit) is 400. */
export function searchInput(f: { q: string; types?: string; limit: number }, language: string | undefined): SearchInput {
  if (!/[\p{L}\p{N}]/u.test(f.q)) {
    throw new ApiError('VALIDATION_ERROR', 'q needs at least one letter or digit', { location: 'query', fields: { q: ['Needs at least one letter or digit'] } });
  }
  const types = f.types ? [...new Set(f.types.split(',') as SearchType[])] : [...SEARCH_TYPES];
  return { q: f.q, types, limit: f.limit, language };
}

/** A person's read sent before they were loaded: their permissions come from SQL. */
export const earlyCaller = (userId: string | undefined): SearchCaller => ({ userId, permissions: undefined, properties: null });

/** The loaded caller (API keys and app accounts have permission objects SQL cannot derive). */
export const loadedCaller = (p: Principal): SearchCaller => ({ userId: p.kind === 'user' ? p.userId : undefined, permissions: p.permissions, properties: p.properties });

/** Whether the early read's derivation holds for this caller (a person, not a machine user). */
export const earlyHolds = (p: Principal) => p.kind === 'user' && p.actorType === 'user' && !p.properties;

export const search = (ctx: ServiceContext, c: SearchCaller, i: SearchInput): Promise<SearchHit[]> => q.search(ctx, c, i);
