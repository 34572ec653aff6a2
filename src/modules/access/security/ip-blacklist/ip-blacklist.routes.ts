// /system/security/ip-blacklist: manual and automatic IP blocks. The contract routes, who may call
// them, and how a block is enforced.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/access';
import { contractRoute } from '../../../../http/route';
import { idParam, limitOffsetQuery } from '../../../../lib/pagination';
import { BLACKLIST_STATUSES } from './ip-blacklist.model';

const ENFORCEMENT =
  'A blocked IP (the `CF-Connecting-IP` Cloudflare reports, compared in canonical form: IPv6 per RFC 5952, ' +
  'IPv4-mapped IPv6 as IPv4) gets 403 `FORBIDDEN` (`details.reason = IP_BLOCKED`) on every route before any ' +
  'other work. Each isolate checks against its copy of the active list: requests that use the database see ' +
  'changes within SECURITY_CACHE_SECONDS (default 5 s; at once in the isolate that made them); database-free ' +
  'requests (time zones, phone parsing) never pay a round trip for it and see changes once their isolate ' +
  'reloads its copy (in the background after the first such request that finds it older than 5 s).';

const idParams = idParam('Blacklist entry id');

export const listQuery = z.object({
  status: z.enum(BLACKLIST_STATUSES).default('all'),
  auto_blocked: z.enum(['true', 'false']).optional(),
  ip_address: z.string().max(45).optional(),
  ...limitOffsetQuery(50, 500),
});

export const list = contractRoute(contract.getSystemSecurityIpBlacklist, {
  description:
    'Blacklist entries, newest block first (`blocked_at`, then `id`, descending), with the total matching. ' +
    'Filters: `status` (`active`: permanent or not yet expired; `expired`; `all`, the default), `auto_blocked`, ' +
    `\`ip_address\` (exact, any notation). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: { query: listQuery },
});

export const create = contractRoute(contract.postSystemSecurityIpBlacklist, {
  description:
    'Blocks an IPv4 or IPv6 address (single address; stored in canonical form). Without `expires_at` the block ' +
    'is permanent; `expires_at` must lie in the future. An address already actively blocked answers 409 with ' +
    '`details.id`; an expired entry for it is renewed (same id). Blocking the address you are calling from answers ' +
    `400 (you would lock yourself out). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  errors: [409],
});

export const one = contractRoute(contract.getSystemSecurityIpBlacklistById, {
  description: `One blacklist entry; 404 when unknown. System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});

export const update = contractRoute(contract.patchSystemSecurityIpBlacklistById, {
  description:
    'Changes the reason and/or expiry: `expires_at: null` makes the block permanent, a past time ends it (the ' +
    `entry stays for the record). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});

export const remove = contractRoute(contract.deleteSystemSecurityIpBlacklistById, {
  description: `Unblocks the address by deleting its entry (204; 404 when unknown). ${ENFORCEMENT} System administrators only.`,
  auth: { systemAdmin: true },
  request: { params: idParams },
});
