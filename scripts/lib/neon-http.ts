// A local stand-in for Neon's HTTP SQL endpoint (`https://api.<host>/sql`), the one the driver's
// `neon()` function and `sql.transaction()` POST to: one HTTP request per query or per batch, no
// connection set-up in the Worker. Backed by warm `pg` connections to the embedded Postgres.
// Point the driver at it with `neonConfig.fetchEndpoint = <url>` (neon() reads the endpoint from
// the global neonConfig only, not from its per-call options).
//
// The protocol, as @neondatabase/serverless 1.2 speaks it:
//   POST, headers `Neon-Connection-String`, `Neon-Raw-Text-Output: true`, `Neon-Array-Mode: true`,
//   for a batch also `Neon-Batch-Isolation-Level`, `Neon-Batch-Read-Only`, `Neon-Batch-Deferrable`;
//   body `{query, params}` or `{queries: [{query, params}, ...]}` (params are text or null, bytea as `\x…`).
//   200: `{fields, command, rowCount, rows, rowAsArray}` or `{results: [...]}`, values as Postgres text;
//   400: `{message, code, detail, constraint, ...}`, which the driver turns into a NeonDbError.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import pg from 'pg';
import { sleep, type Distance } from './distance.ts';

export interface NeonHttpHandle {
  /** The value for `neonConfig.fetchEndpoint`. */
  url: string;
  port: number;
  /** Sees every request's statements (one, or a batch) and the role that sent them (the bench EXPLAINs a route's real SQL). */
  tap?: (queries: Query[], user: string) => void;
  close(): Promise<void>;
}

export interface NeonHttpOptions {
  port: number;
  /** The only database reachable (it is not an open proxy): the connection string must name this host, port and database. */
  database: string;
  /** Each HTTP request is held RTT/2 on the way in and RTT/2 on the way out. */
  distance?: Distance;
  /** Connections per user. Default 20. */
  poolSize?: number;
  /** Further roles of the same database whose pools are warmed at start (the application role). */
  warmUrls?: string[];
}

export interface Query {
  query: string;
  params?: unknown[];
}

/** Every value as the text Postgres sent: the driver parses types itself (`Neon-Raw-Text-Output`). */
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

const ISOLATION: Record<string, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/** The fields of a Postgres error the driver copies onto NeonDbError. */
const ERROR_FIELDS = ['severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine'] as const;

class BadRequest extends Error {}

export async function startNeonHttp(o: NeonHttpOptions): Promise<NeonHttpHandle> {
  const allowed = new URL(o.database);
  const distance = o.distance ?? { rttMs: 0 };
  // One pool per user and password: Postgres itself authenticates them, and a later role
  // without BYPASSRLS gets its own connections.
  const pools = new Map<string, pg.Pool>();
  const poolFor = (cs: URL): pg.Pool => {
    const key = `${cs.username}:${cs.password}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: allowed.hostname,
        port: Number(allowed.port || 5432),
        database: allowed.pathname.slice(1),
        user: decodeURIComponent(cs.username),
        password: decodeURIComponent(cs.password),
        max: o.poolSize ?? 20,
        idleTimeoutMillis: 0, // warm: kept open, as Neon's pooler keeps its server connections
      });
      pool.on('error', () => {}); // an idle connection that dies is dropped from the pool
      pools.set(key, pool);
    }
    return pool;
  };
  // Warm the pools of the local database's own user and the other roles, so no request pays a connection.
  for (const url of [o.database, ...(o.warmUrls ?? [])]) {
    const warm = poolFor(new URL(url));
    const clients = await Promise.all(Array.from({ length: Math.min(o.poolSize ?? 20, 8) }, () => warm.connect()));
    for (const c of clients) c.release();
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    await sleep(distance.rttMs / 2);
    let status = 200;
    let out: unknown;
    try {
      out = await execute(req, body);
    } catch (err) {
      status = err instanceof pg.DatabaseError || err instanceof BadRequest ? 400 : 500;
      out = errorBody(err);
    }
    await sleep(distance.rttMs / 2);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
  };

  const execute = async (req: IncomingMessage, body: string): Promise<unknown> => {
    if (req.method !== 'POST') throw new BadRequest('POST only');
    const cs = connectionString(req.headers['neon-connection-string']);
    if (req.headers['neon-raw-text-output'] !== 'true') throw new BadRequest('only Neon-Raw-Text-Output: true is served locally');
    const arrayMode = req.headers['neon-array-mode'] === 'true';
    let parsed: { query?: unknown; params?: unknown; queries?: unknown };
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BadRequest('request body is not JSON');
    }
    const pool = poolFor(cs);
    const user = decodeURIComponent(cs.username);
    if (!Array.isArray(parsed.queries)) {
      const q = asQuery(parsed);
      self.tap?.([q], user);
      return run(pool, q, arrayMode);
    }
    const queries = parsed.queries.map(asQuery);
    self.tap?.(queries, user);
    const begin = beginStatement(req);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(begin);
      const results = [];
      for (const q of queries) results.push(await run(client, q, arrayMode));
      await client.query('COMMIT');
      return { results };
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const connectionString = (header: string | string[] | undefined): URL => {
    if (typeof header !== 'string') throw new BadRequest('missing Neon-Connection-String header');
    let cs: URL;
    try {
      cs = new URL(header);
    } catch {
      throw new BadRequest('Neon-Connection-String is not a URL');
    }
    const same = cs.hostname === allowed.hostname && (cs.port || '5432') === (allowed.port || '5432') && cs.pathname === allowed.pathname;
    if (!same) throw new BadRequest(`only ${allowed.host}${allowed.pathname} is served here`);
    return cs;
  };

  const http: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${o.port} is in use: set PG_HTTP_PORT to a free port`) : err),
    );
    http.listen(o.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as { port: number }).port;
  const self: NeonHttpHandle = {
    url: `http://127.0.0.1:${port}/sql`,
    port,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
  return self;
}

