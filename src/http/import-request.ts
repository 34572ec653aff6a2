// The request side every import shares: multipart `file` plus an `options` JSON field, read by
// the handlers into rows and options for the import services.
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../lib/errors';
import { validationError } from '../lib/validation';
import { readTable } from '../lib/transfer/tabular';
import { importOptions, type ImportInput } from '../lib/transfer/model';

export async function readImportRequest(c: Context<AppEnv>): Promise<ImportInput> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new ApiError('VALIDATION_ERROR', 'Send the file as multipart/form-data with a `file` field', { fields: { file: ['Required'] } });
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError('VALIDATION_ERROR', 'Malformed multipart body', { fields: { file: ['Required'] } });
  }
  const file = form.get('file');
  if (!file || typeof file === 'string') throw new ApiError('VALIDATION_ERROR', 'The `file` field is required and must be a file', { fields: { file: ['Required'] } });
  const raw = form.get('options');
  let parsedOptions: unknown = {};
  if (typeof raw === 'string' && raw.trim()) {
    try {
      parsedOptions = JSON.parse(raw);
    } catch {
      throw new ApiError('VALIDATION_ERROR', '`options` must be a JSON object', { fields: { options: ['Invalid JSON'] } });
    }
  }
  const options = importOptions.safeParse(parsedOptions);
  if (!options.success) throw validationError(options.error, 'form');
  return { rows: await readTable(file as File), options: options.data };
}
