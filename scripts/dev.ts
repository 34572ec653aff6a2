// `npm start`: the whole API locally at http://127.0.0.1:$PORT (default 8787). Data is kept in
// .data/ across restarts. Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import { distanceFromEnv } from './lib/distance.ts';
import { startStack } from './lib/stack.ts';

const root = new URL('..', import.meta.url).pathname;
const log = (msg: string) => console.log(`[start] ${msg}`);
mkdirSync(`${root}.data`, { recursive: true });

const port = Number(process.env.PORT ?? 8787);
const stack = await startStack({
  port,
  pgPort: Number(process.env.PG_PORT ?? 54329),
  bridgePort: Number(process.env.PG_BRIDGE_PORT ?? 54330),
  httpPort: Number(process.env.PG_HTTP_PORT ?? 54331),
  distance: distanceFromEnv(),
  dataDir: `${root}.data`,
  persistent: true,
  showOutput: true,
  localAdmin: {
    email: process.env.LOCAL_ADMIN_EMAIL ?? 'admin@localhost.test',
    password: process.env.LOCAL_ADMIN_PASSWORD ?? 'local-admin-password',
  },
  log,
});
stack.ready.then(() => log(`API on ${stack.url} (reference: ${stack.url}/docs)`), () => {});

// `wrangler dev` does not fire Cron Triggers by itself; it serves /__scheduled (--test-scheduled).
// Fire wrangler.toml's crons on the minute, as Cloudflare does, so reminders (and every other job)
// run with `npm start` alone. NO_CRON=1 leaves them to manual calls.
function fireCrons(): void {
  const now = new Date();
  const crons = ['* * * * *', ...(now.getUTCMinutes() === 5 ? ['5 * * * *'] : [])];
  for (const cron of crons) {
    fetch(`${stack.url}/__scheduled?cron=${encodeURIComponent(cron)}`).then(
      (r) => r.body?.cancel(),
      (err: Error) => log(`cron ${cron} not fired: ${err.message}`),
    );
  }
}
if (!process.env.NO_CRON) {
  void stack.ready.then(() => {
    const untilNextMinute = 60_000 - (Date.now() % 60_000);
    setTimeout(() => {
      fireCrons();
      setInterval(fireCrons, 60_000);
    }, untilNextMinute);
  });
}

const stop = async (code = 0) => {
  log('stopping');
  await stack.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
void stack.exited.then((code) => stop(code));
