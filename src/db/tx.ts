// Transaction and tenant-scoping helpers used by every service.
import { eq, and, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from './client';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Runs `fn` in one transaction; rolls back when it throws. */
export function transaction<T>(db: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

/** `tenant_id = $tenant AND ...`: every read and write of a tenant-owned table goes through it. */
export function ofTenant(column: PgColumn, tenantId: string, ...more: (SQL | undefined)[]): SQL {
  return and(eq(column, tenantId), ...more) as SQL;
}

/**
 * Runs `fn` with a context whose `db()` is one transaction on the caller's handle (a savepoint
 * when the caller is already in one, as a mutating request's unit of work is). Jobs use it to
 * make a batch all-or-nothing; the context's other members are the caller's.
 */
export async function inTransaction<C extends { db(): Promise<Database> }, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  const db = await ctx.db();
  return db.transaction((tx) => fn(withHandle(ctx, tx)));
}

/** The same context answering `db()` with `handle` (a transaction the caller already holds). */
export function withHandle<C extends { db(): Promise<Database> }>(ctx: C, handle: Database | Tx): C {
  return Object.assign(Object.create(ctx) as C, { db: async () => handle as unknown as Database });
}
