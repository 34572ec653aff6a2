// Turns a create or patch body into stored fields: trimmed text (blank is null), phones in E.164
// (libphonenumber-js, read in the address's country when given without +prefix), the address's
// `country_code` an ISO country in upper case. An empty contact (nothing left to reach or name) is
// refused with 422, so the list never shows blank rows.
import { isSupportedCountry, parsePhoneNumberWithError, ParseError, type CountryCode } from 'libphonenumber-js/max';
import { ApiError } from '../../../lib/errors';
import { invalidFields } from '../../../lib/validation';
import type { ContactAddress, ContactFields, ContactPatch, ContactRow } from './contacts.model';

const TEXT_FIELDS = ['firstName', 'middleName', 'lastName', 'email', 'url', 'notes'] as const;
/** Keys beyond the reference's (the address is open): bounded so an address stays an address. */
const MAX_ADDRESS_KEYS = 20;
const MAX_ADDRESS_VALUE = 1000;

const unprocessable = (reason: string, message: string, fields?: Record<string, string[]>) =>
  new ApiError('UNPROCESSABLE_ENTITY', message, { reason, ...(fields && { fields }) });

function text(v: string | null | undefined): string | null | undefined {
  if (v === undefined || v === null) return v;
  const t = v.trim();
  return t === '' ? null : t;
}

function address(a: Record<string, unknown> | null | undefined): ContactAddress | null | undefined {
  if (a === undefined || a === null) return a;
  const out: ContactAddress = {};
  const bad: Record<string, string[]> = {};
  const keys = Object.keys(a);
  if (keys.length > MAX_ADDRESS_KEYS) throw invalidFields('body', { address: [`At most ${MAX_ADDRESS_KEYS} address fields`] });
  for (const k of keys) {
    const v = a[k];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' || v.length > MAX_ADDRESS_VALUE || k.length > 100) {
      bad[`address.${k}`] = [`Must be a string of at most ${MAX_ADDRESS_VALUE} characters, or null`];
      continue;
    }
    const t = v.trim();
    if (t !== '') out[k] = t;
  }
  if (Object.keys(bad).length) throw invalidFields('body', bad);
  if (out.country_code !== undefined) {
    const cc = String(out.country_code).toUpperCase();
    if (!/^[A-Z]{2}$/.test(cc) || !isSupportedCountry(cc)) {
      throw unprocessable('invalid_country_code', `Unknown country code ${String(out.country_code)} (ISO 3166-1 alpha-2 expected)`, { 'address.country_code': ['UNKNOWN_COUNTRY'] });
    }
    out.country_code = cc;
  }
  return Object.keys(out).length ? out : null;
}

/** `phone` in E.164; `region` reads numbers written without an international prefix. */
export function toE164(phone: string, region: string | null | undefined): string {
  let reason = 'INVALID';
  try {
    const n = parsePhoneNumberWithError(phone, region ? { defaultCountry: region as CountryCode } : undefined);
    if (n.isValid()) return n.number;
  } catch (err) {
    reason = err instanceof ParseError ? err.message : 'NOT_A_NUMBER';
  }
  const hint = reason === 'INVALID_COUNTRY' ? ' (no +prefix and no address.country_code to read it in)' : '';
  throw unprocessable('invalid_phone', `Not a valid phone number${hint}`, { phone: [reason] });
}

/** The stored fields a body sets, normalized; `current` is the row a patch applies to. */
export function normalize(body: ContactPatch, current?: ContactRow): ContactFields {
  const out: ContactFields = {};
  for (const f of TEXT_FIELDS) if (f in body) out[f] = text(body[f]);
  if ('address' in body) out.address = address(body.address);
  const phone = 'phone' in body ? text(body.phone) : undefined;
  const addr = out.address !== undefined ? out.address : current?.address;
  if (phone) out.phone = toE164(phone, addr?.country_code);
  else if (phone === null) out.phone = null;
  return out;
}

/** 422 when the contact, as it would be stored, holds nothing. */
export function assertNotEmpty(fields: ContactFields, current?: ContactRow): void {
  const keys = [...TEXT_FIELDS, 'phone', 'address'] as const;
  const value = (k: (typeof keys)[number]) => (k in fields ? fields[k] : current?.[k]);
  if (keys.every((k) => value(k) === null || value(k) === undefined)) {
    throw unprocessable('empty_contact', 'A contact needs at least one of: a name, email, phone, url, address or notes');
  }
}
