// Applies the committed drizzle-kit migrations (drizzle/) to a database.
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

const migrationsFolder = new URL('../../drizzle', import.meta.url).pathname;

export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Postgres prints a NOTICE for every "already exists"; keep the console for real news.
    client.on('notice', () => {});
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}
