// API keys (list, create, read, update, delete, rotate): the contract routes, who may call them,
// their parameters and what the reference leaves unsaid.
import * as contract from '../../../contract/access';
import { contractRoute } from '../../../http/route';
import { idParam, TEMPLATE_DOC, templateQuery } from '../shared/credentials';
import { MAX_KEYS_PER_TENANT } from './api-keys.model';

const USE =
  ' **Using a key:** `Authorization: Bearer pve_sk_...` or `X-API-Key: pve_sk_...`. Unknown, wrong, disabled or expired keys answer 401; ' +
  'a caller IP (CF-Connecting-IP) outside `ip_whitelist` (IPv4/IPv6 addresses or CIDR ranges) answers 403; a key with ' +
  '`device_fingerprint` must send the same value in `X-Device-Fingerprint` (else 403). `request_count`, `last_used_at` and ' +
  '`last_used_ip` are updated right after each authenticated request (after the response is sent).';

export const list = contractRoute(contract.getSecureApiKeys, {
  description: `The tenant's API keys, newest first (at most ${MAX_KEYS_PER_TENANT} per tenant, so no pagination). Secrets are never returned.${USE}`,
  auth: { permission: 'api_keys:read' },
});
export const create = contractRoute(contract.postSecureApiKeys, {
  description:
    `Creates a key and returns \`fullKey\` once: only a hash of its secret is stored. ${TEMPLATE_DOC} ` +
    '`expires_at` must be in the future; `ip_whitelist` entries must be IP addresses or CIDR ranges (400 otherwise). ' +
    `A tenant holds at most ${MAX_KEYS_PER_TENANT} keys (409 beyond).${USE}`,
  request: { query: templateQuery },
  auth: { permission: 'api_keys:write' },
  errors: [409],
});
export const get = contractRoute(contract.getSecureApiKeysById, {
  description: 'One key (never its secret). Callers with `api_keys:read`, and an API key reading its own record (to check its permissions, expiry and usage).',
  request: { params: idParam },
  auth: { permission: 'api_keys:read', apiKeySelf: 'id' },
});
export const patch = contractRoute(contract.patchSecureApiKeysById, {
  description:
    'Updates a key. `permissions` is merged section by section (flags given replace the stored ones; sections not given are kept). ' +
    '`enabled: false` refuses the key from the next request on. `null` removes `expires_at`, `ip_whitelist` or `device_fingerprint`.',
  request: { params: idParam },
  auth: { permission: 'api_keys:write' },
});
export const remove = contractRoute(contract.deleteSecureApiKeysById, {
  description: 'Deletes a key; it is refused from the next request on. 204 without a body.',
  request: { params: idParam },
  auth: { permission: 'api_keys:write' },
});
export const rotate = contractRoute(contract.postSecureApiKeysByIdRotate, {
  description: 'Issues a new secret for the key (same `id` and `key_uuid`) and returns the new `fullKey` once. The old secret stops working immediately. Usage counters are kept.',
  request: { params: idParam },
  bodyOptional: true,
  auth: { permission: 'api_keys:write' },
});
