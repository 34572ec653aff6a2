// Direct database access for test setup and for asserting what was (not) written.
// Goes through the same driver and bridge as the Worker.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import type { Env, JobContext } from '../../src/context';
import { platformDbConfig, requestDb, type Database } from '../../src/db/client';
import { withJobContext } from '../../src/jobs/context';
import { memberships, users, type Role } from '../../src/db/schema/accounts';
import { hashPassword } from '../../src/lib/crypto';
import { signIn, unique, type SignedIn } from './identity';

export async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = requestDb(platformDbConfig(env as Env));
  try {
    return await fn(await handle.get());
  } finally {
    await handle.close();
  }
}

/** Runs a service the way a job does (no request): its after-commit work runs when `fn` is done. */
export function withJob<T>(fn: (ctx: JobContext) => Promise<T>): Promise<T> {
  return withJobContext(env as Env, 'test', fn);
}

/** Adds a new user with `role` to a tenant and signs them in. */
export async function addMember(tenantId: string, role: Role = 'member', opts: { password?: string } = {}): Promise<SignedIn> {
  const email = `${unique('m-')}@example.test`;
  const password = opts.password ?? 'member password 1';
  const passwordHash = await hashPassword(password);
  await withDb(async (db) => {
    const [u] = await db.insert(users).values({ tenantId, email, passwordHash, defaultTenantId: tenantId }).returning({ id: users.id });
    await db.insert(memberships).values({ userId: u!.id, tenantId, role });
  });
  return signIn(email, password);
}

/** Makes an existing user a platform (system) administrator. */
export async function makeSystemAdmin(userId: string): Promise<void> {
  await withDb((db) => db.update(users).set({ isSystemAdmin: true }).where(eq(users.id, userId)));
}

/** Gives an existing user a membership in another tenant. */
export async function addMembership(userId: string, tenantId: string, role: Role = 'member'): Promise<void> {
  await withDb((db) => db.insert(memberships).values({ userId, tenantId, role }));
}

/** The newest outbox message to `recipient` (optionally of one template), opened as a developer reads the local sink. */
export async function lastMessage(recipient: string, template?: string) {
  const { outboxMessages } = await import('../../src/db/schema/outbox');
  const { openContent } = await import('../../src/modules/outbox/content');
  const { and, desc } = await import('drizzle-orm');
  const [row] = await withDb((db) =>
    db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipient, recipient), template ? eq(outboxMessages.template, template) : undefined))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1),
  );
  return row && openContent(env as Env, row);
}
