// `npm run bench:dispatch` (issue #14): 10,000 due in-app reminders through the Cron Trigger and
// the Queue on the local stack (`wrangler dev`, as `npm start` runs it). Seeds a tenant with
// BENCH_REMINDERS (10,000) entries and reminders whose trigger times spread over the minute around
// now (half already late, half still ahead), fires the cron through /__scheduled as `npm start` does
// (once now, then every minute), and waits until every delivery is sent. Reports the time until
// all were delivered and the lag distribution (sent_at - trigger_at; a reminder ahead waits in the
// queue until its time).
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withPg } from './lib/bench-seed.ts';
import { freePort } from './lib/ports.ts';
import { startStack } from './lib/stack.ts';

const N = Number(process.env.BENCH_REMINDERS ?? 10_000);
const log = (m: string) => console.log(`[bench:dispatch] ${m}`);
const dataDir = mkdtempSync(join(tmpdir(), 'platform-bench-dispatch-'));
chmodSync(dataDir, 0o755);
const stack = await startStack({
  port: await freePort(),
  pgPort: await freePort(),
  bridgePort: await freePort(),
  httpPort: await freePort(),
  dataDir,
  persistent: false,
  runtime: 'wrangler-dev',
  vars: { REQUEST_LOG: 'false' },
  showOutput: false,
  log,
});

const post = (path: string, body: unknown) =>
  fetch(stack.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

try {
  await stack.ready;
  const email = `bench-dispatch-${Date.now()}@example.test`;
  await post('/api/v1/public/auth/register', { email, password: 'bench password 1', tenantName: 'Bench dispatch', tenantDomain: `bench-dispatch-${Date.now()}` });
  const login = await post('/api/v1/public/auth/login', { email, password: 'bench password 1' });
  const userId = login.user.id as string;
  const tenantId = login.user.tenantId as string;

  // Entries starting 15 minutes after their reminder's trigger, triggers spread over [now - 60 s, now + 50 s].
  const seeded = Date.now();
  await withPg(stack.databaseUrl, async (db) => {
    const [cal] = (await db.query<{ id: string }>(`insert into calendars (tenant_id, kind, name, timezone, visibility, created_by) values ($1, 'tenant_shared', 'Dispatch bench', 'UTC', 'public_within_tenant', $2) returning id`, [tenantId, userId])).rows;
    await db.query(
      `with e as (
         insert into calendar_entries (tenant_id, calendar_id, kind, status, title, starts_at, ends_at, timezone, owner_user_id, created_by)
         select $1, $2, 'event', 'confirmed', 'Bench ' || g, now() + ((g % 110) - 60 + 15 * 60) * interval '1 second', now() + interval '2 hours', 'UTC', $3, $3
         from generate_series(1, ${N}) g returning id, starts_at)
       insert into calendar_reminders (tenant_id, calendar_id, calendar_entry_id, channel, offset_minutes, next_trigger_at, next_target_kind, next_target_id, created_by)
       select $1, $2, e.id, 'in_app', -15, e.starts_at - interval '15 minutes', 'entry', e.id, $3 from e`,
      [tenantId, cal!.id, userId],
    );
    await db.query('analyze calendar_reminders, calendar_entries');
  });
  log(`${N} reminders seeded in ${Date.now() - seeded} ms`);

  const fire = () => fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent('* * * * *')}`).then((r) => r.text());
  const started = Date.now();
  await fire();
  const tickMs = Date.now() - started;
  const cron = setInterval(() => void fire(), 60_000);
  let sent = 0;
  const deadline = started + 15 * 60_000;
  const progress: string[] = [];
  while (Date.now() < deadline) {
    sent = await withPg(stack.databaseUrl, async (db) => Number((await db.query(`select count(*) from reminder_deliveries where tenant_id = $1 and status in ('sent', 'skipped', 'dead')`, [tenantId])).rows[0].count));
    progress.push(`${Math.round((Date.now() - started) / 1000)} s: ${sent}`);
    if (sent >= N) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  clearInterval(cron);
  const totalMs = Date.now() - started;
  const stats = await withPg(stack.databaseUrl, async (db) =>
    (
      await db.query(
        `select count(*) filter (where status = 'sent') as sent, count(*) as total, max(attempts) as max_attempts,
           percentile_cont(array[0.5, 0.9, 0.99]) within group (order by extract(epoch from sent_at - trigger_at)) as lag,
           max(extract(epoch from sent_at - trigger_at)) as max_lag, min(extract(epoch from sent_at - trigger_at)) as min_lag,
           extract(epoch from max(sent_at) - min(queued_at)) as span
         from reminder_deliveries where tenant_id = $1`,
        [tenantId],
      )
    ).rows[0],
  );
  const events = await withPg(stack.databaseUrl, async (db) => Number((await db.query(`select count(*) from realtime_events where tenant_id = $1 and event_type = 'calendar.reminder'`, [tenantId])).rows[0].count));
  const ahead = await withPg(stack.databaseUrl, async (db) =>
    (
      await db.query(
        `select count(*) as n, percentile_cont(array[0.5, 0.9, 0.99]) within group (order by extract(epoch from sent_at - trigger_at)) as lag, max(extract(epoch from sent_at - trigger_at)) as max_lag
         from reminder_deliveries where tenant_id = $1 and trigger_at > to_timestamp($2 / 1000.0)`,
        [tenantId, started],
      )
    ).rows[0],
  );
  const fmt = (xs: number[] | null) => (xs ?? []).map((x) => `${x.toFixed(1)} s`);
  const lag = fmt(stats.lag);
  const aheadLag = fmt(ahead.lag);
  console.log(`\n## Reminder dispatch, ${N} due in-app reminders (wrangler dev, cron via /__scheduled, queue platform-reminders)\n`);
  console.log(`- first tick (claim + queue all due within 60 s): ${tickMs} ms`);
  console.log(`- all delivered ${sent >= N ? 'after' : 'NOT within'} ${(totalMs / 1000).toFixed(1)} s of the first tick (deliveries sent ${stats.sent}/${stats.total}, realtime events ${events}, max attempts ${stats.max_attempts})`);
  console.log(`- first queued to last sent: ${Number(stats.span).toFixed(1)} s`);
  console.log(`- lag sent - trigger: min ${Number(stats.min_lag).toFixed(1)} s, p50 ${lag[0]}, p90 ${lag[1]}, p99 ${lag[2]}, max ${Number(stats.max_lag).toFixed(1)} s`);
  console.log(`- of them, the ${ahead.n} whose trigger was still ahead at the first tick (delayed in the queue until then): p50 ${aheadLag[0]}, p90 ${aheadLag[1]}, p99 ${aheadLag[2]}, max ${Number(ahead.max_lag).toFixed(1)} s`);
  console.log(`- progress: ${progress.filter((_, i) => i % 5 === 0).join(', ')}`);
} finally {
  await stack.stop();
}
