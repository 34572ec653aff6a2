// Structured log lines. Errors are logged by kind and code only: a driver error's message can
// carry the failed query's parameters (password hashes, tokens), so it never reaches the log.

export function logInfo(msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'info', msg, ...fields }));
}

/** What is safe to log of an error: its class, SQLSTATE code, constraint and table, never its text. */
export function errorSummary(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as { name?: string; code?: unknown; constraint?: unknown; table?: unknown; cause?: unknown };
  const cause = (e.cause ?? {}) as typeof e;
  const pick = (k: 'code' | 'constraint' | 'table') => (typeof e[k] === 'string' ? e[k] : typeof cause[k] === 'string' ? cause[k] : undefined);
  return { errorName: e.name ?? typeof err, code: pick('code'), constraint: pick('constraint'), table: pick('table') };
}

export function logError(msg: string, err: unknown, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ level: 'error', msg, ...fields, error: errorSummary(err) }));
}
