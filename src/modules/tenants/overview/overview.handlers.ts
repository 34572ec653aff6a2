// Overview handlers: one batched read each (shared/read.ts), shaped as the reference answers.
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { Handler } from '../../../http/handler';
import { serviceContext } from '../../../middleware/service-context';
import { toTenant } from '../admin/admin.views';
import { readTenant } from '../shared/read';
import type * as routes from './overview.routes';
import * as service from './overview.service';

/** The API as this request reached it (the developer's base URL). */
export function apiLinks(c: Context<AppEnv>) {
  const origin = new URL(c.req.url).origin;
  return {
    baseUrl: `${origin}/api/v1`,
    openapiUrl: `${origin}/openapi.json`,
    docsUrl: `${origin}/docs`,
    authentication: {
      signIn: `${origin}/api/v1/public/auth/login`,
      bearer: 'Authorization: Bearer <access token or API key>',
      apiKeyHeader: 'X-API-Key',
      apiKeyFormat: 'pve_sk_{uuid}_{secret}',
    },
  };
}

const person = (o: Awaited<ReturnType<typeof service.onboarding>>['owner']) =>
  o ? { id: o.id, email: o.email, display_name: o.displayName, role: o.role, created_at: o.createdAt.toISOString() } : undefined;

export const dashboard: Handler<typeof routes.dashboard> = async (c) => {
  const { id } = c.req.valid('param');
  const { t, value: d } = await readTenant(c, id, (ctx) => service.dashboard(ctx, id));
  const limit = service.storageLimitBytes(t);
  const used = d.counts.storageBytes ?? 0;
  return c.json(
    {
      data: {
        tenant: toTenant(t),
        metrics: {
          users: { total: d.counts.users ?? 0, active: d.activeUsers },
          spaces: { total: d.counts.spaces ?? 0, active: d.counts.activeSpaces ?? d.counts.spaces ?? 0 },
          resources: { total: d.counts.resources ?? 0 },
          apiRequests: { last30d: d.api },
        },
        storage: { used, limit, percent: limit > 0 ? Math.round((10000 * used) / limit) / 100 : 0 },
        recentActivity: d.activity.map((a) => ({
          type: a.action,
          entity_id: a.resourceId,
          entity_type: a.resourceType ?? 'unknown',
          timestamp: a.at.toISOString(),
          ...(a.userId && { user: { id: a.userId, ...(a.userName && { name: a.userName }) } }),
        })),
        languageSync: { activeJobs: d.sync.activeJobs, lastSync: d.sync.lastSync?.toISOString() ?? null },
      },
    },
    200,
  );
};

export const info: Handler<typeof routes.info> = async (c) => {
  const { id } = c.req.valid('param');
  const { t, value } = await readTenant(c, id, (ctx) => service.onboarding(ctx, id));
  const admin = person(value.owner);
  return c.json(
    {
      data: {
        tenant: toTenant(t),
        ...(admin && { admin }),
        api: apiLinks(c),
        groups: value.groups.map((g) => ({ id: g.id, name: g.name, description: g.description, permissions: g.permissions })),
      },
    },
    200,
  );
};

export const developerConfig: Handler<typeof routes.developerConfig> = async (c) => {
  const { id } = c.req.valid('param');
  const { t, value } = await readTenant(c, id, (ctx) => service.developerConfig(ctx, id));
  return c.json({
    data: {
      tenant: { id: t.id, name: t.name, slug: t.slug, domain: t.domain, status: t.status, type: t.type, default_language: t.defaultLanguage, additional_languages: t.additionalLanguages },
      admin: person(value.owner) ?? null,
      api: apiLinks(c),
      configuration: { ...value.integrations, users: value.counts.users ?? 0, groups: value.counts.groups ?? 0 },
      domains: { primary: t.domain },
    },
  }) as never; // the reference gives this route no response schema
};

export const translationCoverage: Handler<typeof routes.translationCoverage> = async (c) => {
  const { id } = c.req.valid('param');
  const { value } = await readTenant(c, id, (ctx) => service.translationCoverage(ctx, id));
  return c.json({ data: value }, 200);
};

export const statsCounts: Handler<typeof routes.statsCounts> = async (c) => {
  const ctx = serviceContext(c);
  const value = await service.counts(ctx, ctx.tenantId!);
  const { storageBytes: _bytes, activeSpaces: _active, ...counts } = value.counts;
  return c.json({ data: counts }, 200);
};
