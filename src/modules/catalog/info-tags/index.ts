// Info tags: contextual help snippets (`<pve-info-tag>`), system-wide from the seed, shadowed per
// tenant by key. Mounted from src/app.ts until the catalog module chains its resource routers.
import { newRouter } from '../../../http/router';
import * as h from './info-tags.handlers';
import * as r from './info-tags.routes';

export { clearPublicInfoTagCache } from './info-tags.service';

export const infoTagsRouter = newRouter()
  .openapi(r.publicList, h.publicList)
  .openapi(r.publicGet, h.publicGet)
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove);
