// Feature handlers: call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { FEATURE_CATALOG, type FeatureDefinition } from '../../../lib/features';
import { userPrincipal } from '../../../middleware/auth';
import { invalidFields } from '../../../lib/validation';
import { serviceContext } from '../../../middleware/service-context';
import type * as routes from './features.routes';
import * as service from './features.service';

const definition = (d: FeatureDefinition) => ({ key: d.key, name: d.name, description: d.description, category: d.category, dependencies: [...d.dependencies], defaultEnabled: d.defaultEnabled });
const toFeature = (f: service.FeatureState) => ({ feature_key: f.key, enabled: f.enabled, config: f.config, definition: definition(f.definition) });

export const list: Handler<typeof routes.list> = async (c) => c.json({ data: (await service.listFeatures(serviceContext(c))).map(toFeature) }, 200);

export const catalog: Handler<typeof routes.catalog> = async (c) => c.json({ data: FEATURE_CATALOG.map(definition) }, 200);

export const get: Handler<typeof routes.get> = async (c) => c.json({ data: toFeature(await service.getFeature(serviceContext(c), c.req.valid('param').key)) }, 200);

export const patch: Handler<typeof routes.patch> = async (c) => {
  await userPrincipal(c);
  const { key } = c.req.valid('param');
  const ctx = serviceContext(c);
  await service.getFeature(ctx, key); // unknown key: 404
  const [f] = await service.updateFeatures(ctx, [{ feature_key: key, ...c.req.valid('json') }]);
  return c.json({ data: toFeature(f!) }, 200);
};

export const bulk: Handler<typeof routes.bulk> = async (c) => {
  await userPrincipal(c);
  const { updates } = c.req.valid('json');
  if (updates.length === 0 || updates.length > 50) throw invalidFields('body', { updates: ['Give 1..50 updates'] });
  return c.json({ data: (await service.updateFeatures(serviceContext(c), updates)).map(toFeature) }, 200);
};
