// Worker entry: HTTP (the app), Cron Triggers, Queue consumers, and the Durable Object classes.
import { createApp } from './app';
import type { Env } from './env';
import { queue, scheduled } from './jobs';

export { ChatRoom } from './realtime/chat-room';
export { RateCounter } from './realtime/rate-counter';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
  queue,
} satisfies ExportedHandler<Env>;
