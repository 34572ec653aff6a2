// Second factors: TOTP (RFC 6238, authenticator apps), codes sent by email/SMS/WhatsApp, and
// backup codes. Secrets are encrypted at rest (AES-GCM, ENCRYPTION_KEY) and every code is stored
// as a keyed hash (HMAC), so a copy of the tables alone reveals neither seeds nor codes.
//
// Every check consumes atomically (one conditional UPDATE ... RETURNING): two concurrent requests
// with the same code cannot both pass, and a TOTP code cannot be used twice within its time step.
import { and, count, desc, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { parsePhoneNumberWithError, type PhoneNumber } from 'libphonenumber-js/max';
import { Secret, TOTP } from 'otpauth';
import qrcode from 'qrcode-generator';
import { z } from '@hono/zod-openapi';
import type { Database } from '../../db/client';
import { mfaBackupCodes, mfaCodes, mfaMethods, type MfaMethod } from '../../db/schema/mfa';
import type { Tx } from '../../db/tx';
import { decryptSecret, encryptSecret, hmacHex, randomBytes, randomDigits } from '../../lib/crypto';
import { ApiError } from '../../lib/errors';

export type CodeMethod = Exclude<MfaMethod, 'totp'>;
type Db = Database | Tx;

/** Sent codes: 6 digits, valid 10 minutes, single-use; a newer code replaces the previous one. */
export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 600;
/** Sending limits per user: one code per method every 30 s, at most 5 codes per hour. */
export const RESEND_INTERVAL_SECONDS = 30;
export const MAX_SENDS_PER_HOUR = 5;
/** TOTP: SHA-1, 6 digits, 30 s (what every authenticator app supports); ±1 step of clock skew. */
export const TOTP_PERIOD = 30;
const TOTP_WINDOW = 1;
/**
 * Backup codes: 10 codes of 8 characters from Crockford's base32 alphabet (40 bits each). Eight
 * characters fit both `use-backup` (8–12) and `disable` (6–8), so a backup code also confirms a
 * disable. Input is normalised: case, spaces and hyphens are ignored, O reads as 0, I and L as 1.
 */
export const BACKUP_CODE_COUNT = 10;
export const BACKUP_CODE_LENGTH = 8;
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// ---- helpers -----------------------------------------------------------------------------------

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

export const looksLikeBackupCode = (code: string) => normalizeBackupCode(code).length === BACKUP_CODE_LENGTH && /^[0-9A-Z]+$/.test(normalizeBackupCode(code));

function newBackupCode(): string {
  let out = '';
  for (const b of randomBytes(BACKUP_CODE_LENGTH)) out += BASE32[b & 31];
  return out;
}

// ---- methods -----------------------------------------------------------------------------------

export async function findMethod(db: Db, userId: string, method: MfaMethod) {
  const [row] = await db.select().from(mfaMethods).where(and(eq(mfaMethods.userId, userId), eq(mfaMethods.method, method)));
  return row;
}

export async function enabledMethodCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(mfaMethods).where(and(eq(mfaMethods.userId, userId), isNotNull(mfaMethods.enabledAt)));
  return row!.n;
}

/** Starts (or restarts) TOTP setup: a new secret, pending until a correct code is verified. */
export async function startTotp(db: Db, key: string, user: { id: string; email: string }, issuer: string) {
  const secret = new Secret({ buffer: randomBytes(20).buffer as ArrayBuffer });
  const totp = new TOTP({ issuer, label: user.email, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret });
  const secretEncrypted = await encryptSecret(key, secret.base32, secretContext(user.id));
  const methodId = await upsertPending(db, user.id, 'totp', { secretEncrypted, deliveryTarget: null });
  const uri = totp.toString();
  const qr = qrcode(0, 'M');
  qr.addData(uri);
  qr.make();
  return { methodId, secret: secret.base32, uri, dataUrl: qr.createDataURL(4, 4) };
}

/** Creates the method row pending verification, or resets a pending one (enabled rows are refused earlier). Returns its id. */
export async function upsertPending(db: Db, userId: string, method: MfaMethod, v: { secretEncrypted: string | null; deliveryTarget: string | null }): Promise<string | null> {
  const [row] = await db
    .insert(mfaMethods)
    .values({ userId, method, ...v })
    .onConflictDoUpdate({
      target: [mfaMethods.userId, mfaMethods.method],
      set: { ...v, enabledAt: null, lastUsedAt: null, lastTotpStep: null, createdAt: sql`now()` },
      setWhere: isNull(mfaMethods.enabledAt),
    })
    .returning({ id: mfaMethods.id });
  return row?.id ?? null;
}

/**
 * Checks a code for `method` (TOTP or the latest sent code) and consumes it. On success the
 * method is enabled if it was pending. Returns whether the code was right.
 */
