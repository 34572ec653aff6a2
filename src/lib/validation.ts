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
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(root)';
    (fields[key] ??= []).push(issue.message);
  }
  const location = TARGET_LABEL[target] ?? target;
  const names = Object.keys(fields).join(', ');
  return new ApiError('VALIDATION_ERROR', `Invalid ${location}: ${names}`, { location, fields });
}
