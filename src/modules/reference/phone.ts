// Phone numbers with libphonenumber-js (full metadata, so line types are known). No database.
// All six routes answer the reference's single phone-info shape; see each description.
import { z } from '@hono/zod-openapi';
import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import * as contract from '../../contract/foundation';
import { ApiError } from '../../lib/errors';
import { contractRoute } from '../../http/route';
import { newRouter } from '../../http/router';
import { regionName } from './locale';

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

const phoneBody = 'Unparsable input (letters, wrong length, no +prefix and no `country_code`): 400. Unknown `country_code`: 404.';

const parseRoute = contractRoute(contract.postPublicPhoneParse, {
  description: `Parses a number (any common notation) and returns its E.164 form, country and line type; \`valid\` says whether the number is assigned in its country's plan. ${phoneBody}`,
});
const validateRoute = contractRoute(contract.postPublicPhoneValidate, {
  description: `Validates a number: a parsable but invalid number answers 200 with \`valid: false\`. ${phoneBody}`,
});
const formatRoute = contractRoute(contract.postPublicPhoneFormat, {
  description: `Formats a number; \`formatted\` is in the requested \`format\` (E.164 by default). A number that cannot be a phone number in its country: 400. ${phoneBody}`,
});
const regionRoute = contractRoute(contract.postPublicPhoneRegion, {
  description: 'Detects the country of an international number (+...). Unparsable input: 400; a number that belongs to no single country (e.g. +800) answers `country_code` `001`.',
});
const callingCode = contractRoute(contract.getPublicPhoneCallingCodeByCountryCode, {
  description: 'Calling code of a country: `formatted` is the code (`+41`), `country_code` the ISO code. Unknown country: 404.',
  request: { params: z.object({ countryCode: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});
const countries = contractRoute(contract.getPublicPhoneCountries, {
  description:
    "Countries supported by phone validation. The reference gives this route the phone-info shape, so the list is carried in it: `country_code` holds every supported ISO code, comma-separated (split on ','), and `formatted` their calling codes in the same order.",
});

export const phone = newRouter()
  .openapi(parseRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json({ data: info(parse(body.phone, country(body.country_code))) }, 200);
  })
  .openapi(validateRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json({ data: info(parse(body.phone, country(body.country_code))) }, 200);
  })
  .openapi(formatRoute, async (c) => {
    const body = c.req.valid('json');
    const n = parse(body.phone, country(body.country_code));
    if (!n.isPossible()) {
      throw new ApiError('VALIDATION_ERROR', 'Cannot format: not a possible phone number for its country', {
        fields: { phone: ['NOT_POSSIBLE'] },
      });
    }
    return c.json({ data: info(n, n.format(body.format)) }, 200);
  })
  .openapi(regionRoute, async (c) => {
    const n = parse(c.req.valid('json').phone);
    return c.json({ data: info(n) }, 200);
  })
  .openapi(callingCode, async (c) => {
    const iso = c.req.valid('param').countryCode.toUpperCase();
    const cc = country(iso)!;
    return c.json(
      {
        data: {
          valid: true,
          formatted: `+${getCountryCallingCode(cc)}`,
          country_code: cc,
          country_name: regionName(cc, 'en') ?? cc,
          carrier: null,
          line_type: null,
          location: null,
        },
      },
      200,
    );
  })
  .openapi(countries, async (c) => {
    const all = getCountries();
    return c.json(
      {
        data: {
          valid: true,
          formatted: all.map((cc) => `+${getCountryCallingCode(cc)}`).join(','),
          country_code: all.join(','),
        },
      },
      200,
    );
  });
