// Where sent codes go: validation of a delivery target (an email, or a phone number able to
// receive messages, stored E.164) and how answers show it (masked).
import { z } from '@hono/zod-openapi';
import { parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/max';
import { ApiError } from '../../../lib/errors';
import type { CodeMethod, MfaMethod } from './two-factor.model';

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** `+49******4567`: country prefix and the last 4 digits. */
export function maskPhone(e164: string): string {
  const head = e164.slice(0, 3);
  const tail = e164.slice(-4);
  return head + '*'.repeat(Math.max(2, e164.length - head.length - tail.length)) + tail;
}

export const maskTarget = (method: MfaMethod, target: string | null) => (target === null ? null : method === 'email' ? maskEmail(target) : maskPhone(target));

const NOT_MOBILE = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL', 'PAGER']);

/** Validates where codes go: a phone number able to receive messages (stored E.164) or an email. */
export function deliveryTarget(method: CodeMethod, given: string | undefined, accountEmail: string): string {
  const invalid = (why: string) => new ApiError('VALIDATION_ERROR', `Invalid delivery_target: ${why}`, { fields: { delivery_target: [why] } });
  if (method === 'email') {
    if (given === undefined) return accountEmail;
    const email = given.trim().toLowerCase();
    if (!z.email().max(254).safeParse(email).success) throw invalid('not an email address');
    return email;
  }
  if (given === undefined) throw invalid(`a phone number in international format (+...) is required for ${method}`);
  let n: PhoneNumber;
  try {
    n = parsePhoneNumberWithError(given.trim());
  } catch {
    throw invalid('not a phone number in international format (+ and country code)');
  }
  if (!n.isValid()) throw invalid('not a valid phone number');
  const type = n.getType();
  if (type && NOT_MOBILE.has(type)) throw invalid(`a ${type.toLowerCase().replace(/_/g, ' ')} number cannot receive ${method === 'sms' ? 'SMS' : 'WhatsApp'} messages`);
  return n.number;
}
