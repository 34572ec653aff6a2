// The cron handler delivers outbox messages left pending.
import { createScheduledController, env } from 'cloudflare:test';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxMessages } from '../src/db/schema/outbox';
import type { Env } from '../src/env';
import { scheduled } from '../src/jobs';
import { enqueueMessage } from '../src/modules/outbox/service';
import { withDb } from './helpers/db';

describe('cron', () => {
  it('delivers pending outbox messages', async () => {
    const key = `cron-test:${crypto.randomUUID()}`;
    const msg = await withDb((db) =>
      enqueueMessage(db, env as Env, { tenantId: null, channel: 'email', recipient: 'cron@example.test', template: 'verify_email', body: 'hi', payload: {}, idempotencyKey: key }),
    );
    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);
    const [row] = await withDb((db) => db.select().from(outboxMessages).where(eq(outboxMessages.id, msg.id)));
    expect(row!.status).toBe('sent');
  });
});
