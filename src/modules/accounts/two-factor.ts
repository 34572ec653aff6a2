// Two-factor authentication: enrolment (TOTP, email, SMS, WhatsApp), the sign-in challenge,
// backup codes and disabling. Logic in two-factor-service.ts.
//
// The sign-in challenge: POST /public/auth/login answers tokens of a session with
// `mfa_pending = true` when the user has an enabled method; middleware/auth.ts refuses that session
// everywhere (403, details.reason MFA_REQUIRED) except the routes below that declare
// `allowMfaPending`. A correct `verify` or `use-backup` clears the flag of THAT session, so the same
// tokens then carry full access.
//
// Wrong codes must leave traces although the answer is an error: the code-checking routes run
// without the request-wide transaction (`unitOfWork: false`) and commit their own.
import { z } from '@hono/zod-openapi';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Context } from 'hono';
import * as contract from '../../contract/accounts';
import { authConfig, encryptionKey } from '../../config';
import { sessions } from '../../db/schema/identity';
import { mfaBackupCodes, mfaCodes, mfaMethods, MFA_METHODS, type MfaMethod } from '../../db/schema/mfa';
import type { Database } from '../../db/client';
import type { Tx } from '../../db/tx';
import type { AppEnv } from '../../env';
import { serviceContext } from '../../middleware/service-context';
import { ApiError } from '../../lib/errors';
import { clientIp } from '../../lib/request';
import { contractRoute, noContent } from '../../http/route';
import { newRouter } from '../../http/router';
import { recordSecurityEvent } from '../../lib/security-events';
import { setAudit } from '../../middleware/audit';
import { userPrincipal, type UserPrincipal } from '../../middleware/auth';
import { sendMessage } from '../outbox/send';
import { APP } from '../outbox/templates';
import { countFailedSignIn } from '../access/security/ip-blacklist';
import { assertNotThrottled, clearFailures, recordFailure } from './sign-in';
import {
  assertMaySend,
  BACKUP_CODE_COUNT,
  backupCodesRemaining,
  checkMethodCode,
  CODE_TTL_SECONDS,
  enabledMethodCount,
  findMethod,
  MAX_SENDS_PER_HOUR,
  maskTarget,
  newCode,
  regenerateBackupCodes,
  RESEND_INTERVAL_SECONDS,
  startTotp,
  upsertPending,
  useBackupCode,
  deliveryTarget,
  type CodeMethod,
} from './two-factor-service';

const CHALLENGE =
  '**Sign-in challenge:** a user with an enabled method who signs in with a password receives tokens of a ' +
  'restricted session: every route except `2fa/verify`, `2fa/use-backup`, `2fa/send-code`, `2fa/status` and ' +
  '`auth/logout` answers 403 with `details.reason = MFA_REQUIRED`. A correct code here completes the ' +
  'challenge for that session only: the same access and refresh tokens then carry full access.';
const THROTTLE =
  '**Wrong codes:** 400 (`details.reason = INVALID_CODE`), recorded as a security event. After 5 wrong codes ' +
  'within 15 minutes (the sign-in limits, `LOGIN_MAX_FAILURES` / `LOGIN_WINDOW_SECONDS` / `LOGIN_BLOCK_SECONDS`) ' +
  'per user, or per IP across users, every code-checking route answers 429 with `Retry-After` for 15 minutes.';
const SEND_LIMITS = `At most one code per method every ${RESEND_INTERVAL_SECONDS} seconds and ${MAX_SENDS_PER_HOUR} codes per hour per user (429 with \`Retry-After\`, \`details.reason = MFA_SEND_LIMIT\`).`;
const CODES = `Codes sent by email, SMS or WhatsApp have 6 digits, expire after ${CODE_TTL_SECONDS / 60} minutes, work once, and only the latest one sent for a method is valid.`;
const ENROLMENT = 'Callable when the tenant requires 2FA (`auth_config.mfaRequired`) and the user has not enrolled yet.';

const methodParam = z.object({ method: z.enum(MFA_METHODS).openapi({ param: { name: 'method', in: 'path' }, description: 'totp | sms | email | whatsapp' }) });

