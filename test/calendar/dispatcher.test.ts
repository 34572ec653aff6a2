// Reminder dispatch driven in workerd: the cron handler (overlapping ticks claim each reminder
// once), the real queue consumer (in-app reminders in the realtime log and on the user's socket,
// e-mail through the outbox), a redelivered message sending nothing twice, a failing webhook
// retried with backoff and ended by the dead-letter queue with an alert, a signed webhook, and
// /system/dispatcher (run, status, health, acknowledge) with its credentials.
import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult } from 'cloudflare:test';
import { and, eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import type { Env } from '../../src/context';
import { calendarReminders, dispatcherAlerts, reminderDeliveries } from '../../src/db/schema/calendar';
import { outboxMessages } from '../../src/db/schema/outbox';
import { realtimeChannels, realtimeEvents } from '../../src/db/schema/realtime';
import { tenantSettings } from '../../src/db/schema/tenant-config';
import { queue, scheduled } from '../../src/jobs';
import { webhookSecret } from '../../src/modules/calendar/dispatcher/webhook-secret';
import { addMember, makeSystemAdmin, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, type SignedIn } from '../helpers/identity';
import { until } from '../helpers/wait';
import { connect } from '../realtime/helpers';
import { C, call, newCalendar, newEntry } from './calendars-helpers';

const D = '/api/v1/system/dispatcher';
const HOOKS = inject('fakeWebhookUrl');
const cronEnv = { ...(env as Env), DISPATCHER_CRON: 'on' } as Env;

/** An entry starting in 30 s with a reminder one minute before its start: due now. */
async function dueReminder(who: SignedIn, calendarId: string, channel: 'in_app' | 'email' | 'webhook') {
  const start = new Date(Date.now() + 30_000);
  const entry = await newEntry(who, calendarId, { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() });
  const res = await call(who, 'POST', `${C}/reminders`, { calendarId, calendarEntryId: entry.id, channel, offsetMinutes: -1 });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.data.id as string, entryId: entry.id, triggerAt: new Date(start.getTime() - 60_000) };
}

const deliveries = (tenantId: string) => withDb((db) => db.select().from(reminderDeliveries).where(eq(reminderDeliveries.tenantId, tenantId)));

async function consume(queueName: string, keys: string[], attempts = 1) {
  const batch = createMessageBatch(queueName, keys.map((deliveryKey, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: { deliveryKey } })));
  await queue(batch, env as Env);
  return getQueueResult(batch, createExecutionContext());
}

const setNotifications = (tenantId: string, settings: Record<string, unknown>) =>
  withDb((db) => db.insert(tenantSettings).values({ tenantId, category: 'notifications', settings: { email_notifications: true, sms_notifications: false, webhook_url: null, ...settings } }));

async function systemAdmin(): Promise<SignedIn> {
  const t = await newTenant({ password: 'system admin password' });
  await makeSystemAdmin(t.userId);
  return signIn(t.email, 'system admin password');
}

