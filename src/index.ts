// Worker entry: HTTP (the app), Cron Triggers, Queue consumers, and the Durable Object classes.
import { createApp } from './app';
import type { Env } from './env';
import { queue, scheduled } from './jobs';

export { RateCounter } from './realtime/rate-counter';
export { RealtimeChannel } from './realtime/realtime-channel';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env>;
