// Global search in one statement: one branch per entity type the caller may read, each matched
// on its document (search_doc, drizzle/0025; stored for spaces and resources, drizzle/0032) and
// filtered by the tenant, then `union all`, ranked. The match goes through the GIN indexes by way
// of the tenant's matching ids (search_*_ids; spaces and resources ranked as well, search_*_ranked:
// drizzle/0034): under row-level security the app role's
// own `@@` is a filter over every row of the tenant, never an index search. The rows are then read
// under the tenant policy and the caller's rules as before. Prefix matching comes from search_query (every word a prefix); accents and
// case are folded on both sides (unaccent, lower). Translations are part of each document (B weight).
import { sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../../context';
import { tenantOf } from '../../../db/tenant';
import type { Permission } from '../../../lib/permissions';
import { writesAllSql } from '../shared/ordering.queries';
import type { SearchCaller, SearchHit, SearchInput, SearchType } from './search.model';
import { TYPE_PERMISSION } from './search.model';
import { resourceManagerSql, spaceManagerSql } from '../shared/membership.queries';

/** true / false when the caller is loaded, SQL while it is derived. */
function holds(c: SearchCaller, permission: string, t: string): Cond {
  if (c.permissions) return c.permissions.has(permission);
  return c.userId ? writesAllSql(permission as Permission, c.userId, sql`${t}::uuid`) : false;
}

type Cond = SQL | boolean;
const isSql = (p: Cond): p is SQL => typeof p === 'object';
function and(...parts: Cond[]): Cond {
  if (parts.includes(false)) return false;
  const s = parts.filter(isSql);
  return s.length ? sql`(${sql.join(s.map((p) => sql`(${p})`), sql` and `)})` : true;
}
function or(...parts: Cond[]): Cond {
  if (parts.includes(true)) return true;
  const s = parts.filter(isSql);
  return s.length ? sql`(${sql.join(s.map((p) => sql`(${p})`), sql` or `)})` : false;
}

interface Branch {
  type: SearchType;
  from: SQL;
  /** The hit's id (defaults to x.id). */
  id?: SQL;
  doc: SQL;
  title: SQL;
  /** The base name: exact and leading matches of it rank first. */
  name: SQL;
  description: SQL;
  status: SQL;
  spaceId: SQL;
  where: Cond;
  /** The tenant's ids matching the document through its GIN index (drizzle/0034); else `doc @@ q` per row. */
  matchIds?: string;
  /** Or the function answering its matching rows (as `x`, the columns the branch reads) ranked (drizzle/0034). */
  ranked?: string;
}

function branchSql(b: Branch, i: SearchInput, t: string): SQL {
  const query = sql`search_query(${i.q})`;
  const folded = sql`search_unaccent(lower(${i.q}))`;
  const name = sql`search_unaccent(lower(${b.name}))`;
  // A ranked branch's function answers only matches: no condition of its own.
  const match = b.ranked ? sql`` : b.matchIds ? sql` and x.id in (select ${sql.raw(b.matchIds)}(${query}))` : sql` and ${b.doc} @@ ${query}`;
  const rank = b.ranked ? sql`x.rank` : sql`(ts_rank(${b.doc}, ${query}) + case when ${name} = ${folded} then 1 when starts_with(${name}, ${folded}) then 0.5 else 0 end)::float8`;
  const from = b.ranked ? sql`${sql.raw(b.ranked)}(${i.q}) x` : b.from;
  const where = b.where === true ? sql`` : sql` and ${b.where === false ? sql`false` : b.where}`;
  return sql`(select ${b.type}::text as type, ${b.id ?? sql`x.id`} as id, ${b.title} as title, ${b.description} as description, ${b.status} as status, ${b.spaceId} as space_id, ${rank} as rank
    from ${from} where x.tenant_id = ${t}${match}${where}
    order by rank desc limit ${i.limit})`;
}

const translated = (column: SQL, lang: string | undefined, base: SQL) => (lang ? sql`coalesce(${column} -> ${lang}::text ->> 'name', ${base})` : base);

function branches(c: SearchCaller, i: SearchInput, t: string): Branch[] {
  const u = c.userId ?? null;
  const lang = i.language;
  const out: Branch[] = [];
  const want = (type: SearchType) => i.types.includes(type) && holds(c, TYPE_PERMISSION[type], t) !== false;
  if (want('space')) {
    const manager = u ? spaceManagerSql(sql.raw('x.id'), u) : false;
    out.push({
      type: 'space',
      from: sql`spaces x`,
      doc: sql`x.search_document`,
      ranked: 'search_space_ranked',
      title: translated(sql`x.translations_i18n`, lang, sql`x.name`),
      name: sql`x.name`,
      description: sql`x.description`,
      status: sql`x.status`,
      spaceId: sql`null::uuid`,
      // Pending spaces: their creator, their managers and tenant-wide writers only.
      where: and(holds(c, 'spaces:read', t), or(sql`x.status <> 'pending'`, u ? sql`x.created_by = ${u}` : false, holds(c, 'spaces:write', t), manager)),
    });
  }
  // A property-limited key reads a resource's name and description only when its list names them.
  const props = c.properties;
  if (want('resource') && (!props || props.includes('name'))) {
    const withDescription = !props || props.includes('description');
    const manager = u ? resourceManagerSql(sql.raw('x.id'), u) : false;
    out.push({
      type: 'resource',
      from: sql`resources x`,
      // The stored, indexed document (drizzle/0032) unless the key may not read descriptions: then
      // the reduced one, computed per row (only property-limited keys take that path).
      doc: withDescription ? sql`x.search_document` : sql`search_doc(x.name, search_translations(x.translations_i18n), null)`,
      ranked: withDescription ? 'search_resource_ranked' : undefined,
      title: translated(sql`x.translations_i18n`, lang, sql`x.name`),
      name: sql`x.name`,
      description: withDescription ? sql`x.description` : sql`null::text`,
      status: !props || props.includes('status') ? sql`x.status` : sql`null::text`,
      spaceId: sql`x.space_id`,
      where: and(holds(c, 'resources:read', t), or(sql`x.status <> 'pending'`, u ? sql`x.created_by = ${u}` : false, holds(c, 'resources:write', t), manager)),
    });
  }
  if (want('contact')) {
    const full = sql`nullif(concat_ws(' ', x.first_name, x.middle_name, x.last_name), '')`;
    out.push({
      type: 'contact',
      from: sql`contacts x`,
      matchIds: 'search_contact_ids',
      doc: sql`search_doc(coalesce(x.first_name, '') || ' ' || coalesce(x.middle_name, '') || ' ' || coalesce(x.last_name, ''), coalesce(x.email, '') || ' ' || replace(coalesce(x.email, ''), '@', ' ') || ' ' || coalesce(x.phone, '') || ' ' || coalesce(x.url, ''), x.notes)`,
      title: sql`coalesce(${full}, x.email, x.phone, x.url, 'Contact')`,
      name: sql`coalesce(${full}, x.email, '')`,
      description: sql`nullif(concat_ws(' · ', x.email, x.phone), '')`,
      status: sql`null::text`,
      spaceId: sql`null::uuid`,
      where: holds(c, 'contacts:read', t),
    });
  }
  if (want('category')) {
    const tr = lang ? sql`(select ct.name from category_translations ct where ct.category_id = x.id and ct.locale = ${lang})` : undefined;
    out.push({
      type: 'category',
      from: sql`categories x`,
      doc: sql`search_doc(x.name, x.key, x.description)`,
      title: tr ? sql`coalesce(${tr}, x.name)` : sql`x.name`,
      name: sql`x.name`,
      description: sql`x.description`,
      status: sql`null::text`,
      spaceId: sql`null::uuid`,
      // Its own document or one of its translations' (both in search_category_ids).
      matchIds: 'search_category_ids',
      where: holds(c, 'taxonomy:read', t),
    });
  }
  if (want('tag')) {
    out.push({
      type: 'tag',
      from: sql`tags x`,
      matchIds: 'search_tag_ids',
      doc: sql`search_doc(x.display_name, search_translations(x.translations_i18n), null)`,
      title: translated(sql`x.translations_i18n`, lang, sql`x.display_name`),
      name: sql`x.display_name`,
      description: sql`null::text`,
      status: sql`null::text`,
      spaceId: sql`null::uuid`,
      where: holds(c, 'taxonomy:read', t),
    });
  }
  if (want('user')) {
    // Users span tenants: the membership names the tenant (it carries tenant_id for the branch filter).
    out.push({
      type: 'user',
      from: sql`memberships x join users usr on usr.id = x.user_id and usr.deleted_at is null`,
      id: sql`usr.id`,
      doc: sql`search_doc(coalesce(usr.display_name, '') || ' ' || coalesce(usr.first_name, '') || ' ' || coalesce(usr.last_name, ''), coalesce(usr.email, '') || ' ' || replace(coalesce(usr.email, ''), '@', ' '), null)`,
      title: sql`coalesce(usr.display_name, nullif(trim(concat_ws(' ', usr.first_name, usr.last_name)), ''), usr.email)`,
      name: sql`coalesce(usr.display_name, usr.email)`,
      description: sql`usr.email`,
      status: sql`x.status`,
      spaceId: sql`null::uuid`,
      where: holds(c, 'users:read', t),
    });
  }
  return out;
}

/** The best `limit` hits over every type the caller may read, in one statement. */
export async function search(ctx: ServiceContext, c: SearchCaller, i: SearchInput): Promise<SearchHit[]> {
  const t = tenantOf(ctx);
  const parts = branches(c, i, t);
  if (!parts.length) return [];
  const db = await ctx.db();
  const res = await db.execute<{ type: SearchType; id: string; title: string; description: string | null; status: string | null; space_id: string | null; rank: number | string }>(
    sql`select h.* from (${sql.join(parts.map((b) => branchSql(b, i, t)), sql` union all `)}) h order by h.rank desc, h.type, h.title, h.id limit ${i.limit}`,
  );
  return res.rows.map((r) => ({ type: r.type, id: r.id, title: r.title, description: r.description, status: r.status, spaceId: r.space_id, rank: Math.round(Number(r.rank) * 1e4) / 1e4 }));
}
