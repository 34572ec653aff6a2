// Export of the tenant's users and groups: the file's cells, one page at a time (`limit` rows
// from `offset`), and how many rows there are in all.
import type { ServiceContext } from '../../../context';
import { listMembers } from '../users';
import { GROUP_EXPORT_COLUMNS, USER_EXPORT_COLUMNS } from './transfer.model';
import * as q from './transfer.queries';

export interface Table {
  header: string[];
  rows: (string | null)[][];
  total: number;
}

/** Members of the tenant ordered by email, with their role there. */
export async function exportUsers(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<Table> {
  const { rows, total } = await listMembers(ctx, page);
  return {
    header: USER_EXPORT_COLUMNS,
    rows: rows.map(({ user: u, role }) => [
      u.id, u.email, u.firstName, u.middleName, u.lastName, u.displayName, u.locale, u.status, role,
      u.emailConfirmedAt?.toISOString() ?? null, u.createdAt.toISOString(), u.updatedAt.toISOString(),
    ]),
    total,
  };
}

/** Groups of the tenant ordered by name; `permissions` holds the codes separated by spaces. */
export async function exportGroups(ctx: ServiceContext, page: { limit: number; offset: number }): Promise<Table> {
  const { rows, total } = await q.groupsWithCounts(ctx, page.limit, page.offset);
  return {
    header: GROUP_EXPORT_COLUMNS,
    rows: rows.map(({ g, members }) => [g.id, g.name, g.description, g.permissions.join(' '), String(members), g.createdAt.toISOString(), g.updatedAt.toISOString()]),
    total,
  };
}