export async function checkMethodCode(db: Db, key: string, row: typeof mfaMethods.$inferSelect, code: string): Promise<boolean> {
  if (!/^\d+$/.test(code)) return false;
  if (row.method === 'totp') {
    if (!row.secretEncrypted || code.length !== 6) return false;
    const secret = await decryptSecret(key, row.secretEncrypted, secretContext(row.userId));
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });
    const now = Date.now();
    const delta = totp.validate({ token: code, timestamp: now, window: TOTP_WINDOW });
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / TOTP_PERIOD) + delta;
    // Replay: a code (or an earlier one) already accepted for this step is refused.
    const [used] = await db
      .update(mfaMethods)
      .set({ lastTotpStep: step, lastUsedAt: sql`now()`, enabledAt: sql`coalesce(${mfaMethods.enabledAt}, now())` })
      .where(and(eq(mfaMethods.id, row.id), sql`(${mfaMethods.lastTotpStep} is null or ${mfaMethods.lastTotpStep} < ${step})`))
      .returning({ id: mfaMethods.id });
    return Boolean(used);
  }
  // Only the latest code sent for this method counts; it must be unused and unexpired.
  const [latest] = await db
    .select({ id: mfaCodes.id })
    .from(mfaCodes)
    .where(and(eq(mfaCodes.userId, row.userId), eq(mfaCodes.method, row.method)))
    .orderBy(desc(mfaCodes.createdAt))
    .limit(1);
  if (!latest) return false;
  const [spent] = await db
    .update(mfaCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaCodes.id, latest.id), isNull(mfaCodes.usedAt), gt(mfaCodes.expiresAt, sql`now()`), eq(mfaCodes.codeHash, await codeHash(key, row.userId, row.method, code))))
    .returning({ id: mfaCodes.id });
  if (!spent) return false;
  await db
    .update(mfaMethods)
    .set({ lastUsedAt: sql`now()`, enabledAt: sql`coalesce(${mfaMethods.enabledAt}, now())` })
    .where(eq(mfaMethods.id, row.id));
  return true;
}

// ---- sent codes --------------------------------------------------------------------------------

/** Refuses (429 + Retry-After) when the user asked for codes too often. */
export async function assertMaySend(db: Db, userId: string, method: CodeMethod): Promise<void> {
  const [stats] = await db
    .select({
      lastForMethod: sql<string | null>`max(${mfaCodes.createdAt}) filter (where ${mfaCodes.method} = ${method})`,
      inHour: sql<number>`count(*)::int`,
      oldestInHour: sql<string | null>`min(${mfaCodes.createdAt})`,
    })
    .from(mfaCodes)
    .where(and(eq(mfaCodes.userId, userId), gt(mfaCodes.createdAt, sql`now() - interval '1 hour'`)));
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
export async function newCode(db: Db, key: string, userId: string, method: CodeMethod): Promise<{ id: string; code: string }> {
  const code = randomDigits(CODE_DIGITS);
  // Housekeeping: codes older than a day serve neither checks nor send limits.
  await db.delete(mfaCodes).where(and(eq(mfaCodes.userId, userId), lt(mfaCodes.createdAt, sql`now() - interval '1 day'`)));
  const [row] = await db
    .insert(mfaCodes)
    .values({ userId, method, codeHash: await codeHash(key, userId, method, code), expiresAt: sql`now() + make_interval(secs => ${CODE_TTL_SECONDS})` })
    .returning({ id: mfaCodes.id });
  return { id: row!.id, code };
}

// ---- backup codes ------------------------------------------------------------------------------

/** Replaces every backup code of the user with `BACKUP_CODE_COUNT` new ones (returned in plain). */
export async function regenerateBackupCodes(db: Db, key: string, userId: string): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < BACKUP_CODE_COUNT) codes.add(newBackupCode());
  await db.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, userId));
  const plain = [...codes];
  await db.insert(mfaBackupCodes).values(await Promise.all(plain.map(async (c) => ({ userId, codeHash: await backupHash(key, userId, c) }))));
  return plain;
}

/** Consumes a backup code; false when it is unknown or already used. */
export async function useBackupCode(db: Db, key: string, userId: string, code: string): Promise<boolean> {
  const normalized = normalizeBackupCode(code);
  if (normalized.length !== BACKUP_CODE_LENGTH) return false;
  const [row] = await db
    .update(mfaBackupCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(mfaBackupCodes.userId, userId), eq(mfaBackupCodes.codeHash, await backupHash(key, userId, normalized)), isNull(mfaBackupCodes.usedAt)))
    .returning({ id: mfaBackupCodes.id });
  return Boolean(row);
}

export async function backupCodesRemaining(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(mfaBackupCodes).where(and(eq(mfaBackupCodes.userId, userId), isNull(mfaBackupCodes.usedAt)));
  return row!.n;
}
