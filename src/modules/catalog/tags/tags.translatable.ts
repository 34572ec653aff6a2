// Tags as a translatable source of the tenant language sync (tenants area): coverage, and the
// display names translated into a newly added language or dropped with a removed one. Set-based:
// one statement per page of 200 tags.
import { and, asc, count, eq, gt, ne, sql } from 'drizzle-orm';
import type { BaseContext } from '../../../context';
import { tags } from '../../../db/schema/tags';
import { ofTenant } from '../../../db/tx';
import type { TranslatableSource } from '../../tenants';

const PAGE = 200;

export const tagsTranslatable: TranslatableSource = {
  kind: 'tags',
  async coverage(ctx: BaseContext, tenantId: string) {
    const db = await ctx.db();
    const [r] = await db
      .select({ total: count(), translated: sql<number>`(count(*) filter (where ${tags.translations} <> '{}'::jsonb))::int` })
      .from(tags)
      .where(ofTenant(tags.tenantId, tenantId));
    return { total: Number(r?.total ?? 0), translated: Number(r?.translated ?? 0) };
  },
  async count(ctx: BaseContext, tenantId: string) {
    const db = await ctx.db();
    const [r] = await db.select({ n: count() }).from(tags).where(ofTenant(tags.tenantId, tenantId));
    return Number(r?.n ?? 0);
  },
  async translate(ctx, tenantId, from, language, t, done) {
    const db = await ctx.db();
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await db
        .select({ id: tags.id, display: tags.displayName })
        .from(tags)
        .where(and(eq(tags.tenantId, tenantId), gt(tags.id, after), ne(tags.language, language)))
        .orderBy(asc(tags.id))
        .limit(PAGE);
      if (!page.length) return;
      const names = await t.translate({ from, to: language, texts: page.map((p) => p.display) });
      const json = JSON.stringify(page.map((p, i) => ({ id: p.id, name: names[i] ?? p.display })));
      await db.execute(sql`
        update ${tags} set translations_i18n = translations_i18n || jsonb_build_object(${language}::text, jsonb_build_object('name', r.name)), updated_at = now()
        from jsonb_to_recordset(${json}::jsonb) as r(id uuid, name text)
        where ${tags.id} = r.id and ${tags.tenantId} = ${tenantId}`);
      await done(page.length);
      after = page[page.length - 1]!.id;
    }
  },
  async remove(ctx, tenantId, language) {
    const db = await ctx.db();
    const res = await db
      .update(tags)
      .set({ translations: sql`${tags.translations} - ${language}::text`, updatedAt: sql`now()` })
      .where(ofTenant(tags.tenantId, tenantId, sql`${tags.translations} ? ${language}::text`))
      .returning({ id: tags.id });
    return res.length;
  },
};
