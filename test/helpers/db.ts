// Direct database access for test setup and for asserting what was (not) written.
// Goes through the same driver and bridge as the Worker.
import { env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { requestDb, type Database } from '../../src/db/client';
import { memberships, users, type Role } from '../../src/db/schema/identity';
import { hashPassword } from '../../src/lib/crypto';
import { signIn, unique, type SignedIn } from './identity';

export async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const handle = requestDb({ url: env.DATABASE_URL, wsProxy: env.DB_WS_PROXY, connectTimeoutMs: 5000 });
  try {
    return await fn(await handle.get());
  } finally {
    await handle.close();
  }
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

/** The newest outbox message to `recipient` (optionally of one template), as the local sink keeps it. */
export async function lastMessage(recipient: string, template?: string) {
  const { outboxMessages } = await import('../../src/db/schema/outbox');
  const { and, desc } = await import('drizzle-orm');
  const [row] = await withDb((db) =>
    db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.recipient, recipient), template ? eq(outboxMessages.template, template) : undefined))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1),
  );
  return row;
}
