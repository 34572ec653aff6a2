// Access tokens: short-lived JWTs (HS256, jose) verified without touching the database.
// They name the user, the session and the tenant at issue time; everything that can change within
// a session (active tenant, 2FA state, revocation) is read from the session row once per request.
import { errors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from './errors';
import { UUID } from './uuid';

export const ISSUER = 'edge-platform-api';
export const AUDIENCE = 'edge-platform-api';

export interface AccessClaims {
  sub: string;
  sid: string;
  tid: string;
}

const keys = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = new TextEncoder().encode(secret)));
  return k;
}

export async function signAccessToken(secret: string, claims: AccessClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ sid: claims.sid, tid: claims.tid, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(crypto.randomUUID())
    .sign(key(secret));
}

export async function verifyAccessToken(secret: string, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'sid', 'tid', 'exp'],
    });
    if (payload.typ !== 'access') throw new ApiError('UNAUTHORIZED', 'Not an access token');
    // Signed is not well-formed: the ids go into uuid columns, where anything else is a 500.
    const { sub, sid, tid } = payload;
    if (![sub, sid, tid].every((v) => typeof v === 'string' && UUID.test(v))) throw new ApiError('UNAUTHORIZED', 'Invalid access token');
    return { sub: sub!, sid: sid as string, tid: tid as string };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const expired = err instanceof errors.JWTExpired;
    throw new ApiError('UNAUTHORIZED', expired ? 'Access token expired' : 'Invalid access token');
  }
}

/** Realtime tokens: open a WebSocket on the realtime endpoint (browsers cannot send headers there). */
export interface RealtimeClaims {
  sub: string;
  tid: string;
}

const REALTIME_AUDIENCE = 'edge-platform-realtime';

export async function signRealtimeToken(secret: string, claims: RealtimeClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ tid: claims.tid, typ: 'realtime' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(REALTIME_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** The realtime token's user and tenant; 401 when it is missing, forged, expired or another kind of token. */
export async function verifyRealtimeToken(secret: string, token: string): Promise<RealtimeClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: REALTIME_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['sub', 'tid', 'exp'] });
    const { sub, tid } = payload;
    if (payload.typ !== 'realtime' || ![sub, tid].every((v) => typeof v === 'string' && UUID.test(v))) throw new ApiError('UNAUTHORIZED', 'Invalid realtime token');
    return { sub: sub!, tid: tid as string };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('UNAUTHORIZED', err instanceof errors.JWTExpired ? 'Realtime token expired' : 'Invalid realtime token');
  }
}
