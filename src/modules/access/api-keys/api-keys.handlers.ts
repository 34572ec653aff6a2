// API key handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { principal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { iso } from '../shared/credentials';
import type { ApiKeyRow } from './api-keys.model';
import type * as routes from './api-keys.routes';
import * as service from './api-keys.service';

function toApiKey(k: ApiKeyRow) {
  return {
    id: k.id,
    tenantId: k.tenantId,
    key_uuid: k.keyUuid,
    key_preview: k.keyPreview,
    name: k.name,
    description: k.description,
    permissions: k.permissions,
    mcp_write_enabled: k.mcpWriteEnabled,
    enabled: k.enabled,
    expires_at: iso(k.expiresAt),
    ip_whitelist: k.ipWhitelist,
    device_fingerprint: k.deviceFingerprint,
    last_used_at: iso(k.lastUsedAt),
    last_used_ip: k.lastUsedIp,
    request_count: k.requestCount,
    created_by: k.createdBy,
    created_at: k.createdAt.toISOString(),
    updated_at: k.updatedAt.toISOString(),
  };
}

export const list: Handler<typeof routes.list> = async (c) => {
  const rows = await service.listKeys(serviceContext(c));
  return c.json({ data: rows.map(toApiKey) }, 200);
};

export const create: Handler<typeof routes.create> = async (c) => {
  const { template } = c.req.valid('query');
  const { row, fullKey } = await service.createKey(serviceContext(c), await principal(c), template, c.req.valid('json'));
  return c.json({ data: toApiKey(row), fullKey, message: 'Store this key now: it is shown only once and cannot be retrieved again.' }, 201);
};

export const get: Handler<typeof routes.get> = async (c) => {
  return c.json({ data: toApiKey(await service.getKey(serviceContext(c), c.req.valid('param').id)) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const row = await service.updateKey(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
  return c.json({ data: toApiKey(row) }, 200);
};

export const remove: Handler<typeof routes.remove> = async (c) => {
  await service.deleteKey(serviceContext(c), c.req.valid('param').id);
  return noContent(c);
};

export const rotate: Handler<typeof routes.rotate> = async (c) => {
  const { row, fullKey } = await service.rotateKey(serviceContext(c), c.req.valid('param').id);
  return c.json({ data: toApiKey(row), fullKey, message: 'Store the new key now: it is shown only once. The previous key no longer works.' }, 200);
};
