// API keys: `pve_sk_{key_uuid}_{secret}`, shown once (create, rotate), stored as SHA-256 of the
// secret. Authentication with a key is middleware/api-key.ts.
import type { Principal, ServiceContext } from '../../../context';
import { inTransaction } from '../../../db/tx';
import { mergePermissions } from '../../../lib/access-permissions';
import { base64url, randomBytes, sha256Hex } from '../../../lib/crypto';
import type { TemplateName } from '../../../lib/access-permissions';
import { ApiError, notFound } from '../../../lib/errors';
import { checkIpList, fieldError, futureDate, initialPermissions } from '../shared/credentials';
import { MAX_KEYS_PER_TENANT, type ApiKeyPatch, type ApiKeyRow, type ApiKeyValues, type IssuedKey, type NewApiKey } from './api-keys.model';
import * as q from './api-keys.queries';

async function newSecret(keyUuid: string) {
  const secret = base64url(randomBytes(32));
  return {
    fullKey: `pve_sk_${keyUuid}_${secret}`,
    secretHash: await sha256Hex(secret),
    keyPreview: `pve_sk_${keyUuid.slice(0, 8)}...${secret.slice(-4)}`,
  };
}

export const listKeys = (ctx: ServiceContext) => q.listKeys(ctx);

export async function createKey(ctx: ServiceContext, p: Principal, template: TemplateName | undefined, body: NewApiKey): Promise<IssuedKey> {
  const ipWhitelist = checkIpList(body.ip_whitelist);
  const expiresAt = futureDate('expires_at', body.expires_at);
  const init = initialPermissions(template, body.permissions);
  if ((await q.countKeys(ctx)) >= MAX_KEYS_PER_TENANT) throw new ApiError('CONFLICT', `A tenant holds at most ${MAX_KEYS_PER_TENANT} API keys; delete unused ones first`);
  const keyUuid = crypto.randomUUID();
  const secret = await newSecret(keyUuid);
  const row = await q.insertKey(ctx, {
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
    // Attribution only: the key does not act as the user who created it.
    createdBy: p.kind === 'user' ? p.userId : null,
  });
  return { row, fullKey: secret.fullKey };
}

export async function getKey(ctx: ServiceContext, id: string): Promise<ApiKeyRow> {
  const row = await q.findKey(ctx, id);
  if (!row) throw notFound('API key');
  return row;
}

/** `permissions` merges section by section over the stored object, read under a row lock. */
export async function updateKey(ctx: ServiceContext, id: string, body: ApiKeyPatch): Promise<ApiKeyRow> {
  const set: Partial<ApiKeyValues> = {};
  if (body.name !== undefined) set.name = body.name;
  if (body.description !== undefined) set.description = body.description;
  if (body.mcp_write_enabled !== undefined) set.mcpWriteEnabled = body.mcp_write_enabled;
  if (body.enabled !== undefined) set.enabled = body.enabled;
  if (body.expires_at !== undefined) set.expiresAt = futureDate('expires_at', body.expires_at);
  if (body.ip_whitelist !== undefined) set.ipWhitelist = checkIpList(body.ip_whitelist);
  if (body.device_fingerprint !== undefined) set.deviceFingerprint = body.device_fingerprint;
  if (body.device_fingerprint === '') throw fieldError('device_fingerprint', 'Use null to remove the fingerprint');
  return inTransaction(ctx, async (tx) => {
    const current = await q.findKey(tx, id, true);
    if (!current) throw notFound('API key');
    if (body.permissions !== undefined) set.permissions = mergePermissions(current.permissions, body.permissions);
    return (await q.updateKey(tx, id, set))!;
  });
}

export async function deleteKey(ctx: ServiceContext, id: string): Promise<void> {
  if (!(await q.deleteKey(ctx, id))) throw notFound('API key');
}

/** Same `id` and `key_uuid`, a new secret: the old one stops working at once. */
export async function rotateKey(ctx: ServiceContext, id: string): Promise<IssuedKey> {
  const keyUuid = await q.keyUuidOf(ctx, id);
  if (!keyUuid) throw notFound('API key');
  const secret = await newSecret(keyUuid);
  const row = await q.setSecret(ctx, id, secret);
  if (!row) throw notFound('API key');
  return { row, fullKey: secret.fullKey };
}
