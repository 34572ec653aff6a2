// API keys: `pve_sk_{key_uuid}_{secret}`, shown once (create, rotate), stored as SHA-256 of the secret.
import { and, count, desc, eq, sql } from 'drizzle-orm';
import * as contract from '../../contract/access';
import { apiKeys } from '../../db/schema/integrators';
import { ofTenant } from '../../db/tx';
import { mergePermissions } from '../../lib/access-permissions';
import { base64url, randomBytes, sha256Hex } from '../../lib/crypto';
import { ApiError, notFound } from '../../lib/errors';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { principal } from '../../middleware/auth';
import { checkIpList, fieldError, futureDate, idParam, initialPermissions, iso, TEMPLATE_DOC, templateQuery } from './common';

/** Keys per tenant (the list is not paginated). */
export const MAX_KEYS_PER_TENANT = 100;

type Row = typeof apiKeys.$inferSelect;

function toApiKey(k: Row) {
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

async function newSecret(keyUuid: string) {
  const secret = base64url(randomBytes(32));
  return {
    fullKey: `pve_sk_${keyUuid}_${secret}`,
    secretHash: await sha256Hex(secret),
    keyPreview: `pve_sk_${keyUuid.slice(0, 8)}...${secret.slice(-4)}`,
  };
}

const creatorOf = (p: Awaited<ReturnType<typeof principal>>) => (p.kind === 'user' ? p.userId : null);

const USE =
  ' **Using a key:** `Authorization: Bearer pve_sk_...` or `X-API-Key: pve_sk_...`. Unknown, wrong, disabled or expired keys answer 401; ' +
  'a caller IP (CF-Connecting-IP) outside `ip_whitelist` (IPv4/IPv6 addresses or CIDR ranges) answers 403; a key with ' +
  '`device_fingerprint` must send the same value in `X-Device-Fingerprint` (else 403). `request_count`, `last_used_at` and ' +
  '`last_used_ip` are updated right after each authenticated request (after the response is sent).';

const list = contractRoute(contract.getSecureApiKeys, {
  description: `The tenant's API keys, newest first (at most ${MAX_KEYS_PER_TENANT} per tenant, so no pagination). Secrets are never returned.${USE}`,
  auth: { permission: 'api_keys:read' },
});
const create = contractRoute(contract.postSecureApiKeys, {
  description:
    `Creates a key and returns \`fullKey\` once: only a hash of its secret is stored. ${TEMPLATE_DOC} ` +
    '`expires_at` must be in the future; `ip_whitelist` entries must be IP addresses or CIDR ranges (400 otherwise). ' +
    `A tenant holds at most ${MAX_KEYS_PER_TENANT} keys (409 beyond).${USE}`,
  request: { query: templateQuery },
  auth: { permission: 'api_keys:write' },
  errors: [409],
});
const get = contractRoute(contract.getSecureApiKeysById, {
  description: 'One key (never its secret). Callers with `api_keys:read`, and an API key reading its own record (to check its permissions, expiry and usage).',
  request: { params: idParam },
  auth: { permission: 'api_keys:read', apiKeySelf: 'id' },
});
const patch = contractRoute(contract.patchSecureApiKeysById, {
  description:
    'Updates a key. `permissions` is merged section by section (flags given replace the stored ones; sections not given are kept). ' +
    '`enabled: false` refuses the key from the next request on. `null` removes `expires_at`, `ip_whitelist` or `device_fingerprint`.',
  request: { params: idParam },
  auth: { permission: 'api_keys:write' },
});
const remove = contractRoute(contract.deleteSecureApiKeysById, {
  description: 'Deletes a key; it is refused from the next request on. 204 without a body.',
  request: { params: idParam },
  auth: { permission: 'api_keys:write' },
});
const rotate = contractRoute(contract.postSecureApiKeysByIdRotate, {
  description: 'Issues a new secret for the key (same `id` and `key_uuid`) and returns the new `fullKey` once. The old secret stops working immediately. Usage counters are kept.',
  request: { params: idParam },
  bodyOptional: true,
  auth: { permission: 'api_keys:write' },
});

export const apiKeyRoutes = newRouter()
  .openapi(list, async (c) => {
    const p = await principal(c);
    const db = await c.var.db();
    const rows = await db.select().from(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId)).orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
    return c.json({ data: rows.map(toApiKey) }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { template } = c.req.valid('query');
    const p = await principal(c);
    const ipWhitelist = checkIpList(body.ip_whitelist);
    const expiresAt = futureDate('expires_at', body.expires_at);
    const init = initialPermissions(template, body.permissions);
    const db = await c.var.db();
    const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId));
    if (n >= MAX_KEYS_PER_TENANT) throw new ApiError('CONFLICT', `A tenant holds at most ${MAX_KEYS_PER_TENANT} API keys; delete unused ones first`);
    const keyUuid = crypto.randomUUID();
    const secret = await newSecret(keyUuid);
    const [row] = await db
      .insert(apiKeys)
      .values({
        tenantId: p.tenantId,
        keyUuid,
        secretHash: secret.secretHash,
        keyPreview: secret.keyPreview,
        name: body.name,
        description: body.description ?? null,
        permissions: init.permissions,
        mcpWriteEnabled: body.mcp_write_enabled ?? init.mcpWrite,
        expiresAt: expiresAt ?? null,
        ipWhitelist: ipWhitelist ?? null,
        deviceFingerprint: body.device_fingerprint ?? null,
        createdBy: creatorOf(p),
      })
      .returning();
    return c.json({ data: toApiKey(row!), fullKey: secret.fullKey, message: 'Store this key now: it is shown only once and cannot be retrieved again.' }, 201);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const [row] = await db.select().from(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId, eq(apiKeys.id, id)));
    if (!row) throw notFound('API key');
    return c.json({ data: toApiKey(row) }, 200);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const p = await principal(c);
    const set: Partial<typeof apiKeys.$inferInsert> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.description !== undefined) set.description = body.description;
    if (body.mcp_write_enabled !== undefined) set.mcpWriteEnabled = body.mcp_write_enabled;
    if (body.enabled !== undefined) set.enabled = body.enabled;
    if (body.expires_at !== undefined) set.expiresAt = futureDate('expires_at', body.expires_at);
    if (body.ip_whitelist !== undefined) set.ipWhitelist = checkIpList(body.ip_whitelist);
    if (body.device_fingerprint !== undefined) set.deviceFingerprint = body.device_fingerprint;
    if (body.device_fingerprint === '') throw fieldError('device_fingerprint', 'Use null to remove the fingerprint');
    const db = await c.var.db();
    const row = await db.transaction(async (tx) => {
      const [current] = await tx.select().from(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId, eq(apiKeys.id, id))).for('update');
      if (!current) throw notFound('API key');
      if (body.permissions !== undefined) set.permissions = mergePermissions(current.permissions, body.permissions);
      const [updated] = await tx
        .update(apiKeys)
        .set({ ...set, updatedAt: sql`now()` })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, p.tenantId)))
        .returning();
      return updated!;
    });
    return c.json({ data: toApiKey(row) }, 200);
  })
  .openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const deleted = await db.delete(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId, eq(apiKeys.id, id))).returning({ id: apiKeys.id });
    if (!deleted.length) throw notFound('API key');
    return noContent(c);
  })
  .openapi(rotate, async (c) => {
    const { id } = c.req.valid('param');
    const p = await principal(c);
    const db = await c.var.db();
    const [current] = await db.select({ keyUuid: apiKeys.keyUuid }).from(apiKeys).where(ofTenant(apiKeys.tenantId, p.tenantId, eq(apiKeys.id, id)));
    if (!current) throw notFound('API key');
    const secret = await newSecret(current.keyUuid);
    const [row] = await db
      .update(apiKeys)
      .set({ secretHash: secret.secretHash, keyPreview: secret.keyPreview, rotatedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, p.tenantId)))
      .returning();
    if (!row) throw notFound('API key');
    return c.json({ data: toApiKey(row), fullKey: secret.fullKey, message: 'Store the new key now: it is shown only once. The previous key no longer works.' }, 200);
  });
