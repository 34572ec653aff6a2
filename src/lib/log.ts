// Structured log lines, one JSON object each. Errors are logged through loggableError (lib/db-errors):
// a driver error's message can carry the failed query's parameters (password hashes, tokens).
import { loggableError } from './db-errors';

export function logInfo(msg: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'info', msg, ...fields }));
}

export function logError(msg: string, err: unknown, fields: Record<string, unknown> = {}): void {
  console.error(JSON.stringify({ level: 'error', msg, ...fields, ...loggableError(err) }));
}
