// The application role of the local stack (tests, `npm start`, `npm run bench`): the migration
// 0012_row_level_security makes `platform_app` (NOLOGIN, no BYPASSRLS, owns nothing); this gives it
// LOGIN and a password and answers its connection string, the Worker's DATABASE_URL. The owner's
// URL (the one migrations ran with) stays the Worker's PLATFORM_DATABASE_URL. On Neon the same
// two statements run once in the SQL editor (README, "Deploy").
import pg from 'pg';

export const APP_ROLE = 'platform_app';
const APP_PASSWORD = 'platform_app';

/** Gives the application role LOGIN and the local password; returns `ownerUrl` with its credentials. */
export async function ensureAppRole(ownerUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`alter role ${APP_ROLE} login password '${APP_PASSWORD}'`);
    // The migration refused BYPASSRLS; a role edited by hand since must not keep it.
    const { rows } = await client.query<{ bypass: boolean; superuser: boolean }>(
      'select rolbypassrls as bypass, rolsuper as superuser from pg_roles where rolname = $1',
      [APP_ROLE],
    );
    if (rows[0]?.bypass || rows[0]?.superuser) throw new Error(`${APP_ROLE} bypasses row-level security: alter role ${APP_ROLE} nobypassrls nosuperuser`);
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = APP_PASSWORD;
  return url.toString();
}
