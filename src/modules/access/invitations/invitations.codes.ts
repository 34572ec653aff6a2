// Invitation codes: what the recipient types, and the hash that is all the database keeps.
import { randomBytes, sha256Hex } from '../../../lib/crypto';

/** Crockford-style alphabet without I, L, O, U: easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 16 characters of 32 symbols: 80 bits, far beyond guessing at the throttled rate. */
export const CODE_LENGTH = 16;

export function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** What users type: case, spaces and dashes do not matter. */
export const normalizeCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
export const hashCode = (code: string) => sha256Hex(normalizeCode(code));
export const maskCode = (last4: string) => `${'*'.repeat(CODE_LENGTH - 4)}${last4}`;
