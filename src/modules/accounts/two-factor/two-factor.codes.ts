// Second factors: TOTP (RFC 6238, authenticator apps), codes sent by email/SMS/WhatsApp, and
// backup codes. Secrets are encrypted at rest (AES-GCM, ENCRYPTION_KEY) and every code is stored
// as a keyed hash (HMAC), so a copy of the tables alone reveals neither seeds nor codes.
//
// Every check consumes atomically (two-factor.queries.ts): two concurrent requests with the same
// code cannot both pass, and a TOTP code cannot be used twice within its time step.
import { Secret, TOTP } from 'otpauth';
import qrcode from 'qrcode-generator';
import type { BaseContext } from '../../../context';
import { decryptSecret, encryptSecret, hmacHex, randomBytes, randomDigits } from '../../../lib/crypto';
import { ApiError } from '../../../lib/errors';
import {
  BACKUP_CODE_COUNT,
  BACKUP_CODE_LENGTH,
  CODE_DIGITS,
  CODE_TTL_SECONDS,
  MAX_SENDS_PER_HOUR,
  RESEND_INTERVAL_SECONDS,
  TOTP_PERIOD,
  TOTP_WINDOW,
  type CodeMethod,
  type MethodRow,
  type MfaMethod,
} from './two-factor.model';
import * as q from './two-factor.queries';

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const codeHash = (key: string, userId: string, method: MfaMethod, code: string) => hmacHex(key, `mfa-code:${userId}:${method}:${code}`);
const backupHash = (key: string, userId: string, code: string) => hmacHex(key, `mfa-backup:${userId}:${code}`);
const secretContext = (userId: string) => `mfa_methods.totp:${userId}`;

export function normalizeBackupCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

function newBackupCode(): string {
  let out = '';
  for (const b of randomBytes(BACKUP_CODE_LENGTH)) out += BASE32[b & 31];
  return out;
}

// ---- methods -----------------------------------------------------------------------------------

/** Starts (or restarts) TOTP setup: a new secret, pending until a correct code is verified. */
export async function startTotp(ctx: BaseContext, key: string, user: { id: string; email: string }, issuer: string) {
  const secret = new Secret({ buffer: randomBytes(20).buffer as ArrayBuffer });
  const totp = new TOTP({ issuer, label: user.email, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret });
  const secretEncrypted = await encryptSecret(key, secret.base32, secretContext(user.id));
  const methodId = await q.upsertPending(ctx, user.id, 'totp', { secretEncrypted, deliveryTarget: null });
  const uri = totp.toString();
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  return { methodId, secret: secret.base32, uri, dataUrl: qr.createDataURL(4, 4) };
}

/**
 * Checks a code for `method` (TOTP or the latest sent code) and consumes it. On success the
 * method is enabled if it was pending. Returns whether the code was right.
 */
export async function checkMethodCode(ctx: BaseContext, key: string, row: MethodRow, code: string): Promise<boolean> {
  if (!/^\d+$/.test(code)) return false;
  if (row.method === 'totp') {
    if (!row.secretEncrypted || code.length !== 6) return false;
    const secret = await decryptSecret(key, row.secretEncrypted, secretContext(row.userId));
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });
    const now = Date.now();
    const delta = totp.validate({ token: code, timestamp: now, window: TOTP_WINDOW });
    if (delta === null) return false;
    // Replay: a code (or an earlier one) already accepted for this step is refused.
    return q.acceptTotpStep(ctx, row.id, Math.floor(now / 1000 / TOTP_PERIOD) + delta);
  }
  // Only the latest code sent for this method counts; it must be unused and unexpired.
  const latest = await q.latestCodeId(ctx, row.userId, row.method);
  if (!latest) return false;
  if (!(await q.spendCode(ctx, latest, await codeHash(key, row.userId, row.method, code)))) return false;
  await q.markMethodUsed(ctx, row.id);
  return true;
}

// ---- sent codes --------------------------------------------------------------------------------

/** Refuses (429 + Retry-After) when the user asked for codes too often. */
export async function assertMaySend(ctx: BaseContext, userId: string, method: CodeMethod): Promise<void> {
  const stats = await q.sendStats(ctx, userId, method);
  const now = Date.now();
  const waits: number[] = [];
  if (stats?.lastForMethod) {
    const wait = new Date(stats.lastForMethod).getTime() + RESEND_INTERVAL_SECONDS * 1000 - now;
    if (wait > 0) waits.push(wait);
  }
  if (stats && stats.inHour >= MAX_SENDS_PER_HOUR && stats.oldestInHour) waits.push(new Date(stats.oldestInHour).getTime() + 3_600_000 - now);
  if (!waits.length) return;
  const retryAfter = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  throw new ApiError('TOO_MANY_REQUESTS', `Too many codes requested; try again in ${retryAfter} seconds`, { retryAfter, reason: 'MFA_SEND_LIMIT' }, { 'Retry-After': String(retryAfter) });
}

/** Stores a new code (hashed) for `method`; the caller sends the returned plain code. */
export async function newCode(ctx: BaseContext, key: string, userId: string, method: CodeMethod): Promise<{ id: string; code: string }> {
  const code = randomDigits(CODE_DIGITS);
  const id = await q.insertCode(ctx, userId, method, await codeHash(key, userId, method, code), CODE_TTL_SECONDS);
  return { id, code };
}

// ---- backup codes ------------------------------------------------------------------------------

/** Replaces every backup code of the user with `BACKUP_CODE_COUNT` new ones (returned in plain). */
export async function regenerateBackupCodes(ctx: BaseContext, key: string, userId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < BACKUP_CODE_COUNT) codes.add(newBackupCode());
  const plain = [...codes];
  await q.replaceBackupCodes(ctx, userId, await Promise.all(plain.map((c) => backupHash(key, userId, c))));
  return plain;
}

/** Consumes a backup code; false when it is unknown or already used. */
export async function useBackupCode(ctx: BaseContext, key: string, userId: string, code: string): Promise<boolean> {
  const normalized = normalizeBackupCode(code);
  if (normalized.length !== BACKUP_CODE_LENGTH) return false;
  return q.spendBackupCode(ctx, userId, await backupHash(key, userId, normalized));
}
