// The application account vocabulary shared by routes, handlers and the service (no ORM for their importers).
import type { z } from '@hono/zod-openapi';
import type * as contract from '../../../contract/access';
import type { appAccounts } from '../../../db/schema/access';

export const MAX_APP_ACCOUNTS_PER_TENANT = 100;
export const MIN_PASSWORD = 12;

export type AppAccountRow = typeof appAccounts.$inferSelect;
export type AppAccountValues = typeof appAccounts.$inferInsert;
export type NewAppAccount = z.output<typeof contract.postSecureAppAccounts.body>;
export type AppAccountPatch = z.output<typeof contract.patchSecureAppAccountsById.body>;

/** What usage-stats reports, from recorded data. */
export interface AppAccountUsage {
  account: AppAccountRow;
  sessions: { total: number; active: number; lastCreatedAt: Date | null };
  failedSignInsLast30Days: number;
}
