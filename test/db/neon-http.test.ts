// The local Neon HTTP SQL endpoint (scripts/lib/neon-http.ts), spoken to by the real driver's
// `neon()` and by drizzle-orm/neon-http from inside workerd: what the Worker's HTTP read path will
// rely on locally, so it must answer as Neon's endpoint does.
import { env } from 'cloudflare:test';
import { neon, neonConfig, NeonDbError } from '@neondatabase/serverless';
import { eq, inArray, sql as dsql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/neon-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';

// neon() takes its endpoint from the global neonConfig only (not from its per-call options).
beforeAll(() => {
  neonConfig.fetchEndpoint = env.DB_HTTP_ENDPOINT!;
});
const sql = neon(env.DATABASE_URL);
const db = drizzle({ client: sql, schema: { tenants } });
const tag = () => crypto.randomUUID().slice(0, 8);
const newTenant = (t = tag()) => ({ name: `HTTP ${t}`, slug: `http-${t}`, domain: `http-${t}.test` });

/** The NeonDbError a query failed with (drizzle wraps it as the cause of its own error). */
async function failure(p: Promise<unknown>): Promise<NeonDbError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  const cause = err instanceof NeonDbError ? err : (err as Error | undefined)?.cause;
  expect(cause).toBeInstanceOf(NeonDbError);
  return cause as NeonDbError;
}

