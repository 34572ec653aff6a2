// Metrics handlers: resolve the target tenant, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { forTenant } from '../../../db/tenant';
import { serviceContext } from '../../../middleware/service-context';
import { readTarget } from '../settings/target';
import type { ServiceContext } from '../../../context';
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type * as routes from './metrics.routes';
import * as service from './metrics.service';
import type { DailyRow, MonthlyRow } from './metrics.queries';

/** Reads tenant `id`'s data with the caller check in one round trip when it is the token's tenant. */
async function readForTenant<T>(c: Context<AppEnv>, id: string, read: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = serviceContext(c);
  const value = await read(forTenant(ctx, id));
  return readTarget(ctx, id, value);
}

const toDaily = (r: DailyRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  metricDate: r.metricDate,
  users: { total: r.usersTotal, active: r.usersActive },
  spaces: { total: r.spacesTotal, active: r.spacesActive },
  resources: { total: r.resourcesTotal, active: r.resourcesActive },
  storage: { usedBytes: r.storageBytes, usedGB: service.toGB(r.storageBytes) },
  apiCalls: r.apiCalls,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const toMonthly = (r: MonthlyRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  year: r.year,
  month: r.month,
  users: { average: r.usersAverage, peak: r.usersPeak },
  spaces: { average: r.spacesAverage, peak: r.spacesPeak },
  resources: { average: r.resourcesAverage, peak: r.resourcesPeak },
  storage: { averageBytes: r.storageAverageBytes, averageGB: service.toGB(r.storageAverageBytes), peakBytes: r.storagePeakBytes, peakGB: service.toGB(r.storagePeakBytes) },
  totalApiCalls: r.totalApiCalls,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const daily: Handler<typeof routes.daily> = async (c) => {
  const { days } = c.req.valid('query');
  const rows = await readForTenant(c, c.req.valid('param').id, (ctx) => service.dailyHistory(ctx, days));
  return c.json({ data: rows.map(toDaily) }, 200);
};

export const monthly: Handler<typeof routes.monthly> = async (c) => {
  const { months } = c.req.valid('query');
  const rows = await readForTenant(c, c.req.valid('param').id, (ctx) => service.monthlyHistory(ctx, months));
  return c.json({ data: rows.map(toMonthly) }, 200);
};

export const snapshot: Handler<typeof routes.snapshot> = async (c) => {
  const s = await readForTenant(c, c.req.valid('param').id, (ctx) => service.snapshot(ctx));
  return c.json(
    {
      data: {
        tenantId: s.tenantId,
        tenantName: s.tenantName,
        users: s.users,
        spaces: s.spaces,
        resources: s.resources,
        storage: { usedBytes: s.storageBytes, usedGB: service.toGB(s.storageBytes) },
        snapshotAt: new Date().toISOString(),
      },
    },
    200,
  );
};

export const quotaWarnings: Handler<typeof routes.quotaWarnings> = async (c) => {
  const { id } = c.req.valid('param');
  const { threshold } = c.req.valid('query');
  const warnings = await readForTenant(c, id, (ctx) => service.quotaWarnings(ctx, threshold));
  return c.json({ data: { tenantId: id, warnings, checkedAt: new Date().toISOString() } }, 200);
};
