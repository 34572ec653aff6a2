// Tenants: administration (list, create, read, change, delete), the lifecycle, the overview
// (dashboard, onboarding info, developer configuration, translation coverage, /stats/counts),
// configuration exports, log retention and language sync. Other resources of this area (domains,
// settings, rate limits, features, metrics) mount their own routers next to these.
//
// Public surface for other areas: registerCount (entity counts for /stats/counts and the
// dashboard), registerTranslatable (translation coverage and language sync), runLanguageSyncJob
// (the queue consumer).
import { newRouter } from '../../http/router';
import { adminRouter } from './admin';
import { exportsRouter } from './exports';
import { languageSyncRouter } from './language-sync';
import { lifecycleRouter } from './lifecycle';
import { logRetentionRouter } from './log-retention';
import { overviewRouter } from './overview';

export { registerCount, type CountExpression, type CountKey } from './overview';
export { registerTranslatable, runLanguageSyncJob, type TranslatableSource } from './language-sync';

export const tenantsModule = newRouter()
  .route('/', overviewRouter)
  .route('/', exportsRouter)
  .route('/', lifecycleRouter)
  .route('/', logRetentionRouter)
  .route('/', languageSyncRouter)
  .route('/', adminRouter);
