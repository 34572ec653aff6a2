// System health and information: the contract routes. Health is public below level=full.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../contract/foundation';
import { contractRoute } from '../../../http/route';

export const health = contractRoute(contract.getSystemHealth, {
  description:
    'Health check that always probes the database (answering within 3 s even when it is down). ' +
    '`level=basic` (default): status and degraded services; `ready`: adds `ready` and `environment`; ' +
    '`full`: adds `services` (database latency in `responseTime` ms) and `externalApis`, for system administrators ' +
    'only (401 without credentials, 403 otherwise; `basic` and `ready` stay public for load balancers and status pages). ' +
    'Status is `ok` when everything answers, else `degraded` (still HTTP 200 so the body is readable).',
  request: {
    query: z.object({
      level: z.enum(['basic', 'ready', 'full']).default('basic').openapi({ description: 'Detail level' }),
    }),
  },
});

export const info = contractRoute(contract.getSystemInfo, {
  description:
    'Version, environment, isolate uptime and service health. Also returns `commit` (the deployed git ' +
    'commit) and `runtime` (the JavaScript runtime) beside the documented fields. System administrators only: ' +
    'commit, environment and database latency help whoever plans an attack.',
  auth: { systemAdmin: true },
});
