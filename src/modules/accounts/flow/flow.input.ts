// Input checks the reference's loose schemas leave to us (task texts, JSON sizes), shared by the
// user side (completion metadata) and the admin side (flow-tasks).
import { ApiError } from '../../../lib/errors';
import type { FlowTaskText } from './flow.model';

const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const TEXT_LIMITS: Record<keyof FlowTaskText, number> = { title: 200, description: 2000, buttonText: 100 };
const MAX_JSON = 16_384;

/** `i18n`: `{ <locale>: { title?, description?, buttonText? } }` with strings of bounded length. */
export function checkI18n(raw: Record<string, unknown>, fields: Record<string, string[]>): Record<string, FlowTaskText> {
  const out: Record<string, FlowTaskText> = {};
  const entries = Object.entries(raw);
  if (entries.length > 50) (fields.i18n ??= []).push('At most 50 locales');
  for (const [locale, value] of entries) {
    const key = `i18n.${locale}`;
    if (!LOCALE.test(locale)) (fields[key] ??= []).push('Locale must look like "en" or "de-CH"');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      (fields[key] ??= []).push('Expected an object with title, description and buttonText');
      continue;
    }
    const text: FlowTaskText = {};
    for (const [k, v] of Object.entries(value)) {
      const limit = TEXT_LIMITS[k as keyof FlowTaskText];
      if (limit === undefined) (fields[`${key}.${k}`] ??= []).push('Unknown key (allowed: title, description, buttonText)');
      else if (typeof v !== 'string') (fields[`${key}.${k}`] ??= []).push('Expected a string');
      else if (v.length > limit) (fields[`${key}.${k}`] ??= []).push(`At most ${limit} characters`);
      else text[k as keyof FlowTaskText] = v;
    }
    out[locale] = text;
  }
  return out;
}

export function checkJsonSize(name: string, value: unknown, fields: Record<string, string[]>) {
  if (value !== undefined && JSON.stringify(value).length > MAX_JSON) (fields[name] ??= []).push(`At most ${MAX_JSON} bytes of JSON`);
}

export function throwIfInvalid(fields: Record<string, string[]>) {
  const names = Object.keys(fields);
  if (names.length) throw new ApiError('VALIDATION_ERROR', `Invalid body: ${names.join(', ')}`, { location: 'body', fields });
}
