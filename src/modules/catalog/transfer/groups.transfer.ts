// Groups in the generic import and export: access's own implementation (the same file and the same
// ImportResult as `/groups/export` and `/groups/import`), with the column notes and example row
// the generic export adds.
import { exportGroups, groupsImport, GROUP_EXPORT_COLUMNS } from '../../access/transfer';
import { registerTransferType } from './transfer.registry';

const DESCRIPTIONS: Record<(typeof GROUP_EXPORT_COLUMNS)[number], string> = {
  id: 'Group id (UUID). Empty: the row creates a group; a UUID: updates that group of this tenant.',
  name: 'Required, 1-255 characters, unique in the tenant. Without an id a row matches an existing group by this name.',
  description: 'Free text (optional).',
  permissions: 'Permission codes separated by spaces, commas or semicolons (e.g. spaces:read spaces:write); only codes you hold, never system:admin.',
  member_count: 'Read only: members of the group (ignored by the import; manage members with /groups/{id}/members).',
  created_at: 'Read only (ignored by the import).',
  updated_at: 'Read only (ignored by the import).',
};

registerTransferType({
  entityType: 'groups',
  exportPermission: 'groups:read',
  importPermission: 'groups:write',
  async export(ctx, page) {
    const t = await exportGroups(ctx, page);
    return { ...t, descriptions: DESCRIPTIONS, example: [null, 'Facility team', 'Looks after rooms and equipment', 'spaces:read resources:read', null, null, null] };
  },
  async import(ctx, input) {
    return groupsImport(ctx, await ctx.principal(), input);
  },
});
