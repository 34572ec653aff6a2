// `npm run admin:create -- --email you@example.com --password '...'`: the first platform
// administrator of a new installation (or promotes an existing account) in DATABASE_URL.
import { parseArgs } from 'node:util';
import { ensureSystemAdmin } from './lib/system-admin.ts';

const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
const url = process.env.DATABASE_URL;
if (!url || !values.email) {
  console.error('usage: DATABASE_URL=... npm run admin:create -- --email <email> [--password <at least 12 characters>]');
  process.exit(1);
}
if (values.password !== undefined && values.password.length < 12) {
  console.error('the password must have at least 12 characters');
  process.exit(1);
}
const outcome = await ensureSystemAdmin(url, values.email, values.password ?? null);
console.log(`${values.email}: system administrator ${outcome}`);
