// Phone numbers with libphonenumber-js (full metadata, so line types are known). No database.
// Every answer is the reference's single phone-info shape.
import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { ApiError } from '../../../../lib/errors';
import { regionName } from '../locale';

/** libphonenumber's region for numbers that belong to no country (+800, +882, ...). */
const NON_GEOGRAPHIC = '001';

const LINE_TYPES = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  VOIP: 'voip',
  TOLL_FREE: 'toll-free',
} as const;

function country(code: string | undefined): CountryCode | undefined {
  if (code === undefined) return undefined;
  if (!isSupportedCountry(code)) throw new ApiError('NOT_FOUND', `Unknown country code ${code}`);
  return code;
}

function parse(phone: string, defaultCountry?: CountryCode): PhoneNumber {
  try {
    return parsePhoneNumberWithError(phone, defaultCountry ? { defaultCountry } : undefined);
  } catch (err) {
    const reason = err instanceof ParseError ? err.message : 'UNPARSABLE';
    const hint: Record<string, string> = {
      INVALID_COUNTRY: 'the number has no international prefix (+...) and no country_code was given',
      NOT_A_NUMBER: 'it is not a phone number',
      TOO_SHORT: 'it is too short',
      TOO_LONG: 'it is too long',
      INVALID_LENGTH: 'its length is invalid',
    };
    throw new ApiError('VALIDATION_ERROR', `Cannot parse phone number: ${hint[reason] ?? 'it is not a phone number'}`, {
      fields: { phone: [reason] },
    });
  }
}

function info(n: PhoneNumber, formatted = n.number as string) {
  const type = n.getType();
  const cc = n.country ?? NON_GEOGRAPHIC;
  return {
    valid: n.isValid(),
    formatted,
    country_code: cc,
    country_name: (n.country && regionName(n.country, 'en')) ?? 'International (non-geographic)',
    carrier: null,
    line_type: type ? (LINE_TYPES[type as keyof typeof LINE_TYPES] ?? 'unknown') : null,
    location: null,
  };
}

/** Parses `phone` (any common notation; without +prefix in `countryCode`'s plan) and describes it. */
export function describe(phone: string, countryCode?: string) {
  return info(parse(phone, country(countryCode)));
}

/** The number formatted as asked; a number that cannot be one in its country: 400. */
export function formatNumber(phone: string, countryCode: string | undefined, format: Parameters<PhoneNumber['format']>[0]) {
  const n = parse(phone, country(countryCode));
  if (!n.isPossible()) {
    throw new ApiError('VALIDATION_ERROR', 'Cannot format: not a possible phone number for its country', {
      fields: { phone: ['NOT_POSSIBLE'] },
    });
  }
  return info(n, n.format(format));
}

/** The calling code of country `iso` (upper case); 404 for an unknown country. */
export function callingCodeOf(iso: string) {
  const cc = country(iso)!;
  return {
    valid: true,
    formatted: `+${getCountryCallingCode(cc)}`,
    country_code: cc,
    country_name: regionName(cc, 'en') ?? cc,
    carrier: null,
    line_type: null,
    location: null,
  };
}

/** Every supported country and its calling code, comma-separated in the same order (the reference's shape). */
export function supportedCountries() {
  const all = getCountries();
  return { valid: true, formatted: all.map((cc) => `+${getCountryCallingCode(cc)}`).join(','), country_code: all.join(',') };
}
