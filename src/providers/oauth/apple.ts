// Apple's client_secret is not a static string but an ES256 JWT signed with the team's
// Sign in with Apple key (https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret).
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import { ApiError } from '../../lib/errors';

export const APPLE_AUDIENCE = 'https://appleid.apple.com';
const keys = new Map<string, Promise<CryptoKey>>();

/** Mints a client_secret valid for `ttlSeconds` (Apple allows at most six months; we use minutes). */
export async function appleClientSecret(
  opts: { teamId: string; keyId: string; privateKey: string; clientId: string },
  ttlSeconds = 300,
): Promise<string> {
  let key = keys.get(opts.privateKey);
  if (!key) {
    key = importPKCS8(opts.privateKey, 'ES256');
    keys.set(opts.privateKey, key);
    key.catch(() => keys.delete(opts.privateKey));
  }
  let signingKey: CryptoKey;
  try {
    signingKey = await key;
  } catch {
    throw new ApiError('INTERNAL_ERROR', 'APPLE_PRIVATE_KEY is not a valid PKCS#8 ES256 key');
  }
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: opts.keyId })
    .setIssuer(opts.teamId)
    .setSubject(opts.clientId)
    .setAudience(APPLE_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(signingKey);
}
