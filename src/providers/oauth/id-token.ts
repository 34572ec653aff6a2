// Verifies an OIDC id_token against the provider's published keys: signature (asymmetric
// algorithms only, so `none` and HMAC key-confusion tokens fail), issuer, audience, expiry, nonce.
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';
import { ApiError } from '../../lib/errors';
import type { ResolvedProvider } from './config';
import { logProviderCall } from './http';
import { SPECS } from './specs';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'];
const CLOCK_TOLERANCE_S = 30;

// One key set per URL and isolate: jose caches keys and refetches on an unknown `kid`. Being
// shared across requests, its fetches are logged without a request id.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(p: ResolvedProvider) {
  const url = p.endpoints.jwks!;
  let set = keySets.get(url);
  if (!set) {
    const ctx = { provider: p.provider, operation: 'jwks', timeoutMs: p.timeoutMs };
    set = createRemoteJWKSet(new URL(url), {
      timeoutDuration: p.timeoutMs,
      [customFetch]: async (input: string, init: RequestInit) => {
        const started = performance.now();
        try {
          const res = await fetch(input, init);
          logProviderCall(ctx, res.status, started, res.ok ? null : `HTTP ${res.status}`);
          return res;
        } catch (err) {
          logProviderCall(ctx, null, started, err instanceof Error ? err.message : String(err));
          throw new ApiError('SERVICE_UNAVAILABLE', `${SPECS[p.provider].name} signing keys could not be fetched`, {
            provider: p.provider,
            operation: 'jwks',
          });
        }
      },
    });
    keySets.set(url, set);
  }
  return set;
}

export async function verifyIdToken(p: ResolvedProvider, idToken: string, nonce?: string): Promise<JWTPayload> {
  const name = SPECS[p.provider].name;
  const issuer = p.endpoints.issuer;
  const template = issuer?.includes('{tenantid}');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(p), {
      algorithms: ALGORITHMS,
      audience: p.clientId,
      issuer: template ? undefined : issuer,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
      throw new ApiError('SERVICE_UNAVAILABLE', `${name} signing keys could not be fetched`, { provider: p.provider });
    }
    throw rejected(
      p,
      err instanceof errors.JOSEError ? err.code : 'ERR_INVALID',
      err instanceof Error ? err.message : '',
    );
  }
  // Multi-tenant Microsoft: the issuer must name the directory the token itself claims (`tid`).
  if (template && payload.iss !== issuer!.replace('{tenantid}', String(payload.tid ?? ''))) {
    throw rejected(p, 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'unexpected "iss" claim value');
  }
  if (nonce !== undefined && payload.nonce !== nonce)
    throw rejected(p, 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'nonce mismatch');
  return payload;
}

function rejected(p: ResolvedProvider, reason: string, detail: string) {
  return new ApiError('UNAUTHORIZED', `${SPECS[p.provider].name} identity token failed verification: ${detail}`, {
    provider: p.provider,
    reason,
  });
}
