// Phone numbers (parse, validate, format, region, calling code, supported countries): the contract
// routes. All six answer the reference's single phone-info shape; see each description.
import { z } from '@hono/zod-openapi';
import * as contract from '../../../../contract/foundation';
import { contractRoute } from '../../../../http/route';

const phoneBody = 'Unparsable input (letters, wrong length, no +prefix and no `country_code`): 400. Unknown `country_code`: 404.';

export const parse = contractRoute(contract.postPublicPhoneParse, {
  description: `Parses a number (any common notation) and returns its E.164 form, country and line type; \`valid\` says whether the number is assigned in its country's plan. ${phoneBody}`,
});
export const validate = contractRoute(contract.postPublicPhoneValidate, {
  description: `Validates a number: a parsable but invalid number answers 200 with \`valid: false\`. ${phoneBody}`,
});
export const format = contractRoute(contract.postPublicPhoneFormat, {
  description: `Formats a number; \`formatted\` is in the requested \`format\` (E.164 by default). A number that cannot be a phone number in its country: 400. ${phoneBody}`,
});
export const region = contractRoute(contract.postPublicPhoneRegion, {
  description: 'Detects the country of an international number (+...). Unparsable input: 400; a number that belongs to no single country (e.g. +800) answers `country_code` `001`.',
});
export const callingCode = contractRoute(contract.getPublicPhoneCallingCodeByCountryCode, {
  description: 'Calling code of a country: `formatted` is the code (`+41`), `country_code` the ISO code. Unknown country: 404.',
  request: { params: z.object({ countryCode: z.string().regex(/^[A-Za-z]{2}$/).openapi({ example: 'CH' }) }) },
});
export const countries = contractRoute(contract.getPublicPhoneCountries, {
  description:
    "Countries supported by phone validation. The reference gives this route the phone-info shape, so the list is carried in it: `country_code` holds every supported ISO code, comma-separated (split on ','), and `formatted` their calling codes in the same order.",
});
