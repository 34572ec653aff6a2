// API key authentication: `pve_sk_{key_uuid}_{secret}` sent as `Authorization: Bearer ...` or `X-API-Key`.
//
// One indexed lookup by `key_uuid` (the public part), then: SHA-256 of the secret compared in
// constant time with the stored hash, `enabled`, expiry, tenant status, the IP allow-list (caller IP
// from CF-Connecting-IP, IPv4/IPv6 CIDR) and the device fingerprint (`X-Device-Fingerprint`).
// The lookup is a read over HTTP on the platform path (`c.var.platformReadDb()`: it establishes the tenant). Usage counters (`request_count`,
// `last_used_at`, `last_used_ip`) are written after the response over HTTP (`c.var.afterResponse`,
// run inside `waitUntil`): the caller never waits for that write, no connection is opened, and every authenticated request is counted
// exactly (a single `request_count = request_count + 1`, no read-modify-write race).
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { propertyLimit, toPermissionCodes } from '../lib/access-permissions';
import { sha256Hex, timingSafeEqual } from '../lib/crypto';
import { ApiError } from '../lib/errors';
import { ipAllowed } from '../lib/ip';
import { clientIp } from '../lib/request';
import { recordSecurityEvent } from '../lib/security-events';
import { tenantStatusRefusal } from '../lib/tenant-status';
import type { ApiKeyPrincipal } from '../context';
import { countApiKeyUse, findApiKey } from './api-key.queries';

export const API_KEY_PREFIX = 'pve_sk_';
const FORMAT = /^pve_sk_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{20,200})$/i;

export function parseApiKey(key: string): { keyUuid: string; secret: string } | null {
  const m = FORMAT.exec(key);
  return m ? { keyUuid: m[1]!.toLowerCase(), secret: m[2]! } : null;
}

const enc = new TextEncoder();

// The tenant of each key this isolate has verified (a key never changes tenant). Only the tenant is
// remembered, never the key's state: every request still checks secret, enabled, expiry and
// tenant, but a known key is checked as its tenant, in the same HTTP batch as the route's first
// read (row-level security lets the application role see the key only as that tenant).
const KEY_TENANTS = new Map<string, string>();
const KEY_TENANTS_MAX = 10_000;

/** The tenant of a key verified before in this isolate, if any. */
export function knownKeyTenant(keyUuid: string): string | undefined {
  return KEY_TENANTS.get(keyUuid);
}

function rememberKeyTenant(keyUuid: string, tenantId: string): void {
  if (KEY_TENANTS.size >= KEY_TENANTS_MAX) KEY_TENANTS.delete(KEY_TENANTS.keys().next().value!);
  KEY_TENANTS.set(keyUuid, tenantId);
}

/**
 * Verifies `parsed` (a key of `parseApiKey`). `asTenant`: the tenant the key is believed to belong
 * to (knownKeyTenant): looked up on the request's tenant-scoped read handle; otherwise on the
 * platform path, which finds a key of any tenant.
 */
export async function authenticateApiKey(c: Context<AppEnv>, parsed: { keyUuid: string; secret: string }, asTenant?: string): Promise<ApiKeyPrincipal> {
  // Over HTTP: no connection for the key lookup (db/client.ts httpDb).
  let row = await findApiKey(asTenant ? c.var.readDb() : c.var.platformReadDb(), parsed.keyUuid);
  if (!row && asTenant) {
    // Not seen as that tenant: deleted meanwhile (then 401 below), so look again platform-wide.
    KEY_TENANTS.delete(parsed.keyUuid);
    row = await findApiKey(c.var.platformReadDb(), parsed.keyUuid);
  }
  const ip = clientIp(c);
  const hash = await sha256Hex(parsed.secret);
  if (!row || !timingSafeEqual(enc.encode(hash), enc.encode(row.key.secretHash))) {
    c.var.afterResponse((db) =>
      recordSecurityEvent(db, { eventType: 'api_key_invalid', severity: 'medium', ipAddress: ip, tenantId: row?.key.tenantId, details: { keyUuid: parsed.keyUuid, known: Boolean(row) } }),
    );
    throw new ApiError('UNAUTHORIZED', 'Invalid API key');
  }
  const k = row.key;
  if (!k.enabled) throw new ApiError('UNAUTHORIZED', 'API key is disabled');
  if (row.expired) throw new ApiError('UNAUTHORIZED', 'API key has expired');
  const refused = tenantStatusRefusal({ status: row.tenantStatus, deleted: row.tenantDeleted, method: c.req.method, path: c.req.path, isSystemAdmin: false, person: false });
  if (refused) throw refused;
  if (k.ipWhitelist && k.ipWhitelist.length > 0 && !ipAllowed(k.ipWhitelist, ip)) {
    c.var.afterResponse((db) =>
      recordSecurityEvent(db, { eventType: 'api_key_ip_denied', severity: 'medium', ipAddress: ip, tenantId: k.tenantId, details: { keyId: k.id } }),
    );
    throw new ApiError('FORBIDDEN', 'This API key may not be used from this IP address', { reason: 'IP_NOT_ALLOWED' });
  }
  if (k.deviceFingerprint && c.req.header('x-device-fingerprint') !== k.deviceFingerprint) {
    throw new ApiError('FORBIDDEN', 'This API key is bound to another device (X-Device-Fingerprint)', { reason: 'DEVICE_MISMATCH' });
  }
  c.var.afterResponse(async (db) => {
    await countApiKeyUse(db, k.id, ip);
    // Security audit `api_key_used`: once per new source address, not per request.
    if (ip && ip !== k.lastUsedIp) {
      await recordSecurityEvent(db, { eventType: 'api_key_used', ipAddress: ip, tenantId: k.tenantId, details: { keyId: k.id, previousIp: k.lastUsedIp } });
    }
  });
  rememberKeyTenant(k.keyUuid, k.tenantId);
  const access = k.permissions;
  return {
    kind: 'api_key',
    actorType: 'api_key',
    actorId: k.id,
    keyId: k.id,
    keyUuid: k.keyUuid,
    createdBy: k.createdBy,
    tenantId: k.tenantId,
    tenantName: row.tenantName,
    tenantSlug: row.tenantSlug,
    isSystemAdmin: false,
    permissions: new Set(toPermissionCodes(access)),
    access,
    properties: propertyLimit({ access }),
    mcpWrite: k.mcpWriteEnabled,
    features: row.features,
  };
}
