// Two-factor handlers: read the validated input, call the service, shape the reference's answer.
import type { Handler } from '../../../http/handler';
import { noContent } from '../../../http/route';
import { readAsUser, userPrincipal } from '../../../middleware/auth';
import { serviceContext } from '../../../middleware/service-context';
import { CODE_TTL_SECONDS } from './two-factor.model';
import type * as routes from './two-factor.routes';
import * as service from './two-factor.service';

const ok = <T>(message: string, data: T) => ({ success: true, message, data });

export const enable: Handler<typeof routes.enable> = async (c) => {
  const { method } = c.req.valid('param');
  const body = (c.req.valid('json') ?? {}) as { delivery_target?: string };
  const p = await userPrincipal(c);
  const started = await service.startSetup(serviceContext(c), p, method, body.delivery_target);
  if (started.method === 'totp') {
    return c.json(
      ok('Scan the QR code with an authenticator app, then verify a code to enable TOTP', {
        method: 'totp' as const,
        secret: started.secret,
        qr_code_uri: started.uri,
        qr_code_data_url: started.dataUrl,
        backup_codes: started.backupCodes,
      }),
      200,
    );
  }
  return c.json(
    ok(`A verification code was sent by ${started.method}; verify it to enable the method`, {
      method: started.method,
      delivery_target: started.maskedTarget,
      verification_sent: true,
      expires_in_seconds: CODE_TTL_SECONDS,
    }),
    200,
  );
};

export const verify: Handler<typeof routes.verify> = async (c) => {
  const { method, code } = c.req.valid('json');
  const p = await userPrincipal(c);
  const { newlyEnabled } = await service.verifyCode(serviceContext(c), p, method, code);
  return c.json(ok(newlyEnabled ? `${method} is now enabled` : 'Code verified', { method, verified: true, enabled: true }), 200);
};

export const sendCode: Handler<typeof routes.sendCode> = async (c) => {
  const { method } = c.req.valid('json');
  const p = await userPrincipal(c);
  await service.sendCode(serviceContext(c), p, method, c.var.afterResponse);
  return c.json(ok(`A code was sent by ${method}`, { sent: true, expires_in_seconds: CODE_TTL_SECONDS }), 200);
};

export const useBackup: Handler<typeof routes.useBackup> = async (c) => {
  const { code } = c.req.valid('json');
  const p = await userPrincipal(c);
  const remaining = await service.spendBackupCode(serviceContext(c), p, code);
  return c.json(ok(remaining ? 'Backup code accepted' : 'Backup code accepted; no backup codes remain, generate new ones', { used: true, remaining }), 200);
};

export const backupCodes: Handler<typeof routes.backupCodes> = async (c) => {
  const p = await userPrincipal(c);
  const codes = await service.newBackupCodes(serviceContext(c), p);
  return c.json(ok('New backup codes generated; previous codes no longer work', { backup_codes: codes, count: codes.length }), 200);
};

export const disable: Handler<typeof routes.disable> = async (c) => {
  const { method, code } = c.req.valid('json');
  const p = await userPrincipal(c);
  await service.disableMethod(serviceContext(c), p, method, code);
  return noContent(c);
};

export const status: Handler<typeof routes.status> = async (c) => {
  const { p, value: s } = await readAsUser(c, (userId) => service.status(serviceContext(c), userId));
  return c.json(
    {
      data: {
        enabled_methods: s.methods.map((m) => ({
          method: m.method,
          enabled_at: m.enabledAt.toISOString(),
          last_used_at: m.lastUsedAt?.toISOString() ?? null,
          delivery_target_masked: m.maskedTarget,
        })),
        backup_codes_remaining: s.backupCodesRemaining,
        requires_2fa: p.authConfig.mfaRequired,
      },
    },
    200,
  );
};
