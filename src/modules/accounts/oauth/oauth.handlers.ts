// OAuth handlers: read the validated input, call the service, shape the reference's answer, and
// set the refresh cookie of a new session.
import { authConfig } from '../../../config';
import type { Handler } from '../../../http/handler';
import { userAgent } from '../../../lib/request';
import { serviceContext } from '../../../middleware/service-context';
import { setRefreshCookie } from '../sessions';
import { sendEmailVerification } from '../recovery';
import { isHttpUrl, PROVIDER_INFO } from './oauth.model';
import { registerWithProvider } from './oauth.register';
import type * as routes from './oauth.routes';
import * as service from './oauth.service';

export const providers: Handler<typeof routes.providers> = async (c) => {
  const offer = await service.providerOffer(serviceContext(c), c.req.valid('query').tenantId, c.req.header('x-tenant-id'), new URL(c.req.url).hostname);
  const cfg = offer.authConfig;
  return c.json(
    {
      data: offer.providers.map(({ id, enabled }) => ({
        id,
        name: PROVIDER_INFO[id].name,
        enabled,
        icon: PROVIDER_INFO[id].icon,
        capabilities: { server_callback: false, client_callback: true, native_mobile: PROVIDER_INFO[id].nativeMobile },
      })),
      emailEnabled: cfg?.passwordAuthEnabled ?? true,
      ...(cfg && {
        tenantConfig: {
          requireInvitation: cfg.requireInvitation,
          allowSelfRegistration: cfg.allowSelfRegistration,
          passwordAuthEnabled: cfg.passwordAuthEnabled,
          mfaRequired: cfg.mfaRequired,
        },
      }),
    },
    200,
  );
};

export const initiate: Handler<typeof routes.initiate> = async (c) => {
  const body = c.req.valid('json');
  const started = await service.initiate(serviceContext(c), body, c.req.header('x-tenant-id'), new URL(c.req.url).hostname);
  return c.json(
    {
      data: {
        oauthUrl: started.oauthUrl,
        provider: body.provider,
        clientType: body.clientType,
        redirectMode: 'client_callback' as const,
        stateId: started.stateId,
        expiresAt: started.expiresAt.toISOString(),
      },
    },
    200,
  );
};

export const exchange: Handler<typeof routes.exchange> = async (c) => {
  const body = c.req.valid('json');
  const out = await service.exchange(serviceContext(c), { stateId: body.pveState, code: body.code, wantedProvider: c.req.valid('query').provider, userAgent: userAgent(c) });
  if (out.status === 'registration_required') {
    const who = out.who;
    return c.json(
      {
        data: {
          status: 'registration_required' as const,
          provider: out.provider,
          accessToken: out.tokens.accessToken,
          refreshToken: out.tokens.refreshToken,
          requiresPostAuthFlow: false,
          user: null,
          registration: {
            email: who.email.toLowerCase(),
            ...(who.displayName && { displayName: who.displayName }),
            ...(isHttpUrl(who.avatarUrl) && { avatarUrl: who.avatarUrl }),
            ...(out.tenantId && { tenantId: out.tenantId }),
          },
        },
      },
      200,
    );
  }
  const { signed } = out;
  setRefreshCookie(c, authConfig(c.env), signed.tokens.refreshToken, false);
  return c.json(
    {
      data: {
        status: 'authenticated' as const,
        provider: out.provider,
        accessToken: signed.tokens.accessToken,
        refreshToken: signed.tokens.refreshToken,
        requiresPostAuthFlow: signed.requiresPostAuthFlow,
        user: signed.user,
        registration: null,
      },
    },
    200,
  );
};

export const register: Handler<typeof routes.register> = async (c) => {
  const body = c.req.valid('json');
  const result = await registerWithProvider(serviceContext(c), body, {
    userAgent: userAgent(c),
    sendVerification: (db, user) => sendEmailVerification(serviceContext(c), db, user),
  });
  setRefreshCookie(c, authConfig(c.env), result.signed.tokens.refreshToken, false);
  return c.json(
    {
      success: true,
      message: body.registrationMode === 'create_tenant' ? 'Account and tenant created' : 'Account created',
      user: {
        id: result.user.id,
        email: result.user.email,
        displayName: result.user.displayName ?? result.user.email,
        tenantId: result.tenant.id,
        tenantName: result.tenant.name,
      },
      accessToken: result.signed.tokens.accessToken,
      refreshToken: result.signed.tokens.refreshToken,
      requiresPostAuthFlow: result.signed.requiresPostAuthFlow,
    },
    201,
  );
};