function asQuery(q: unknown): Query {
  const { query, params } = (q ?? {}) as Query;
  if (typeof query !== 'string') throw new BadRequest('each query needs a "query" string');
  if (params !== undefined && !Array.isArray(params)) throw new BadRequest('"params" must be an array');
  return { query, params };
}

/** BEGIN with the batch's transaction options, validated (they are interpolated). */
function beginStatement(req: IncomingMessage): string {
  const h = (name: string) => req.headers[name] as string | undefined;
  const parts = ['BEGIN'];
  const level = h('neon-batch-isolation-level');
  if (level !== undefined) {
    if (!ISOLATION[level]) throw new BadRequest(`unknown Neon-Batch-Isolation-Level "${level}"`);
    parts.push('ISOLATION LEVEL', ISOLATION[level]);
  }
  const flag = (name: string, yes: string, no: string) => {
    const v = h(name);
    if (v === undefined) return;
    if (v !== 'true' && v !== 'false') throw new BadRequest(`${name} must be true or false`);
    parts.push(v === 'true' ? yes : no);
  };
  flag('neon-batch-read-only', 'READ ONLY', 'READ WRITE');
  flag('neon-batch-deferrable', 'DEFERRABLE', 'NOT DEFERRABLE');
  return parts.join(' ');
}

/** One statement, extended protocol like Neon's (so one statement per query), values as text. */
async function run(db: pg.Pool | pg.PoolClient, q: Query, arrayMode: boolean) {
  const r = await db.query({ text: q.query, values: q.params ?? [], rowMode: 'array', types: RAW_TEXT, queryMode: 'extended' } as pg.QueryArrayConfig);
  const fields = r.fields.map((f) => ({
    name: f.name,
    dataTypeID: f.dataTypeID,
    tableID: f.tableID,
    columnID: f.columnID,
    dataTypeSize: f.dataTypeSize,
    dataTypeModifier: f.dataTypeModifier,
    format: f.format,
  }));
  const rows = arrayMode ? r.rows : r.rows.map((row) => Object.fromEntries(fields.map((f, i) => [f.name, row[i]])));
  return { fields, command: r.command, rowCount: r.rowCount, rows, rowAsArray: arrayMode };
}

function errorBody(err: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { message: err instanceof Error ? err.message : String(err) };
  if (err instanceof pg.DatabaseError) for (const k of ERROR_FIELDS) if (err[k] !== undefined) out[k] = err[k];
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
