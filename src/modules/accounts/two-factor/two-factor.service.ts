// Two-factor rules: setting a method up, checking codes (verify, use-backup, disable: see
// two-factor.throttle.ts), sending codes, backup codes and the caller's status. A correct code
// during the sign-in challenge clears `mfa_pending` of the caller's session only.
import { encryptionKey } from '../../../config';
import type { ServiceContext, UserPrincipal } from '../../../context';
import type { Database } from '../../../db/client';
import { ApiError } from '../../../lib/errors';
import { recordSecurityEvent } from '../../../lib/security-events';
import { sendMessage } from '../../outbox/send';
import { APP } from '../../outbox/templates';
import { assertMaySend, checkMethodCode, newCode, regenerateBackupCodes, startTotp, useBackupCode } from './two-factor.codes';
import { CODE_TTL_SECONDS, type CodeMethod, type MethodRow, type MfaMethod } from './two-factor.model';
import * as q from './two-factor.queries';
import { deliveryTarget, maskTarget } from './two-factor.targets';
import { assertCodesNotThrottled, checkingCode } from './two-factor.throttle';

export type SetupStarted =
  | { method: 'totp'; secret: string; uri: string; dataUrl: string; backupCodes: string[] }
  | { method: CodeMethod; maskedTarget: string };

/** Completes the sign-in challenge of the caller's session (same tokens, full access from now on). */
async function completeChallenge(ctx: ServiceContext, p: UserPrincipal): Promise<void> {
  if (p.mfaPending) await q.clearMfaPending(ctx, p.sessionId);
}

async function sendCodeMessage(ctx: ServiceContext, p: UserPrincipal, method: CodeMethod, target: string) {
  const { id, code } = await newCode(ctx, encryptionKey(ctx.env), p.userId, method);
  await sendMessage(ctx, await ctx.db(), {
    tenantId: p.tenantId,
    channel: method,
    to: target,
    template: 'two_factor_code',
    vars: { code, minutes: CODE_TTL_SECONDS / 60 },
    idempotencyKey: `two_factor_code:${p.userId}:${id}`,
  });
}

const notSetUp = (p: UserPrincipal, method: MfaMethod) => new ApiError('NOT_FOUND', `No ${method} method is ${p.mfaPending ? 'enabled' : 'set up'} for this account`);

/** Starts (or restarts) setting up `method`: a TOTP secret with new backup codes, or a code sent to the target. */
export async function startSetup(ctx: ServiceContext, p: UserPrincipal, method: MfaMethod, target: string | undefined): Promise<SetupStarted> {
  const key = encryptionKey(ctx.env);
  const existing = await q.findMethod(ctx, p.userId, method);
  if (existing?.enabledAt) throw new ApiError('CONFLICT', `${method} is already enabled; disable it first to set it up again`);
  // The audit entry names the method's row once it exists.
  const started = (methodId: string | null) => ctx.audit({ action: 'mfa.enable_started', resourceType: 'mfa_method', resourceId: methodId, details: { method } });
  if (method === 'totp') {
    if (target !== undefined) {
      throw new ApiError('VALIDATION_ERROR', 'delivery_target is not used for totp', { fields: { delivery_target: ['not allowed for totp'] } });
    }
    const totp = await startTotp(ctx, key, { id: p.userId, email: p.email }, APP);
    const backupCodes = await regenerateBackupCodes(ctx, key, p.userId);
    started(totp.methodId);
    const { methodId: _id, ...shown } = totp;
    return { method, ...shown, backupCodes };
  }
  const to = deliveryTarget(method, target, p.email);
  await assertMaySend(ctx, p.userId, method);
  started(await q.upsertPending(ctx, p.userId, method, { secretEncrypted: null, deliveryTarget: to }));
  await sendCodeMessage(ctx, p, method, to);
  return { method, maskedTarget: maskTarget(method, to)! };
}

/** Checks a code of `method`; a pending method becomes enabled. Answers whether it was newly enabled. */
export async function verifyCode(ctx: ServiceContext, p: UserPrincipal, method: MfaMethod, code: string): Promise<{ newlyEnabled: boolean; methodId: string }> {
  const key = encryptionKey(ctx.env);
  const outcome = await checkingCode(ctx, p, 'verify', async (tx) => {
    const row = await q.findMethod(tx, p.userId, method);
    if (!row || (p.mfaPending && !row.enabledAt)) throw notSetUp(p, method);
    if (!(await checkMethodCode(tx, key, row, code))) return false;
    await completeChallenge(tx, p);
    return { newlyEnabled: !row.enabledAt, methodId: row.id };
  });
  const db = await ctx.db();
  const base = { ipAddress: ctx.ip, userId: p.userId, tenantId: p.tenantId };
  if (outcome.newlyEnabled) await recordSecurityEvent(db, { ...base, eventType: 'mfa_enabled', details: { method } });
  if (p.mfaPending) await recordSecurityEvent(db, { ...base, eventType: 'mfa_challenge_passed', details: { method } });
  ctx.audit({ action: outcome.newlyEnabled ? 'mfa.enable' : 'mfa.verify', resourceType: 'mfa_method', resourceId: outcome.methodId, details: { method } });
  return outcome;
}

/**
 * Sends a new code for a method that is set up (enabled, during the challenge). A refusal (throttled,
 * send limit) is recorded through `afterResponse`: on the request's connection once the answer is
 * out, so it is kept although the request's transaction rolls back (ServiceContext's afterCommit
 * runs only after a commit).
 */
