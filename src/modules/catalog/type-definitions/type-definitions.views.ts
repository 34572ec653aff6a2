// The answer shapes of type definitions. The reference leaves them open: the whole row, camelCase.
import type { TypeRow } from './type-definitions.model';

export const toType = (t: TypeRow) => ({
  id: t.id,
  tenantId: t.tenantId,
  name: t.name,
  label: t.label,
  description: t.description,
  category: t.category,
  appliesTo: t.appliesTo,
  schemaDefinition: t.schemaDefinition,
  isActive: t.isActive,
  isSystem: t.tenantId === null,
  createdBy: t.createdBy,
  updatedBy: t.updatedBy,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});
