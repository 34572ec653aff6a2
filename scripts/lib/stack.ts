// The local stack: embedded Postgres, the WebSocket bridge, the HTTP SQL endpoint, migrations,
// reference data and the Worker. Used by `npm start` (persistent data, `wrangler dev`) and
// `npm run bench` (throwaway data, the deployable bundle in Miniflare).
import { execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { startBridge } from './bridge.ts';
import { buildBundle, serveBundle, type BundleServer } from './bundle.ts';
import type { Distance } from './distance.ts';
import { runMigrations } from './migrate.ts';
import { startNeonHttp, type NeonHttpHandle } from './neon-http.ts';
import { freePort } from './ports.ts';
import { startPostgres } from './postgres.ts';
import { seedReferenceData } from './seed.ts';
import { ensureAppRole } from './roles.ts';
import { ensureSystemAdmin } from './system-admin.ts';

export interface StackOptions {
  port: number;
  pgPort: number;
  bridgePort: number;
  /** The local Neon HTTP SQL endpoint (scripts/lib/neon-http.ts). */
  httpPort: number;
  dataDir: string;
  persistent: boolean;
  /** Extra `--var`s for the Worker. */
  vars?: Record<string, string>;
  /** A platform administrator to create or refresh (local development only). */
  localAdmin?: { email: string; password: string };
  /**
   * `wrangler-dev` (default): live reload, as for development. `bundle`: the bundle a deploy
   * uploads, run by Miniflare with nothing in front (the Worker's own cost, for the bench).
   */
  runtime?: 'wrangler-dev' | 'bundle';
  /** Simulated round trip to the database, applied by the bridge and the HTTP endpoint; may be changed while running. */
  distance?: Distance;
  /** Everything as the owner: no row-level security in effect (the bench's baseline for what it costs). */
  singleRole?: boolean;
  /** `bundle` only: more Workers on the same database, each its own Miniflare with these vars on top (the bench compares them in one run). */
  variants?: Record<string, Record<string, string>>;
  /** Inherit wrangler's output (true) or discard it. */
  showOutput: boolean;
  log: (msg: string) => void;
}

export interface Stack {
  url: string;
  /** The workerd process serving `url` (`bundle` runtime); `variants`: their Workers by name. */
  workerPid?: number;
  variants: Record<string, BundleServer>;
  /** Sees the SQL of every request to the HTTP SQL endpoint (see scripts/lib/neon-http.ts). */
  sql: NeonHttpHandle;
  databaseUrl: string;
  /** Process id of the Postgres server (the postmaster). */
  postgresPid(): number;
  /** Resolves when the Worker answers HTTP. */
  ready: Promise<void>;
  exited: Promise<number>;
  stop(): Promise<void>;
}

const root = new URL('../..', import.meta.url).pathname;

export async function startStack(o: StackOptions): Promise<Stack> {
  if (o.variants && o.runtime !== 'bundle') throw new Error('variants need the bundle runtime');
  const pg = await startPostgres({ dataDir: `${o.dataDir}/postgres`, port: o.pgPort, database: 'platform', persistent: o.persistent });
  o.log(`Postgres on 127.0.0.1:${o.pgPort} (data in ${o.dataDir}/postgres)`);
  await runMigrations(pg.url);
  o.log('migrations applied');
  o.log(`reference data: ${JSON.stringify(await seedReferenceData(pg.url))}`);
  if (o.localAdmin) {
    await ensureSystemAdmin(pg.url, o.localAdmin.email, o.localAdmin.password);
    o.log(`system administrator: ${o.localAdmin.email} / ${o.localAdmin.password} (local only)`);
  }
  // Two roles as in production: the Worker's tenant work as the application role, under row-level
  // security; platform work as the owner. `singleRole` (bench baseline) runs everything as the owner.
  const appUrl = o.singleRole ? pg.url : await ensureAppRole(pg.url);
  const distance = o.distance ?? { rttMs: 0 };
  const bridge = await startBridge(o.bridgePort, [`127.0.0.1:${o.pgPort}`], distance);
  o.log(`WebSocket bridge on 127.0.0.1:${bridge.port}`);
  const http = await startNeonHttp({ port: o.httpPort, database: pg.url, distance, warmUrls: [appUrl] });
  o.log(`Neon HTTP SQL endpoint on ${http.url}`);
  if (distance.rttMs) o.log(`simulated database round trip: ${distance.rttMs} ms`);
  const closeDb = async () => {
    await http.close();
    await bridge.close();
    await pg.stop();
  };

  const vars: Record<string, string> = {
    DATABASE_URL: appUrl,
    PLATFORM_DATABASE_URL: pg.url,
    JWT_SECRET: localSecret(`${o.dataDir}/jwt-secret`),
    ENCRYPTION_KEY: localSecret(`${o.dataDir}/encryption-key`),
    DB_WS_PROXY: `127.0.0.1:${bridge.port}`,
    DB_HTTP_ENDPOINT: http.url,
    GIT_COMMIT: gitCommit(),
    BUILD_DATE: new Date().toISOString(),
    ...o.vars,
  };
  if (o.runtime === 'bundle') {
    const script = buildBundle(`${o.dataDir}/bundle`);
    const worker = await serveBundle(script, o.port, vars);
    const variants: Stack['variants'] = {};
    for (const [name, extra] of Object.entries(o.variants ?? {})) variants[name] = await serveBundle(script, await freePort(), { ...vars, ...extra });
    let stopped: Promise<void> | undefined;
    let exit: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => (exit = r));
    return {
      url: worker.url,
      workerPid: worker.workerPid,
      variants,
      sql: http,
      databaseUrl: pg.url,
      postgresPid: pg.pid,
      ready: Promise.resolve(),
      exited,
      stop: () =>
        (stopped ??= (async () => {
          await Promise.all([worker, ...Object.values(variants)].map((w) => w.stop()));
          await closeDb();
          exit(0);
        })()),
    };
  }

  const args = [
    `${root}node_modules/wrangler/bin/wrangler.js`, 'dev', '--port', String(o.port), '--ip', '127.0.0.1',
    '--persist-to', `${o.dataDir}/wrangler`, '--test-scheduled', '--show-interactive-dev-session=false',
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ];
  // Its own process group, so stopping reaches wrangler and the workerd processes it starts.
  const wrangler = spawn(process.execPath, args, {
    cwd: root,
    stdio: o.showOutput ? 'inherit' : 'ignore',
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  const exited = new Promise<number>((r) => wrangler.once('exit', (code) => r(code ?? 0)));
  const url = `http://127.0.0.1:${o.port}`;
  const ready = waitForHttp(`${url}/api/v1/public/timezones/regions`, exited);

  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-wrangler.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  let stopped: Promise<void> | undefined;
  return {
    url,
    variants: {},
    sql: http,
    databaseUrl: pg.url,
    postgresPid: pg.pid,
    ready,
    exited,
    stop: () =>
      (stopped ??= (async () => {
        group('SIGINT');
        const killer = setTimeout(() => group('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
        group('SIGKILL'); // workerd children that outlived wrangler
        await closeDb();
      })()),
  };
}

// A random 32-byte key (base64url) made once per data folder, so sessions and encrypted secrets survive restarts.
function localSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function waitForHttp(url: string, exited: Promise<number>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 600 && !gone; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('wrangler dev did not start');
}
