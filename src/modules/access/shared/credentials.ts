// Shared by API keys and application accounts (the tenant's programmatic credentials): the
// permission-template query and its documentation, input checks, date formatting.
import { z } from '@hono/zod-openapi';
import { mergePermissions, PERMISSION_TEMPLATES, TEMPLATE_NAMES, type AccessPermissions, type TemplateName } from '../../../lib/access-permissions';
import { ApiError } from '../../../lib/errors';
import { parseCidr } from '../../../lib/ip';
import { idParam as idParamOf } from '../../../lib/pagination';

export const idParam = idParamOf('Identifier');

export const templateQuery = z.object({
  template: z
    .enum(TEMPLATE_NAMES)
    .optional()
    .openapi({
      param: { name: 'template', in: 'query' },
      description:
        'Start from a permission template; sections given in the body `permissions` override the template section by section. ' +
        'READ_ONLY: read resources, spaces, tags, categories, type definitions, geo. ASSET_TRACKER: READ_ONLY plus writing only the ' +
        '`currentLocation` and `status` resource properties. BOOKING_SYSTEM: full resource management, read spaces, taxonomy, ' +
        'feedback, geo, calendar free/busy and events. FULL_ACCESS: every section. MCP_DEVELOPER: every section and, for API keys, ' +
        '`mcp_write_enabled` defaults to true.',
    }),
});

export const TEMPLATE_DOC =
  'Permission templates (READ_ONLY, ASSET_TRACKER, BOOKING_SYSTEM, FULL_ACCESS, MCP_DEVELOPER) are applied with the `template` ' +
  'query parameter (the body schema has no room for them); body `permissions` sections override the template. Without a template ' +
  'and without `permissions` the object is empty: the credential can authenticate but holds no permission. ' +
  'Permission mapping onto route permissions: resources.read/write/delete → resources:*, spaces.* → spaces:*, tags.read or ' +
  'categories.read → taxonomy:read, typeDefinitions.read → type_definitions:read, feedbacks.read → feedback:read, geo.* → geo:read, ' +
  'calendar.free_busy → calendar:free_busy, calendar.events → calendar:read + calendar:write, users.read → users:read, and always ' +
  'mcp:use. No section grants tenant administration (users, groups, API keys, app accounts, security). `resources.properties` ' +
  '(non-empty) limits which resource properties can be read or written.';

export function initialPermissions(template: TemplateName | undefined, body: AccessPermissions | undefined): { permissions: AccessPermissions; mcpWrite: boolean } {
  const t = template ? PERMISSION_TEMPLATES[template] : undefined;
  return { permissions: mergePermissions(t ? structuredClone(t.permissions) : {}, body), mcpWrite: t?.mcpWrite ?? false };
}

export function fieldError(field: string, message: string): ApiError {
  return new ApiError('VALIDATION_ERROR', `Invalid body: ${field}`, { location: 'body', fields: { [field]: [message] } });
}

export function checkIpList(list: string[] | null | undefined): string[] | null | undefined {
  if (!list) return list;
  if (list.length > 100) throw fieldError('ip_whitelist', 'At most 100 entries');
  const bad = list.filter((e) => !parseCidr(e));
  if (bad.length) throw fieldError('ip_whitelist', `Not an IP address or CIDR range: ${bad.join(', ')}`);
  return list.map((e) => e.trim());
}

export function futureDate(field: string, value: string | null | undefined): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const d = new Date(value);
  if (d.getTime() <= Date.now()) throw fieldError(field, 'Must be in the future');
  return d;
}

export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

