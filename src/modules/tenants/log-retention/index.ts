// Log retention policy of a tenant and its purge job.
import { newRouter } from '../../../http/router';
import * as h from './log-retention.handlers';
import * as r from './log-retention.routes';

export const logRetentionRouter = newRouter().openapi(r.get, h.get).openapi(r.patch, h.patch);
