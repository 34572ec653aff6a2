// Hashing, random tokens and password hashing on WebCrypto (native code in workerd).

const enc = new TextEncoder();

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** An unguessable token for links and refresh tokens (256 bits). */
export const randomToken = (prefix = '') => prefix + base64url(randomBytes(32));

/** Random digits for one-time codes, without modulo bias. */
export function randomDigits(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) if (b < 250 && out.length < length) out += String(b % 10);
  }
  return out;
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', enc.encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Passwords: PBKDF2-HMAC-SHA256 with a 16-byte salt. The parameters travel with each hash
 * (`pbkdf2-sha256$<iterations>$<salt>$<hash>`), so raising them later only affects new hashes and
 * `needsRehash` tells when to upgrade a stored one at the next sign-in. 100,000 iterations is the
 * most workerd allows, and costs a few milliseconds of CPU (see the bench).
 */
export const PASSWORD_ITERATIONS = 100_000;

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', enc.encode(password.normalize('NFKC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const hash = await pbkdf2(password, salt, iterations);
  return `pbkdf2-sha256$${iterations}$${base64url(salt)}$${base64url(hash)}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, iter, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'pbkdf2-sha256' || !iter || !salt || !hash) {
    // Same work for unknown users, so response time does not reveal which emails exist.
    await pbkdf2(password, randomBytes(16), PASSWORD_ITERATIONS);
    return false;
  }
  const actual = await pbkdf2(password, fromBase64url(salt), Number(iter));
  return timingSafeEqual(actual, fromBase64url(hash));
}

export const needsRehash = (stored: string) => stored.split('$')[1] !== String(PASSWORD_ITERATIONS);
