// GET /search/: the reference gives no answer schema, so this route defines one (SearchResponse),
// documented here and in the README.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/directory';
import { contractRoute } from '../../../http/route';
import { SEARCH_TYPES } from './search.model';

const TYPE = SEARCH_TYPES.join('|');

export const SearchHit = z
  .strictObject({
    type: z.enum(SEARCH_TYPES).openapi({ description: 'Entity type of the hit' }),
    id: z.uuid().openapi({ description: 'The entity id (its own routes read it: /spaces/{id}, /resources/{id}, /contacts/{id}, /taxonomy/categories/{id}, /taxonomy/tags/{id}, /users/{id})' }),
    title: z.string().openapi({ description: 'Name in `preferredLanguage` when the entity has that translation, else its base name (users: display name, else full name, else email; contacts: full name, else email, phone or url)' }),
    description: z.string().nullable().openapi({ description: 'Base description (contacts: email · phone; users: email); null when none or not readable' }),
    status: z.string().nullable().openapi({ description: 'Status of spaces and resources, membership status of users; null for other types' }),
    spaceId: z.uuid().nullable().openapi({ description: 'The space a resource is in; null otherwise' }),
    rank: z.number().openapi({ description: 'Relevance (ts_rank of the weighted document, +1 when the name equals the query, +0.5 when it starts with it); higher first' }),
  })
  .openapi('SearchHit');

export const SearchResponse = z
  .strictObject({
    data: z.array(SearchHit),
    meta: z.strictObject({ q: z.string(), types: z.array(z.enum(SEARCH_TYPES)), limit: z.int() }),
  })
  .openapi('SearchResponse');

export const search = contractRoute(
  { ...contract.getSecureSearch, responses: { 200: SearchResponse } },
  {
    description:
      'Needs `search:read` (every role; every API key). Full-text search over spaces, resources, contacts, categories, tags and users of the caller’s tenant, in one statement. ' +
      'Every word of `q` must start a word of the entity (prefix match), case and accents ignored (`simple` configuration with `unaccent`); ' +
      'names weigh most, then translations (and secondary fields: category key, contact email/phone/url), then descriptions and notes. ' +
      'Only what the caller may read: each type needs its read permission (`spaces:read`, `resources:read`, `contacts:read`, `taxonomy:read` for ' +
      'categories and tags, `users:read`); pending spaces and resources only for their creator, their managers and tenant-wide writers; an API key ' +
      'limited by `resources.properties` finds resources only when `name` is among them, and by their description only when `description` is. ' +
      'Answer `{ data: SearchHit[], meta: { q, types, limit } }`, best first (rank, then type, title, id). A `q` without a letter or digit is 400.',
    request: {
      query: z.object({
        q: z.string().trim().min(1).max(200).openapi({ description: 'What to look for (1..200 characters)' }),
        types: z
          .string()
          .regex(new RegExp(`^(${TYPE})(,(${TYPE}))*$`))
          .optional()
          .openapi({ description: `Comma-separated types to search (${SEARCH_TYPES.join(', ')}); default all` }),
        limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ description: 'Hits to answer, 1..50 (20)' }),
        preferredLanguage: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/).optional().openapi({ description: 'Language of titles (else Accept-Language)' }),
      }),
    },
    auth: { permission: 'search:read' },
  },
);