const enable = contractRoute(contract.postSecureAuth2faEnableByMethod, {
  description:
    'Starts setting up a second factor; it counts (sign-in challenge, `status`) only once `verify` accepted a code. ' +
    '**totp:** answers a new Base32 secret (shown once; stored encrypted), the `otpauth://` URI, the same URI as a QR ' +
    `code (\`qr_code_data_url\`, a GIF data URL) and ${BACKUP_CODE_COUNT} new backup codes (previous backup codes stop working). ` +
    'Send no `delivery_target`. **email / sms / whatsapp:** sends a code to `delivery_target` (email: defaults to the ' +
    'account email; sms/whatsapp: required, a mobile number in international format `+…`, stored as E.164) and answers ' +
    `the target masked. ${CODES} ${SEND_LIMITS} Calling again while the method is still pending restarts its setup ` +
    '(new secret or target); an already enabled method answers 409 (disable it first). A session still owing its ' +
    `second factor cannot call this route. ${ENROLMENT}`,
  request: { params: methodParam },
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaEnrollment: true },
  bodyOptional: true,
  errors: [409, 429],
});
const verify = contractRoute(contract.postSecureAuth2faVerify, {
  description:
    'Checks a code of `method`: a TOTP code from the authenticator app (±30 s of clock skew; a code, or an earlier ' +
    'one, is never accepted twice), or the latest code sent by email/SMS/WhatsApp. A pending method becomes enabled ' +
    `(\`enabled: true\`). ${CHALLENGE} During the challenge only enabled methods are accepted. ${THROTTLE} ` +
    `Method not set up: 404. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  unitOfWork: false,
  errors: [429],
});
const sendCode = contractRoute(contract.postSecureAuth2faSendCode, {
  description:
    `Sends a new code for an email, SMS or WhatsApp method to its delivery target (the previous code stops working). ${CODES} ` +
    `${SEND_LIMITS} The method must be set up (enable): 404 otherwise; during the sign-in challenge it must be enabled. ` +
    `Also refused (429) while code checks are blocked after wrong codes. Callable during the sign-in challenge. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  errors: [429],
});
const useBackup = contractRoute(contract.postSecureAuth2faUseBackup, {
  description:
    `Spends one backup code (8 characters; case, spaces and hyphens are ignored) and answers how many remain. ${CHALLENGE} ` +
    `${THROTTLE} ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
  unitOfWork: false,
  errors: [429],
});
const backupCodes = contractRoute(contract.postSecureAuth2faBackupCodes, {
  description:
    `Replaces all backup codes with ${BACKUP_CODE_COUNT} new single-use codes (8 characters, shown once, stored hashed); ` +
    'the previous ones stop working. Needs an enabled method (409 otherwise) and a session that completed its ' +
    'sign-in challenge.',
  auth: { allowDuringFlow: true, usersOnly: true },
  bodyOptional: true,
  errors: [409],
});
const disable = contractRoute(contract.deleteSecureAuth2faDisable, {
  description:
    'Removes a method (enabled or pending), confirmed by a current code: 6 digits = a code of that method (TOTP code, ' +
    'or for email/SMS/WhatsApp the latest code from `send-code`); 8 characters = an unused backup code, which is then ' +
    'spent. (The reference allows `code` up to 8 characters while backup codes may be up to 12: backup codes here ' +
    'have 8 characters, so both fit.) Removing the last enabled method also deletes the backup codes: 2FA is then off. ' +
    'When the tenant requires 2FA, the last enabled method cannot be removed (409): enable another first. Needs a ' +
    `session that completed its sign-in challenge. Method not set up: 404. ${THROTTLE}`,
  auth: { allowDuringFlow: true, usersOnly: true },
  unitOfWork: false,
  errors: [409, 429],
});
const status = contractRoute(contract.getSecureAuth2faStatus, {
  description:
    'The caller’s enabled methods (oldest first; email/phone masked, null for TOTP), the number of unused backup codes, ' +
    'and `requires_2fa`: whether the session’s tenant requires 2FA. Pending (not yet verified) methods are not listed. ' +
    `Callable during the sign-in challenge. ${ENROLMENT}`,
  auth: { allowDuringFlow: true, usersOnly: true, allowMfaPending: true, allowMfaEnrollment: true },
});

// ---- wrong-code throttling ---------------------------------------------------------------------

class WrongCode extends Error {}

const throttleKeys = (userId: string, ip: string | null) => [`2fa:user:${userId}`, ...(ip ? [`2fa:ip:${ip}`] : [])];

/**
 * Runs `check` in its own transaction after the throttle check. `check` answers `false` for a
 * wrong code: nothing it wrote is kept, the failure is counted and recorded, and 400 is answered.
 * Errors thrown by `check` (404, 409) pass through without counting.
 */
async function checkingCode<T>(c: Context<AppEnv>, p: UserPrincipal, action: string, check: (tx: Tx) => Promise<T | false>): Promise<T> {
  const db = await c.var.db();
  const ip = clientIp(c);
  const keys = throttleKeys(p.userId, ip);
  await assertNotThrottled(db, keys, 'two-factor codes');
  const result = await db
    .transaction(async (tx) => {
      const r = await check(tx);
      if (r === false) throw new WrongCode(); // rolls back whatever the check wrote
      return r;
    })
    .catch((err: unknown) => {
      if (err instanceof WrongCode) return false as const;
      throw err;
    });
  if (result === false) {
    const cfg = authConfig(c.env);
    const blocked = await recordFailure(db, keys, { maxFailures: cfg.maxFailures, windowSeconds: cfg.failureWindowSeconds, blockSeconds: cfg.blockSeconds });
    const base = { ipAddress: ip, userId: p.userId, tenantId: p.tenantId };
    await recordSecurityEvent(db, { ...base, eventType: 'mfa_failed', severity: 'low', details: { action, challenge: p.mfaPending } });
    if (blocked.length) await recordSecurityEvent(db, { ...base, eventType: 'mfa_blocked', severity: 'medium', details: { action, keys: blocked } });
    await countFailedSignIn(serviceContext(c), ip);
    throw new ApiError('BAD_REQUEST', 'Invalid or expired code', { reason: 'INVALID_CODE' });
  }
  await clearFailures(db, [keys[0]!]);
  return result;
}

/** Completes the sign-in challenge of the caller's session (same tokens, full access from now on). */
async function completeChallenge(tx: Tx, p: UserPrincipal): Promise<void> {
  if (p.mfaPending) await tx.update(sessions).set({ mfaPending: false }).where(eq(sessions.id, p.sessionId));
}

async function sendCodeMessage(c: Context<AppEnv>, tx: Database | Tx, p: UserPrincipal, method: CodeMethod, target: string) {
  const { id, code } = await newCode(tx, encryptionKey(c.env), p.userId, method);
  await sendMessage(serviceContext(c), tx, {
    tenantId: p.tenantId,
    channel: method,
    to: target,
    template: 'two_factor_code',
    vars: { code, minutes: CODE_TTL_SECONDS / 60 },
    idempotencyKey: `two_factor_code:${p.userId}:${id}`,
  });
}

const ok = <T>(message: string, data: T) => ({ success: true, message, data });

export const twoFactorRoutes = newRouter()
  .openapi(enable, async (c) => {
    const { method } = c.req.valid('param');
    const body = (c.req.valid('json') ?? {}) as { delivery_target?: string };
    const p = await userPrincipal(c);
    const key = encryptionKey(c.env);
    const db = await c.var.db();
    const existing = await findMethod(db, p.userId, method);
    if (existing?.enabledAt) throw new ApiError('CONFLICT', `${method} is already enabled; disable it first to set it up again`);
    const started = (methodId: string | null) => setAudit(c, { action: 'mfa.enable_started', resourceType: 'mfa_method', resourceId: methodId, details: { method } });
    if (method === 'totp') {
      if (body.delivery_target !== undefined) {
        throw new ApiError('VALIDATION_ERROR', 'delivery_target is not used for totp', { fields: { delivery_target: ['not allowed for totp'] } });
      }
      const totp = await startTotp(db, key, { id: p.userId, email: p.email }, APP);
      const codes = await regenerateBackupCodes(db, key, p.userId);
      started(totp.methodId);
      return c.json(
        ok('Scan the QR code with an authenticator app, then verify a code to enable TOTP', {
          method: 'totp' as const,
          secret: totp.secret,
          qr_code_uri: totp.uri,
          qr_code_data_url: totp.dataUrl,
          backup_codes: codes,
        }),
        200,
      );
    }
    const target = deliveryTarget(method, body.delivery_target, p.email);
    await assertMaySend(db, p.userId, method);
    started(await upsertPending(db, p.userId, method, { secretEncrypted: null, deliveryTarget: target }));
    await sendCodeMessage(c, db, p, method, target);
    return c.json(
      ok(`A verification code was sent by ${method}; verify it to enable the method`, {
        method,
        delivery_target: maskTarget(method, target)!,
        verification_sent: true,
        expires_in_seconds: CODE_TTL_SECONDS,
      }),
      200,
    );
  })
  .openapi(verify, async (c) => {
    const { method, code } = c.req.valid('json');
    const p = await userPrincipal(c);
    const key = encryptionKey(c.env);
    const outcome = await checkingCode(c, p, 'verify', async (tx) => {
      const row = await findMethod(tx, p.userId, method);
      if (!row || (p.mfaPending && !row.enabledAt)) throw new ApiError('NOT_FOUND', `No ${method} method is ${p.mfaPending ? 'enabled' : 'set up'} for this account`);
      if (!(await checkMethodCode(tx, key, row, code))) return false;
      await completeChallenge(tx, p);
      return { newlyEnabled: !row.enabledAt, methodId: row.id };
    });
    const db = await c.var.db();
    const base = { ipAddress: clientIp(c), userId: p.userId, tenantId: p.tenantId };
    if (outcome.newlyEnabled) await recordSecurityEvent(db, { ...base, eventType: 'mfa_enabled', details: { method } });
    if (p.mfaPending) await recordSecurityEvent(db, { ...base, eventType: 'mfa_challenge_passed', details: { method } });
    setAudit(c, { action: outcome.newlyEnabled ? 'mfa.enable' : 'mfa.verify', resourceType: 'mfa_method', resourceId: outcome.methodId, details: { method } });
    return c.json(ok(outcome.newlyEnabled ? `${method} is now enabled` : 'Code verified', { method, verified: true, enabled: true }), 200);
  })
  .openapi(sendCode, async (c) => {
    const { method } = c.req.valid('json');
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const row = await findMethod(db, p.userId, method);
    if (!row || (p.mfaPending && !row.enabledAt)) throw new ApiError('NOT_FOUND', `No ${method} method is ${p.mfaPending ? 'enabled' : 'set up'} for this account`);
    const ip = clientIp(c);
    try {
      await assertNotThrottled(db, throttleKeys(p.userId, ip), 'two-factor codes');
      await assertMaySend(db, p.userId, method);
    } catch (err) {
      // The refusal is kept although this request's transaction rolls back.
      c.var.afterResponse((db) => recordSecurityEvent(db, { eventType: 'mfa_send_refused', ipAddress: ip, userId: p.userId, tenantId: p.tenantId, details: { method } }));
      throw err;
    }
    await sendCodeMessage(c, db, p, method, row.deliveryTarget!);
    setAudit(c, { action: 'mfa.send_code', resourceType: 'mfa_method', resourceId: row.id, details: { method } });
    return c.json(ok(`A code was sent by ${method}`, { sent: true, expires_in_seconds: CODE_TTL_SECONDS }), 200);
  })
  .openapi(useBackup, async (c) => {
    const { code } = c.req.valid('json');
    const p = await userPrincipal(c);
    const key = encryptionKey(c.env);
    await checkingCode(c, p, 'use-backup', async (tx) => {
      if (!(await useBackupCode(tx, key, p.userId, code))) return false;
      await completeChallenge(tx, p);
      return true;
    });
    const db = await c.var.db();
    const remaining = await backupCodesRemaining(db, p.userId);
    await recordSecurityEvent(db, {
      eventType: 'mfa_backup_code_used',
      severity: remaining === 0 ? 'medium' : 'low',
      ipAddress: clientIp(c),
      userId: p.userId,
      tenantId: p.tenantId,
      details: { remaining, challenge: p.mfaPending },
    });
    setAudit(c, { action: 'mfa.use_backup_code', resourceType: 'user', resourceId: p.userId, details: { remaining } });
    return c.json(ok(remaining ? 'Backup code accepted' : 'Backup code accepted; no backup codes remain, generate new ones', { used: true, remaining }), 200);
  })
  .openapi(backupCodes, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    if (!(await enabledMethodCount(db, p.userId))) throw new ApiError('CONFLICT', 'Enable a two-factor method before generating backup codes');
    const codes = await regenerateBackupCodes(db, encryptionKey(c.env), p.userId);
    await recordSecurityEvent(db, { eventType: 'mfa_backup_codes_regenerated', ipAddress: clientIp(c), userId: p.userId, tenantId: p.tenantId });
    setAudit(c, { action: 'mfa.backup_codes_regenerate', resourceType: 'user', resourceId: p.userId });
    return c.json(ok('New backup codes generated; previous codes no longer work', { backup_codes: codes, count: codes.length }), 200);
  })
  .openapi(disable, async (c) => {
    const { method, code } = c.req.valid('json');
    const p = await userPrincipal(c);
    const key = encryptionKey(c.env);
    const result = await checkingCode(c, p, 'disable', async (tx) => {
      const row = await findMethod(tx, p.userId, method);
      if (!row) throw new ApiError('NOT_FOUND', `No ${method} method is set up for this account`);
      const enabled = await enabledMethodCount(tx, p.userId);
      if (row.enabledAt && enabled === 1 && p.authConfig.mfaRequired) {
        throw new ApiError('CONFLICT', 'This tenant requires two-factor authentication: enable another method before removing the last one');
      }
      const good = code.length === 6 ? await checkMethodCode(tx, key, row, code) : await useBackupCode(tx, key, p.userId, code);
      if (!good) return false;
      await tx.delete(mfaMethods).where(eq(mfaMethods.id, row.id));
      await tx.delete(mfaCodes).where(and(eq(mfaCodes.userId, p.userId), eq(mfaCodes.method, method)));
      const left = await enabledMethodCount(tx, p.userId);
      if (!left) await tx.delete(mfaBackupCodes).where(eq(mfaBackupCodes.userId, p.userId));
      return { wasEnabled: Boolean(row.enabledAt), left };
    });
    const db = await c.var.db();
    await recordSecurityEvent(db, {
      eventType: 'mfa_disabled',
      severity: result.left ? 'low' : 'medium',
      ipAddress: clientIp(c),
      userId: p.userId,
      tenantId: p.tenantId,
      details: { method, wasEnabled: result.wasEnabled, methodsLeft: result.left },
    });
    setAudit(c, { action: 'mfa.disable', resourceType: 'user', resourceId: p.userId, details: { method } });
    return noContent(c);
  })
  .openapi(status, async (c) => {
    const p = await userPrincipal(c);
    const db = await c.var.db();
    const rows = await db
      .select()
      .from(mfaMethods)
      .where(and(eq(mfaMethods.userId, p.userId), isNotNull(mfaMethods.enabledAt)))
      .orderBy(asc(mfaMethods.enabledAt));
    return c.json(
      {
        data: {
          enabled_methods: rows.map((r) => ({
            method: r.method as MfaMethod,
            enabled_at: r.enabledAt!.toISOString(),
            last_used_at: r.lastUsedAt?.toISOString() ?? null,
            delivery_target_masked: maskTarget(r.method, r.deliveryTarget),
          })),
          backup_codes_remaining: await backupCodesRemaining(db, p.userId),
          requires_2fa: p.authConfig.mfaRequired,
        },
      },
      200,
    );
  });
