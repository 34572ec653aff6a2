// Language sync of a tenant: jobs, their queue consumer, and the registry of translatable entities.
import { newRouter } from '../../../http/router';
import * as h from './language-sync.handlers';
import * as r from './language-sync.routes';

export { registerTranslatable, runJob as runLanguageSyncJob, startSync } from './language-sync.service';
export type { TranslatableSource } from './language-sync.model';

export const languageSyncRouter = newRouter().openapi(r.status, h.status).openapi(r.history, h.history);
