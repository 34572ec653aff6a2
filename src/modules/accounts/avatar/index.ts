// Avatar: the signed-in user's picture (generated initials, a linked identity's picture, later
// an upload) and the sources they can choose from.
import { newRouter } from '../../../http/router';
import * as h from './avatar.handlers';
import * as r from './avatar.routes';

export const avatarRouter = newRouter().openapi(r.get, h.get).openapi(r.patch, h.patch).openapi(r.reset, h.reset).openapi(r.sources, h.sources);
