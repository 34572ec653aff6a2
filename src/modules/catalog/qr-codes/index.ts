// QR codes: codes with their renders (PNG/SVG, stored in R2 for STATIC codes), versions, links to
// other areas' entities, and the public embed. Mounted by app.ts until catalog/index.ts chains it.
import { newRouter } from '../../../http/router';
import * as e from './embed.handlers';
import * as h from './qr-codes.handlers';
import * as r from './qr-codes.routes';

export const qrCodesRouter = newRouter()
  .openapi(r.list, h.list)
  .openapi(r.create, h.create)
  .openapi(r.get, h.get)
  .openapi(r.patch, h.patch)
  .openapi(r.remove, h.remove)
  .openapi(r.download, h.download)
  .openapi(r.regenerate, h.regenerate)
  .openapi(r.versions, h.versions)
  .openapi(r.links, h.listLinks)
  .openapi(r.link, h.link)
  .openapi(r.unlink, h.unlink)
  .openapi(r.embed, e.embed);
