// Row-level security: which role a request's database work runs as, and the tenant setting the
// policies read (drizzle/0012_row_level_security.sql).
//
// Tenant-owned tables answer the application role (`platform_app`, DATABASE_URL) only rows whose
// tenant_id equals the transaction-local setting `app.tenant_id`; without it, none. The setting is
// transaction-local (`set_config(..., true)`), so a pooled server connection (Neon's pooler, the
// local HTTP endpoint's pool) never carries it to another client. It is sent in the same round
// trip as the statements it guards:
// - an HTTP batch (db/client.ts httpDb): `select set_config(...)` is the batch's first statement;
// - the unit-of-work transaction (WebSocket): `beginTenant` makes its BEGIN go out as
//   `begin; select set_config(...)`, one simple query.
// Platform-wide work — the lookups that establish the caller and their tenant (API keys), public
// routes (sign-up, sign-in), the system zone, cron and queue consumers, after-commit and
// after-response work, migrations — uses db/client.ts `platformDbConfig`: PLATFORM_DATABASE_URL, the owner or
// another role with BYPASSRLS.
import { sql, type SQL } from 'drizzle-orm';
import { foldIntoNext } from './fold';
import { UUID } from '../lib/uuid';

/** The setting the policies read. */
export const TENANT_SETTING = 'app.tenant_id';


/** `select set_config('app.tenant_id', <tenant>, true)`: no tenant sets '' (no tenant rows: fails closed). */
export function tenantSettingQuery(tenantId: string | undefined): { query: string; params: unknown[] } {
  return { query: `select set_config('${TENANT_SETTING}', $1, true)`, params: [tenantLiteral(tenantId)] };
}

/** The same as a Drizzle statement (to move an open transaction to another tenant). */
export function tenantSetting(tenantId: string | undefined): SQL {
  return sql`select set_config(${TENANT_SETTING}, ${tenantLiteral(tenantId)}, true)`;
}

/**
 * The next BEGIN sent on `db`'s connection also sets the tenant, in the same simple query
 * (`begin; select set_config('app.tenant_id', '<uuid>', true)`): no round trip of its own. The
 * tenant id is checked to be a UUID before it is written into the statement.
 */
export function beginTenant(db: object, tenantId: string | undefined): void {
  const value = tenantLiteral(tenantId);
  foldIntoNext(db, /^\s*begin\b/i, (text) => `${text}; select set_config('${TENANT_SETTING}', '${value}', true)`);
}

function tenantLiteral(tenantId: string | undefined): string {
  if (tenantId === undefined) return '';
  if (!UUID.test(tenantId)) throw new Error('tenant id is not a UUID');
  return tenantId.toLowerCase();
}
