// Tenant overview (dashboard, onboarding info, developer configuration, coverage) and /stats/counts.
import { newRouter } from '../../../http/router';
import * as h from './overview.handlers';
import * as r from './overview.routes';

export { registerCount } from './overview.service';
export type { CountExpression, CountKey } from './overview.model';
export { apiLinks } from './overview.handlers';

export const overviewRouter = newRouter()
  .openapi(r.statsCounts, h.statsCounts)
  .openapi(r.dashboard, h.dashboard)
  .openapi(r.info, h.info)
  .openapi(r.developerConfig, h.developerConfig)
  .openapi(r.translationCoverage, h.translationCoverage);
