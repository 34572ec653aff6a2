// What a code encodes, from its `type` and `payloadTemplate` (an object, or the reference's list of
// `{type, property, value}`, read as an object of property → value):
// - TEXT `{text}`; CUSTOM `{data}` (or `text`/`value`): the string as is;
// - URL `{url}`: an absolute http(s) URL;
// - LANDING_PAGE: the platform's public URL of the code (its embed, /api/v1/public/qr/{uuid});
// - CONTACT: a vCard 3.0 (RFC 2426) from firstName, lastName, name, organization, title, phone,
//   email, url, address, note, with the format's escaping;
// - LOCATION `{lat, lng}` (numbers or numeric strings, ranges checked): a `geo:` URI (RFC 5870).
import type { QrPayloadTemplate, QrType } from '../../../db/schema/qr-codes';
import { ApiError } from '../../../lib/errors';

const invalid = (field: string, message: string) =>
  new ApiError('UNPROCESSABLE_ENTITY', `payloadTemplate.${field}: ${message}`, { reason: 'INVALID_PAYLOAD', fields: { [`payloadTemplate.${field}`]: [message] } });

/** The template as property → value (the list form's later entries win). */
export function templateValues(t: QrPayloadTemplate | undefined): Record<string, unknown> {
  if (!t) return {};
  return Array.isArray(t) ? Object.fromEntries(t.map((p) => [p.property, p.value])) : t;
}

function text(v: Record<string, unknown>, key: string, opts: { required?: boolean } = {}): string | undefined {
  const x = v[key];
  if (x === undefined || x === null || x === '') {
    if (opts.required) throw invalid(key, 'is required');
    return undefined;
  }
  if (typeof x !== 'string' && typeof x !== 'number') throw invalid(key, 'must be a string');
  return String(x);
}

function coordinate(v: Record<string, unknown>, key: string, max: number): number {
  const raw = v[key];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(n) || Math.abs(n) > max) throw invalid(key, `must be a number between -${max} and ${max}`);
  return n;
}

/** RFC 2426 §4: backslash, comma, semicolon and line breaks are escaped in text values. */
const vcardEscape = (s: string) => s.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');

function vcard(v: Record<string, unknown>): string {
  const first = text(v, 'firstName') ?? '';
  const last = text(v, 'lastName') ?? '';
  const full = text(v, 'name') ?? [first, last].filter(Boolean).join(' ');
  if (!full) throw invalid('name', 'a contact needs name, firstName or lastName');
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${vcardEscape(last)};${vcardEscape(first)};;;`, `FN:${vcardEscape(full)}`];
  const add = (prop: string, key: string) => {
    const x = text(v, key);
    if (x) lines.push(`${prop}:${vcardEscape(x)}`);
  };
  add('ORG', 'organization');
  add('TITLE', 'title');
  add('TEL;TYPE=VOICE', 'phone');
  add('EMAIL;TYPE=INTERNET', 'email');
  add('URL', 'url');
  const address = text(v, 'address');
  // ADR's seven parts: the free-form address goes into the street part.
  if (address) lines.push(`ADR:;;${vcardEscape(address)};;;;`);
  add('NOTE', 'note');
  lines.push('END:VCARD');
  return lines.join('\r\n');
}

function httpUrl(v: Record<string, unknown>): string {
  const raw = text(v, 'url', { required: true })!;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalid('url', 'must be an absolute URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalid('url', 'must use http or https');
  return raw;
}

/** The text the code encodes; `publicUrl` is the code's embed URL (LANDING_PAGE). */
export function payloadText(type: QrType, template: QrPayloadTemplate | undefined, publicUrl: string): string {
  const v = templateValues(template);
  switch (type) {
    case 'TEXT':
      return text(v, 'text', { required: true })!;
    case 'URL':
      return httpUrl(v);
    case 'LANDING_PAGE':
      return publicUrl;
    case 'CONTACT':
      return vcard(v);
    case 'LOCATION':
      return `geo:${coordinate(v, 'lat', 90)},${coordinate(v, 'lng', 180)}`;
    case 'CUSTOM':
      return text(v, 'data') ?? text(v, 'text') ?? text(v, 'value', { required: true })!;
  }
}
