// Reminder dispatch: the cron tick (dispatcher.jobs.ts), the queue consumers (consumer.service.ts)
// and /api/v1/system/dispatcher.
import { newRouter } from '../../../http/router';
import * as h from './dispatcher.handlers';
import * as r from './dispatcher.routes';

export const dispatcherRouter = newRouter().openapi(r.run, h.run).openapi(r.status, h.status).openapi(r.health, h.health).openapi(r.acknowledge, h.acknowledge);
