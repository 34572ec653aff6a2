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

const stop = async (code = 0) => {
  log('stopping');
  await stack.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
void stack.exited.then((code) => stop(code));
