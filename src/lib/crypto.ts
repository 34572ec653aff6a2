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

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits without modulo bias (248 = 4 × 62). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) if (b < 248 && out.length < length) out += ALPHANUMERIC[b % 62];
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

// Secrets at rest (TOTP seeds) and keyed hashes of short codes, from ENCRYPTION_KEY (32 bytes,
// base64 or base64url). Two sub-keys are derived with HKDF-SHA256, one per purpose, so the same
// bytes never serve two algorithms.

function decodeKey(keyB64: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(keyB64.trim().replace(/=+$/, ''));
  } catch {
    throw new Error('ENCRYPTION_KEY is not base64');
  }
  if (bytes.length !== 32) throw new Error(`ENCRYPTION_KEY must be 32 bytes, got ${bytes.length}`);
  return bytes;
}

const derived = new Map<string, Promise<CryptoKey>>();

function subKey(keyB64: string, purpose: 'aes-gcm' | 'code-hmac'): Promise<CryptoKey> {
  const id = `${purpose}:${keyB64}`;
  let key = derived.get(id);
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey('raw', decodeKey(keyB64), 'HKDF', false, ['deriveKey']);
      const params = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode(`platform:${purpose}:v1`) };
      return purpose === 'aes-gcm'
        ? crypto.subtle.deriveKey(params, master, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
        : crypto.subtle.deriveKey(params, master, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
    })();
    key.catch(() => derived.delete(id));
    derived.set(id, key);
  }
  return key;
}

/**
 * AES-256-GCM: `v1.<iv>.<ciphertext+tag>` (base64url). `context` (e.g. the owning row's user id and
 * purpose) is authenticated but not stored: a ciphertext copied into another row does not decrypt.
 */
export async function encryptSecret(keyB64: string, plaintext: string, context = ''): Promise<string> {
  const iv = randomBytes(12);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(context) }, await subKey(keyB64, 'aes-gcm'), enc.encode(plaintext));
  return `v1.${base64url(iv)}.${base64url(new Uint8Array(ct))}`;
}

/** Reverses `encryptSecret`; throws when the key, the context or the ciphertext does not match. */
export async function decryptSecret(keyB64: string, stored: string, context = ''): Promise<string> {
  const [version, iv, ct] = stored.split('.');
  if (version !== 'v1' || !iv || !ct) throw new Error('unknown ciphertext format');
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64url(iv), additionalData: enc.encode(context) }, await subKey(keyB64, 'aes-gcm'), fromBase64url(ct));
  return new TextDecoder().decode(pt);
}

/**
 * Keyed hash (HMAC-SHA256, hex) for short one-time codes: a 6-digit code hashed without a key is
 * reversed by trying a million values; with the key, a copy of the table alone reveals nothing.
 */
export async function hmacHex(keyB64: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await subKey(keyB64, 'code-hmac'), enc.encode(value));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
