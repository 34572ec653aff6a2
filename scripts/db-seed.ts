// `npm run db:migrate` / `npm run db:seed` against DATABASE_URL (e.g. a Neon database).
import { runMigrations } from './lib/migrate.ts';
import { seedReferenceData } from './lib/seed.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL (for Neon: the direct, unpooled connection string).');
  process.exit(1);
}
const what = process.argv[2] ?? 'all';
if (what === 'migrate' || what === 'all') {
  await runMigrations(url);
  console.log('migrations applied');
}
if (what === 'seed' || what === 'all') console.log('reference data', await seedReferenceData(url));