describe('local Neon HTTP endpoint', () => {
  it('returns each type as the driver parses it, nulls included', async () => {
    const [row] = await sql`
      select 42::int as i, 9007199254740993::bigint as big, 12.50::numeric as num, true as yes, false as no,
             '2024-01-02T03:04:05.678Z'::timestamptz as ts, '2024-01-02T03:04:05.678Z'::timestamptz::text as ts_text,
             '6f1c2c1e-0b7a-4a8e-9b43-0f5d3c1a2b3c'::uuid as id,
             'héllo, "world"' as txt, '{"a":[1,null,"x"],"b":{"c":true}}'::jsonb as doc,
             array[1,2,null]::int[] as ints, array['a,b', 'c"d', null, '', 'NULL', 'x\\y', '{z}']::text[] as texts,
             '\\x00ff10'::bytea as bytes, null::text as nothing, null::int[] as no_array`;
    expect(row).toMatchObject({
      i: 42,
      big: '9007199254740993', // int8 stays a string, as with the WebSocket driver
      num: '12.50',
      yes: true,
      no: false,
      id: '6f1c2c1e-0b7a-4a8e-9b43-0f5d3c1a2b3c',
      txt: 'héllo, "world"',
      doc: { a: [1, null, 'x'], b: { c: true } },
      ints: [1, 2, null],
      texts: ['a,b', 'c"d', null, '', 'NULL', 'x\\y', '{z}'],
      nothing: null,
      no_array: null,
    });
    // drizzle-orm/neon-http makes the driver keep date/time values as Postgres's text (it maps them itself).
    expect(row!.ts).toBe(row!.ts_text);
    expect([...(row!.bytes as Uint8Array)]).toEqual([0, 255, 16]);
  });

  it('binds parameters, null and JSON included', async () => {
    const when = new Date('2025-06-07T08:09:10.111Z');
    const [row] = await sql`select ${2}::int + ${3}::int as sum, ${"it's"}::text as s, ${null}::text as n,
                                   ${JSON.stringify({ k: ['v'] })}::jsonb as j, ${when}::timestamptz = '2025-06-07T08:09:10.111Z' as same_time, ${['x,y', null]}::text[] as arr`;
    expect(row).toMatchObject({ sum: 5, s: "it's", n: null, j: { k: ['v'] }, arr: ['x,y', null], same_time: true });
    const full = await sql.query('select $1::text as a union all select $2', ['one', 'two'], { fullResults: true });
    expect(full).toMatchObject({ command: 'SELECT', rowCount: 2, rows: [{ a: 'one' }, { a: 'two' }] });
    expect(full.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['a', 25]]);
  });

  it('reads and writes through drizzle-orm/neon-http, with row counts', async () => {
    const t = newTenant();
    const [made] = await db.insert(tenants).values({ ...t, additionalLanguages: ['de', 'fr'], settings: { theme: 'dark' } }).returning();
    expect(made).toMatchObject({ ...t, additionalLanguages: ['de', 'fr'], settings: { theme: 'dark' }, status: 'active', description: null });
    expect(made!.createdAt).toBeInstanceOf(Date);
    const found = await db.query.tenants.findFirst({ where: eq(tenants.id, made!.id) });
    expect(found).toEqual(made);
    const updated = await db.update(tenants).set({ description: 'x' }).where(eq(tenants.id, made!.id));
    expect(updated.rowCount).toBe(1);
  });

  it('answers errors with their SQLSTATE and details', async () => {
    const syntax = await failure(sql.query('selec 1'));
    expect(syntax).toMatchObject({ code: '42601', position: '1' });
    expect(syntax.message).toMatch(/syntax error/);

    const t = newTenant();
    await db.insert(tenants).values(t);
    const dup = await failure(db.insert(tenants).values({ ...newTenant(), domain: t.domain }));
    expect(dup).toMatchObject({ code: '23505', constraint: 'tenants_domain_unique', table: 'tenants', detail: `Key (domain)=(${t.domain}) already exists.` });
  });

  it('runs a batch as one transaction that rolls back entirely when a statement fails', async () => {
    const a = newTenant();
    const b = newTenant();
    const err = await failure(
      db.batch([db.insert(tenants).values(a), db.insert(tenants).values(b), db.insert(tenants).values({ ...newTenant(), slug: a.slug })]),
    );
    expect(err.code).toBe('23505');
    expect(await db.select().from(tenants).where(inArray(tenants.slug, [a.slug, b.slug]))).toEqual([]);

    const [inserted, read] = await db.batch([db.insert(tenants).values(a).returning({ id: tenants.id }), db.select({ n: dsql<number>`count(*)::int` }).from(tenants).where(eq(tenants.slug, a.slug))]);
    expect(inserted).toHaveLength(1);
    expect(read).toEqual([{ n: 1 }]); // the second statement sees the first one's write
  });

  it('refuses a write in a read-only batch and honours the isolation level', async () => {
    const t = newTenant();
    const err = await failure(sql.transaction([sql`select 1`, sql`insert into tenants (name, slug, domain) values (${t.name}, ${t.slug}, ${t.domain})`], { readOnly: true }));
    expect(err.code).toBe('25006');
    expect(await sql`select 1 from tenants where slug = ${t.slug}`).toEqual([]);

    const [level, ro] = await sql.transaction([sql`show transaction_isolation`, sql`show transaction_read_only`], {
      isolationLevel: 'Serializable',
      readOnly: true,
      deferrable: true,
    });
    expect(level).toEqual([{ transaction_isolation: 'serializable' }]);
    expect(ro).toEqual([{ transaction_read_only: 'on' }]);
  });

  it("keeps a batch's transaction-local settings inside the batch", async () => {
    const [, seen] = await sql.transaction([sql`select set_config('app.probe', ${'inside'}, true)`, sql`select current_setting('app.probe', true) as v`]);
    expect(seen).toEqual([{ v: 'inside' }]);
    // Every pooled connection answers without the setting afterwards (empty: the name is known now, unset).
    const after = await Promise.all(Array.from({ length: 8 }, () => sql`select current_setting('app.probe', true) as v`));
    for (const [row] of after) expect(row!.v || null).toBeNull();
  });

  it('serves only the local database', async () => {
    const other = new URL(env.DATABASE_URL);
    other.pathname = '/postgres';
    const err = await failure(neon(other.toString())`select 1`);
    expect(err.message).toMatch(/only .* is served here/);
  });
});