describe('reminder dispatch', () => {
  it('overlapping cron ticks claim each due reminder once; the queue consumer delivers each once (realtime log and socket, outbox)', async () => {
    const owner = await newTenant();
    const cal = await newCalendar(owner);
    const inApp = [await dueReminder(owner, cal.id, 'in_app'), await dueReminder(owner, cal.id, 'in_app')];
    const mail = await dueReminder(owner, cal.id, 'email');

    await Promise.all([scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), cronEnv), scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), cronEnv)]);
    const claimed = await deliveries(owner.tenantId);
    expect(claimed.map((d) => d.reminderId).sort()).toEqual([...inApp.map((r) => r.id), mail.id].sort());
    const preview = claimed.find((d) => d.reminderId === mail.id)!;
    expect(preview.deliveryKey).toBe(`rem:${mail.id}:entry:${mail.entryId}:${mail.triggerAt.toISOString()}`);

    // The real consumer (wrangler.toml's queue) sends them.
    const sent = await until(() => deliveries(owner.tenantId), (rows) => rows.every((d) => d.status === 'sent'), 15_000);
    expect(sent.every((d) => d.attempts === 1 && d.sentAt !== null)).toBe(true);
    const [reminder] = await withDb((db) => db.select().from(calendarReminders).where(eq(calendarReminders.id, mail.id)));
    expect(reminder).toMatchObject({ lastTriggeredAt: mail.triggerAt, nextTriggerAt: null });

    const events = () =>
      withDb((db) =>
        db
          .select({ data: realtimeEvents.data, seq: realtimeEvents.seq })
          .from(realtimeEvents)
          .innerJoin(realtimeChannels, eq(realtimeChannels.id, realtimeEvents.channelId))
          .where(and(eq(realtimeChannels.tenantId, owner.tenantId), eq(realtimeChannels.channelName, `user:${owner.userId}`), eq(realtimeEvents.eventType, 'calendar.reminder'))),
      );
    expect((await events()).map((e) => (e.data as { reminderId: string }).reminderId).sort()).toEqual(inApp.map((r) => r.id).sort());
    const mails = await withDb((db) => db.select().from(outboxMessages).where(and(eq(outboxMessages.recipient, owner.email), eq(outboxMessages.template, 'calendar_reminder'))));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.idempotencyKey).toBe(`${preview.deliveryKey}:${owner.userId}`);

    // The same messages again (a redelivery): acknowledged, nothing sent twice.
    const again = await consume('platform-reminders', sent.map((d) => d.deliveryKey));
    expect(again.explicitAcks).toHaveLength(3);
    expect(await events()).toHaveLength(2);
    expect(await withDb((db) => db.select().from(outboxMessages).where(and(eq(outboxMessages.recipient, owner.email), eq(outboxMessages.template, 'calendar_reminder'))))).toHaveLength(1);

    // The user's socket replays the reminders from its own channel; another member cannot open it.
    const socket = await connect(owner, `user:${owner.userId}`, 0);
    const pushed = await socket.next((m) => m.type === 'event' && m.event_type === 'calendar.reminder', 'a reminder event');
    expect(pushed.data).toMatchObject({ calendarId: cal.id, target: { kind: 'entry' } });
    socket.close();
  });

  it('a batch of mixed channels goes out together: events numbered without gaps per user channel, a webhook on its own, a redelivered batch sending nothing', async () => {
    const owner = await newTenant();
    await setNotifications(owner.tenantId, { webhook_url: `${HOOKS}/ok/${owner.tenantId}` });
    const cal = await newCalendar(owner);
    const inApp = await Promise.all(Array.from({ length: 6 }, () => dueReminder(owner, cal.id, 'in_app')));
    await dueReminder(owner, cal.id, 'email');
    await dueReminder(owner, cal.id, 'webhook');
    const admin = await systemAdmin();
    expect((await api(`${D}/run?tenantId=${owner.tenantId}`, { method: 'POST', headers: admin.auth })).status).toBe(200);

    const sent = await until(() => deliveries(owner.tenantId), (rows) => rows.length === 8 && rows.every((d) => d.status === 'sent'), 15_000);
    expect(sent.every((d) => d.attempts === 1)).toBe(true);
    const seqs = await withDb((db) =>
      db
        .select({ seq: realtimeEvents.seq, data: realtimeEvents.data })
        .from(realtimeEvents)
        .innerJoin(realtimeChannels, eq(realtimeChannels.id, realtimeEvents.channelId))
        .where(and(eq(realtimeChannels.tenantId, owner.tenantId), eq(realtimeChannels.channelName, `user:${owner.userId}`))),
    );
    expect(seqs.map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(seqs.map((e) => (e.data as { reminderId: string }).reminderId).sort()).toEqual(inApp.map((r) => r.id).sort());

    // Redelivered together with a key nobody knows: every message acknowledged, nothing new.
    const again = await consume('platform-reminders', [...sent.map((d) => d.deliveryKey), 'rem:unknown']);
    expect(again.explicitAcks).toHaveLength(9);
    expect(again.retryMessages).toHaveLength(0);
    const [{ n }] = await withDb((db) => db.execute<{ n: number }>(sql`select count(*)::int as n from realtime_events e join realtime_channels c on c.id = e.channel_id where c.tenant_id = ${owner.tenantId}`)).then((r) => r.rows as [{ n: number }]);
    expect(n).toBe(6);
  });

  it('a failing webhook is retried with backoff, then the dead-letter queue ends it dead with one alert; admins acknowledge alerts', async () => {
    const owner = await newTenant();
    await setNotifications(owner.tenantId, { webhook_url: `${HOOKS}/fail/${owner.tenantId}` });
    const cal = await newCalendar(owner);
    const rem = await dueReminder(owner, cal.id, 'webhook');
    const admin = await systemAdmin();

    const run = await api(`${D}/run?tenantId=${owner.tenantId}`, { method: 'POST', headers: admin.auth });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expectReferenceShape('POST', `${D}/run`, run);
    expect(run.body).toMatchObject({ success: true, data: { jobs_executed: 1, jobs_failed: 0 } });
    const [claimed] = await deliveries(owner.tenantId);
    expect(claimed!.reminderId).toBe(rem.id);

    const first = await consume('platform-reminders', [claimed!.deliveryKey], 2);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toHaveLength(0);
    const [failed] = await deliveries(owner.tenantId);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.lastError).toContain('503');

    const dlq = await consume('platform-reminders-dlq', [claimed!.deliveryKey]);
    expect(dlq.explicitAcks).toHaveLength(1);
    await consume('platform-reminders-dlq', [claimed!.deliveryKey]);
    expect((await deliveries(owner.tenantId))[0]!.status).toBe('dead');
    const alerts = await withDb((db) => db.select().from(dispatcherAlerts).where(eq(dispatcherAlerts.deliveryKey, claimed!.deliveryKey)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ tenantId: owner.tenantId, type: 'reminder_dead_letter', acknowledgedAt: null });

    const status = await api(`${D}/status`, { headers: admin.auth });
    expect(status.status).toBe(200);
    expectReferenceShape('GET', `${D}/status`, status);
    expect(status.body).toMatchObject({ enabled: false, mode: 'serverless' });
    expect(status.body.recent_alerts).toContainEqual(expect.objectContaining({ id: alerts[0]!.id, acknowledged: false, severity: 'warning' }));
    expect(status.body.recent_runs.map((r: { run_id: string }) => r.run_id)).toContain(run.body.data.run_id);

    const health = await api(`${D}/health`, { headers: admin.auth });
    expect(health.status).toBe(200);
    expectReferenceShape('GET', `${D}/health`, health);
    expect(health.body.overall).toBe('degraded');
    expect(health.body.services.find((s: { service_name: string }) => s.service_name === 'dead_letters').status).toBe('degraded');

    const ack = await api(`${D}/alerts/${alerts[0]!.id}/acknowledge`, { method: 'POST', headers: admin.auth });
    expect(ack.status).toBe(200);
    expectReferenceShape('POST', `${D}/alerts/{id}/acknowledge`, ack);
    expect(ack.body).toEqual({ success: true, message: 'Alert acknowledged' });
    expect((await api(`${D}/alerts/${alerts[0]!.id}/acknowledge`, { method: 'POST', headers: admin.auth })).body.message).toBe('Alert was already acknowledged');
    const [acked] = await withDb((db) => db.select().from(dispatcherAlerts).where(eq(dispatcherAlerts.id, alerts[0]!.id)));
    expect(acked!.acknowledgedBy).toBe(admin.userId);
    expectError(await api(`${D}/alerts/${crypto.randomUUID()}/acknowledge`, { method: 'POST', headers: admin.auth }), 404);
    expectError(await api(`${D}/alerts/not-a-uuid/acknowledge`, { method: 'POST', headers: admin.auth }), 400);
    expectError(await api(`${D}/run?tenantId=nope`, { method: 'POST', headers: admin.auth }), 400);

    // Tenant owners are not platform administrators; no credentials at all is 401.
    const member = await addMember(owner.tenantId, 'admin');
    for (const [method, path] of [['POST', `${D}/run`], ['GET', `${D}/status`], ['GET', `${D}/health`], ['POST', `${D}/alerts/${alerts[0]!.id}/acknowledge`]] as const) {
      expectError(await api(path, { method, headers: owner.auth }), 403);
      expectError(await api(path, { method, headers: member.auth }), 403);
      expectError(await api(path, { method }), 401);
    }
  });

  it('webhooks are signed (Standard Webhooks) with the delivery key as webhook-id; a cancelled target is skipped', async () => {
    const owner = await newTenant();
    await setNotifications(owner.tenantId, { webhook_url: `${HOOKS}/ok/${owner.tenantId}` });
    const cal = await newCalendar(owner);
    const hook = await dueReminder(owner, cal.id, 'webhook');
    const gone = await dueReminder(owner, cal.id, 'in_app');
    const admin = await systemAdmin();
    expect((await api(`${D}/run?tenantId=${owner.tenantId}`, { method: 'POST', headers: admin.auth })).body.data.jobs_executed).toBe(2);
    expect((await call(owner, 'POST', `${C}/entries/${gone.entryId}/status`, { status: 'cancelled' })).status).toBe(200);
    const rows = await deliveries(owner.tenantId);
    const result = await consume('platform-reminders', rows.map((d) => d.deliveryKey));
    expect(result.explicitAcks, JSON.stringify({ result, rows: await deliveries(owner.tenantId) })).toHaveLength(2);

    const after = await deliveries(owner.tenantId);
    const hookRow = after.find((d) => d.reminderId === hook.id)!;
    expect(hookRow.status).toBe('sent');
    expect(after.find((d) => d.reminderId === gone.id)).toMatchObject({ status: 'skipped', lastError: 'the target was cancelled or deleted' });

    const received = (await (await fetch(`${HOOKS}/__requests`)).json()) as { path: string; headers: Record<string, string>; body: string }[];
    const mine = received.filter((r) => r.path === `/ok/${owner.tenantId}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.headers['webhook-id']).toBe(hookRow.deliveryKey);
    const payload = new Webhook(await webhookSecret(env as Env, owner.tenantId)).verify(mine[0]!.body, mine[0]!.headers) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'calendar.reminder', tenantId: owner.tenantId, deliveryKey: hookRow.deliveryKey, reminderId: hook.id, recipientUserIds: [owner.userId] });
    // Another tenant's secret does not verify it.
    expect(() => new Webhook(btoa('another tenant secret, 32 bytes!')).verify(mine[0]!.body, mine[0]!.headers)).toThrow();
  });
});
