// Folding statements into one round trip on the WebSocket connection. The driver (node-postgres
// underneath) sends one query at a time and waits for its answer: no pipelining. A simple query,
// though, may carry several statements, so a statement that needs no answer of its own rides along
// with a neighbour: the tenant setting with BEGIN (db/rls.ts), the audit entry with COMMIT
// (db/unit-of-work.ts). Parameters cannot travel in a simple query: values are inlined as literals,
// escaped by the driver itself (`escapeLiteral`).

interface RawClient {
  query: (config: unknown, ...rest: unknown[]) => Promise<unknown>;
  escapeLiteral(value: string): string;
}

function rawClient(db: object): RawClient {
  return (db as { $client: RawClient }).$client;
}

/**
 * The next statement sent on `db`'s connection, which must match `expected` (`begin`, `commit`),
 * goes out rewritten by `rewrite` (as one simple query). Any other statement first is a bug.
 */
export function foldIntoNext(db: object, expected: RegExp, rewrite: (text: string, client: RawClient) => string): void {
  const client = rawClient(db);
  const own = Object.prototype.hasOwnProperty.call(client, 'query');
  const query = client.query;
  const restore = () => {
    if (own) client.query = query;
    else delete (client as { query?: unknown }).query;
  };
  client.query = (config: unknown, ...rest: unknown[]) => {
    restore();
    const text = typeof config === 'string' ? config : (config as { text?: string }).text;
    if (!text || !expected.test(text)) throw new Error(`foldIntoNext: expected ${expected} as the next statement`);
    const folded = rewrite(text, client);
    return query.call(client, typeof config === 'string' ? folded : { ...(config as object), text: folded }, ...rest);
  };
}

/** `statement` ($1…$n placeholders, as Drizzle's `toSQL()` gives) with its parameters as escaped literals. */
export function inlineParams(statement: { sql: string; params: unknown[] }, client: Pick<RawClient, 'escapeLiteral'>): string {
  return statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const v = statement.params[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (v instanceof Date) return client.escapeLiteral(v.toISOString());
    if (typeof v === 'object') return client.escapeLiteral(JSON.stringify(v));
    return client.escapeLiteral(String(v));
  });
}
