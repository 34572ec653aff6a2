// Creates (or promotes) a platform administrator: a user with is_system_admin, member of the
// system tenant with the role system_admin. Used by `npm run admin:create` and by `npm start`.
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';

/** Same format as src/lib/crypto.ts hashPassword (PBKDF2-SHA256, parameters stored with the hash). */
function hashPassword(password: string, iterations = 100_000): string {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  return `pbkdf2-sha256$${iterations}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function ensureSystemAdmin(url: string, email: string, password: string | null): Promise<'created' | 'promoted'> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    const tenant = await client.query<{ id: string }>(
      `insert into tenants (name, slug, domain, type, status) values ('System', 'system', 'system', 'system', 'active')
       on conflict (slug) do update set type = 'system' returning id`,
    );
    const tenantId = tenant.rows[0]!.id;
    const lower = email.toLowerCase();
    const existing = await client.query<{ id: string }>('select id from users where email = $1', [lower]);
    let userId = existing.rows[0]?.id;
    if (userId) {
      await client.query(
        `update users set is_system_admin = true, status = 'active', deleted_at = null,
           password_hash = coalesce($2, password_hash), updated_at = now() where id = $1`,
        [userId, password ? hashPassword(password) : null],
      );
    } else {
      if (!password) throw new Error('a new administrator needs a password');
      const created = await client.query<{ id: string }>(
        `insert into users (tenant_id, email, password_hash, password_changed_at, display_name, is_system_admin, default_tenant_id, email_confirmed_at)
         values ($1, $2, $3, now(), 'Administrator', true, $1, now()) returning id`,
        [tenantId, lower, hashPassword(password)],
      );
      userId = created.rows[0]!.id;
    }
    await client.query(
      `insert into memberships (user_id, tenant_id, role) values ($1, $2, 'system_admin')
       on conflict (user_id, tenant_id) do update set role = 'system_admin', status = 'active'`,
      [userId, tenantId],
    );
    await client.query('commit');
    return existing.rows[0] ? 'promoted' : 'created';
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
