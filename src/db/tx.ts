// Transaction and tenant-scoping helpers used by every service.
import { eq, and, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AfterCommitTask } from '../context';
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
export async function inTransaction<C extends { db(): Promise<Database>; afterCommit?(task: AfterCommitTask): void }, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  const db = await ctx.db();
  if (!ctx.afterCommit) return db.transaction((tx) => fn(withHandle(ctx, tx)));
  // After-commit work queued inside waits for this transaction: dropped when it rolls back (a job
  // that catches the failure and goes on must not deliver what was never committed).
  const tasks: AfterCommitTask[] = [];
  const result = await db.transaction((tx) => fn(Object.assign(withHandle(ctx, tx), { afterCommit: (task: AfterCommitTask) => void tasks.push(task) })));
  for (const task of tasks) ctx.afterCommit(task);
  return result;
}

/** The same context answering `db()` with `handle` (a transaction the caller already holds). */
export function withHandle<C extends { db(): Promise<Database> }>(ctx: C, handle: Database | Tx): C {
  return Object.assign(Object.create(ctx) as C, { db: async () => handle as unknown as Database });
}
