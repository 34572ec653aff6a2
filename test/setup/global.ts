// Vitest global setup (runs in Node before the workerd pool starts): a throwaway embedded
// Postgres with migrations and reference data, the WebSocket bridge the Neon driver needs and the
// local Neon HTTP SQL endpoint its `neon()` function needs. Values reach the Worker's bindings
// through `provide` (see vitest.config.ts). Postgres runs in a child process so that its
// package's exit hook cannot replace vitest's exit code.
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startBridge } from '../../scripts/lib/bridge.ts';
import { runMigrations } from '../../scripts/lib/migrate.ts';
import { ensureAppRole } from '../../scripts/lib/roles.ts';
import { startNeonHttp } from '../../scripts/lib/neon-http.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { startPostgresProcess } from '../../scripts/lib/postgres-process.ts';
import { seedReferenceData } from '../../scripts/lib/seed.ts';
import { ensureSystemAdmin } from '../../scripts/lib/system-admin.ts';
import { loadSpec, specAvailable } from '../../scripts/lib/spec.ts';
import { toJsonSchema } from '../../scripts/lib/json-schema.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The owner (migrations, test fixtures; the Worker's PLATFORM_DATABASE_URL). */
    databaseUrl: string;
    /** The application role, subject to row-level security (the Worker's DATABASE_URL). */
    appDatabaseUrl: string;
    wsProxy: string;
    /** `neonConfig.fetchEndpoint` for the local Neon HTTP SQL endpoint. */
    httpEndpoint: string;
    referenceSchemas: Record<string, unknown>;
    /** A TCP port that accepts connections and never answers: a database that hangs. */
    blackholePort: number;
    /** Made by the same code as `npm run admin:create`. */
    systemAdmin: { email: string; password: string };
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-test-pg-'));
  const pg = await startPostgresProcess({ dataDir, port: await freePort(), database: 'platform_test', persistent: false });
  await runMigrations(pg.url);
  await seedReferenceData(pg.url);
  const systemAdmin = { email: 'root@system.test', password: 'root admin password' };
  await ensureSystemAdmin(pg.url, systemAdmin.email, systemAdmin.password);
  const appUrl = await ensureAppRole(pg.url);
  const bridge = await startBridge(0, [`127.0.0.1:${pg.port}`]);
  const http = await startNeonHttp({ port: 0, database: pg.url, poolSize: 4, warmUrls: [appUrl] });
  const sockets = new Set<Socket>();
  const blackhole = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));

  project.provide('databaseUrl', pg.url);
  project.provide('appDatabaseUrl', appUrl);
  project.provide('wsProxy', `127.0.0.1:${bridge.port}`);
  project.provide('httpEndpoint', http.url);
  project.provide('referenceSchemas', specAvailable() ? referenceSchemas() : {});
  project.provide('systemAdmin', systemAdmin);
  project.provide('blackholePort', (blackhole.address() as { port: number }).port);

  return async () => {
    for (const s of sockets) s.destroy();
    blackhole.close();
    await http.close();
    await bridge.close();
    await pg.stop();
  };
}

/** "METHOD path status" → JSON Schema of that response, plus "error" for StandardErrorResponse. */
function referenceSchemas(): Record<string, unknown> {
  const spec = loadSpec();
  const out: Record<string, unknown> = { error: toJsonSchema(spec.schemas.StandardErrorResponse.schema) };
  for (const e of spec.endpoints) {
    for (const [status, r] of Object.entries(e.responses)) {
      if (r.schema) out[`${e.method} ${e.path} ${status}`] = toJsonSchema(r.schema);
    }
  }
  return out;
}
