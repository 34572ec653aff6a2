// Tenant settings handlers: resolve the target tenant, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { principal } from '../../../middleware/auth';
import { forTenant } from '../../../db/tenant';
import { serviceContext } from '../../../middleware/service-context';
import type { AllSettingsView, HistoryEntry } from './settings.model';
import type * as routes from './settings.routes';
import * as service from './settings.service';
import { readTarget, tenantTarget } from './target';

const view = (v: service.CategoryView) => ({
  ...(v.row && { id: v.row.id }),
  tenantId: v.tenantId,
  category: v.category,
  settings: v.settings,
  ...(v.row && { created_at: v.row.createdAt.toISOString(), updated_at: v.row.updatedAt.toISOString() }),
});

const entry = (e: HistoryEntry) => ({
  id: e.id,
  tenantId: e.tenantId,
  category: e.category,
  settings_before: e.settingsBefore,
  settings_after: e.settingsAfter,
  changed_by: e.changedBy,
  changed_at: e.changedAt.toISOString(),
  change_reason: e.changeReason,
  ip_address: e.ipAddress,
});

export const overview: Handler<typeof routes.overview> = async (c) => {
  const ctx = serviceContext(c);
  const state = await service.loadState(ctx);
  const p = await principal(c);
  // The reference gives this route no schema: the settings in effect, with the tenant they belong to.
  return c.json({ data: { tenantId: p.tenantId, type: state.type, ...service.allSettings(state) } }, 200) as never;
};

export const all: Handler<typeof routes.all> = async (c) => {
  const { id } = c.req.valid('param');
  const ctx = serviceContext(c);
  const value = await service.loadState(forTenant(ctx, id));
  const state = await readTarget(ctx, id, value);
  return c.json({ data: service.allSettings(state) as AllSettingsView }, 200);
};

export const get: Handler<typeof routes.get> = async (c) => {
  const { id, category } = c.req.valid('param');
  const ctx = serviceContext(c);
  const value = await service.loadState(forTenant(ctx, id), category);
  const state = await readTarget(ctx, id, value);
  return c.json({ data: view(service.categoryView(state, category)) }, 200);
};

export const history: Handler<typeof routes.history> = async (c) => {
  const { id } = c.req.valid('param');
  const f = c.req.valid('query');
  const ctx = serviceContext(c);
  const value = await service.history(forTenant(ctx, id), f);
  const rows = await readTarget(ctx, id, value);
  return c.json({ data: rows.map(entry) }, 200);
};

export const patch: Handler<typeof routes.patch> = async (c) => {
  const { id, category } = c.req.valid('param');
  const ctx = await tenantTarget(serviceContext(c), id);
  return c.json({ data: view(await service.patchCategory(ctx, category, c.req.valid('json').settings)) }, 200);
};

export const reset: Handler<typeof routes.reset> = async (c) => {
  const { id, category } = c.req.valid('param');
  const ctx = await tenantTarget(serviceContext(c), id);
  return c.json({ data: view(await service.resetCategory(ctx, category, c.req.valid('json')?.tenant_type)) }, 200);
};
