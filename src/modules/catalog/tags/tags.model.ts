// The tag vocabulary shared by routes, handlers, services and the transfer (no ORM for importers).
import type { tagLinks, tags } from '../../../db/schema/tags';
import { invalidFields } from '../../../lib/validation';

export { TAG_OWNER_TYPES, type TagOwnerType, type TagTranslations } from '../../../db/schema/tags';

export type TagRow = typeof tags.$inferSelect;
export type LinkRow = typeof tagLinks.$inferSelect;

/** What a tag link may point to (the reference's enum); the entity registry decides which exist. */
export const TAG_ENTITY_TYPES = ['space', 'resource', 'tenant', 'group'] as const;
export type TagEntityType = (typeof TAG_ENTITY_TYPES)[number];

export const MAX_TAG_NAME = 100;

/** The spelling kept as `display_name`: NFC, trimmed, runs of white space as one space. */
export const displaySpelling = (raw: string) => raw.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** The unique key: the display spelling in Unicode lowercase (NFC again: lowercasing may decompose). */
export const normalizeTagName = (raw: string) => displaySpelling(raw).toLowerCase().normalize('NFC');

// Control and format characters (other than spaces, which collapse) make names that look alike.
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export interface TagName {
  name: string;
  display: string;
}

/** Checks and normalizes names; 400 naming the offending entries (nothing is written). */
export function parseTagNames(raw: readonly string[], field: string): TagName[] {
  const fields: Record<string, string[]> = {};
  const out: TagName[] = [];
  raw.forEach((r, i) => {
    const key = raw.length === 1 && field === 'tag_name' ? field : `${field}.${i}`;
    const display = displaySpelling(r.replace(/[\t\n\r]/g, ' '));
    if (!display) fields[key] = ['A tag name needs at least one visible character'];
    else if (INVISIBLE.test(display)) fields[key] = ['Control or format characters are not allowed in tag names'];
    else if (display.length > MAX_TAG_NAME) fields[key] = [`At most ${MAX_TAG_NAME} characters`];
    else out.push({ name: normalizeTagName(display), display });
  });
  if (Object.keys(fields).length) throw invalidFields('body', fields);
  return out;
}

/** One entry per normalized name, the first spelling winning, in the order given. */
export function uniqueNames(names: TagName[]): TagName[] {
  const seen = new Map<string, TagName>();
  for (const n of names) if (!seen.has(n.name)) seen.set(n.name, n);
  return [...seen.values()];
}

export interface Owner {
  id: string;
  type: 'user' | 'group';
}

export interface ListFilter {
  search?: string;
  persistent?: boolean;
  owner_type?: 'user' | 'group';
  language?: string;
  limit: number;
  offset: number;
}