export async function sendCode(ctx: ServiceContext, p: UserPrincipal, method: CodeMethod, afterResponse: (task: (db: Database) => Promise<unknown>) => void): Promise<void> {
  const row = await q.findMethod(ctx, p.userId, method);
  if (!row || (p.mfaPending && !row.enabledAt)) throw notSetUp(p, method);
  try {
    await assertCodesNotThrottled(ctx, p);
    await assertMaySend(ctx, p.userId, method);
  } catch (err) {
    const ip = ctx.ip;
    afterResponse((db) => recordSecurityEvent(db, { eventType: 'mfa_send_refused', ipAddress: ip, userId: p.userId, tenantId: p.tenantId, details: { method } }));
    throw err;
  }
  await sendCodeMessage(ctx, p, method, row.deliveryTarget!);
  ctx.audit({ action: 'mfa.send_code', resourceType: 'mfa_method', resourceId: row.id, details: { method } });
}

/** Spends a backup code (completing the challenge); answers how many remain. */
export async function spendBackupCode(ctx: ServiceContext, p: UserPrincipal, code: string): Promise<number> {
  const key = encryptionKey(ctx.env);
  await checkingCode(ctx, p, 'use-backup', async (tx) => {
    if (!(await useBackupCode(tx, key, p.userId, code))) return false;
    await completeChallenge(tx, p);
    return true;
  });
  const remaining = await q.backupCodesRemaining(ctx, p.userId);
  await recordSecurityEvent(await ctx.db(), {
    eventType: 'mfa_backup_code_used',
    severity: remaining === 0 ? 'medium' : 'low',
    ipAddress: ctx.ip,
    userId: p.userId,
    tenantId: p.tenantId,
    details: { remaining, challenge: p.mfaPending },
  });
  ctx.audit({ action: 'mfa.use_backup_code', resourceType: 'user', resourceId: p.userId, details: { remaining } });
  return remaining;
}

/** New backup codes (the previous ones stop working); needs an enabled method. */
export async function newBackupCodes(ctx: ServiceContext, p: UserPrincipal): Promise<string[]> {
  if (!(await q.enabledMethodCount(ctx, p.userId))) throw new ApiError('CONFLICT', 'Enable a two-factor method before generating backup codes');
  const codes = await regenerateBackupCodes(ctx, encryptionKey(ctx.env), p.userId);
  await recordSecurityEvent(await ctx.db(), { eventType: 'mfa_backup_codes_regenerated', ipAddress: ctx.ip, userId: p.userId, tenantId: p.tenantId });
  ctx.audit({ action: 'mfa.backup_codes_regenerate', resourceType: 'user', resourceId: p.userId });
  return codes;
}

/**
 * Removes a method, confirmed by a code of it (6 digits) or a backup code (8 characters). The last
 * enabled method takes the backup codes with it; a tenant requiring 2FA keeps its last method.
 */
export async function disableMethod(ctx: ServiceContext, p: UserPrincipal, method: MfaMethod, code: string): Promise<void> {
  const key = encryptionKey(ctx.env);
  const result = await checkingCode(ctx, p, 'disable', async (tx) => {
    const row = await q.findMethod(tx, p.userId, method);
    if (!row) throw new ApiError('NOT_FOUND', `No ${method} method is set up for this account`);
    const enabled = await q.enabledMethodCount(tx, p.userId);
    if (row.enabledAt && enabled === 1 && p.authConfig.mfaRequired) {
      throw new ApiError('CONFLICT', 'This tenant requires two-factor authentication: enable another method before removing the last one');
    }
    const good = code.length === 6 ? await checkMethodCode(tx, key, row, code) : await useBackupCode(tx, key, p.userId, code);
    if (!good) return false;
    await q.deleteMethod(tx, p.userId, row.id, method);
    const left = await q.enabledMethodCount(tx, p.userId);
    if (!left) await q.deleteBackupCodes(tx, p.userId);
    return { wasEnabled: Boolean(row.enabledAt), left };
  });
  await recordSecurityEvent(await ctx.db(), {
    eventType: 'mfa_disabled',
    severity: result.left ? 'low' : 'medium',
    ipAddress: ctx.ip,
    userId: p.userId,
    tenantId: p.tenantId,
    details: { method, wasEnabled: result.wasEnabled, methodsLeft: result.left },
  });
  ctx.audit({ action: 'mfa.disable', resourceType: 'user', resourceId: p.userId, details: { method } });
}

export interface TwoFactorStatus {
  methods: (Pick<MethodRow, 'method' | 'lastUsedAt'> & { enabledAt: Date; maskedTarget: string | null })[];
  backupCodesRemaining: number;
}

/** The caller's enabled methods (oldest first, targets masked) and unused backup codes. */
export async function status(ctx: ServiceContext, userId: string): Promise<TwoFactorStatus> {
  const [rows, backupCodesRemaining] = await Promise.all([q.enabledMethods(ctx, userId), q.backupCodesRemaining(ctx, userId)]);
  return {
    methods: rows.map((r) => ({ method: r.method, enabledAt: r.enabledAt!, lastUsedAt: r.lastUsedAt, maskedTarget: maskTarget(r.method, r.deliveryTarget) })),
    backupCodesRemaining,
  };
}
