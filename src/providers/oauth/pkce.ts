// PKCE (RFC 7636, S256 only) and unguessable state/nonce values, with WebCrypto.
import { base64url } from 'jose';

const random = (bytes: number) => base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));

/** A fresh PKCE pair: keep `verifier` server-side with the state; send `challenge` to the provider. */
export async function createPkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = random(32); // 43 chars, the RFC's minimum length and 256 bits of entropy
  return { verifier, challenge: await pkceChallenge(verifier) };
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url.encode(new Uint8Array(digest));
}

/** 256 random bits, base64url: for `state` and `nonce`. */
export const randomState = () => random(32);
export const randomNonce = () => random(32);
