// Turns zod failures into a 400 StandardErrorResponse with one entry per offending field.
import type { ZodError } from 'zod';
import { ApiError } from './errors';

const TARGET_LABEL: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

export function validationError(error: ZodError, target: string): ApiError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[fieldPath(issue.path)] ??= []).push(issue.message);
  return invalidFields(TARGET_LABEL[target] ?? target, fields);
}

/** `a.b.0.c` for a path into a body; `(root)` for the body itself. */
export const fieldPath = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : '(root)');

/** The 400 for offending fields of one request part (`body`, `query`, `path`): field → messages. */
export function invalidFields(location: string, fields: Record<string, string[]>): ApiError {
  return new ApiError('VALIDATION_ERROR', `Invalid ${location}: ${Object.keys(fields).join(', ')}`, { location, fields });
}

/** A PATCH/PUT body must change something: `{}` is a 400 (a schema's minProperties is documentation only). */
export function requireSomeChange(body: object): void {
  if (Object.keys(body).length === 0) throw invalidFields('body', { '(root)': ['Give at least one property to change'] });
}
