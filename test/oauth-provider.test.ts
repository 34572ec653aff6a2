// The OAuth/OIDC adapter against the local IdP (test/setup/fake-idp-server.ts), in workerd:
// full authorization-code + PKCE flows per provider dialect, and the ways they must fail.
import { base64url } from 'jose';
import { describe, expect, inject, it, vi } from 'vitest';
import {
  buildAuthorizationUrl,
  createPkce,
  exchangeCode,
  fetchIdentity,
  isProviderConfigured,
  randomNonce,
  randomState,
  type OAuthConfig,
  type OAuthProvider,
} from '../src/providers/oauth';
import { ApiError } from '../src/lib/errors';
import { FAKE_APPLE, FAKE_CLIENTS, FAKE_MS_TENANT, FAKE_REDIRECT_URI, type FakeUser } from './setup/fake-idp-clients';

const IDP = inject('fakeIdpUrl');
const redirectUri = FAKE_REDIRECT_URI;

/** Platform config pointing every provider at the local IdP. */
function config(overrides: Record<string, string> = {}, extra: Partial<OAuthConfig> = {}): OAuthConfig {
  const env: Record<string, string> = {
    APPLE_TEAM_ID: FAKE_APPLE.teamId,
    APPLE_KEY_ID: FAKE_APPLE.keyId,
    APPLE_PRIVATE_KEY: inject('fakeApplePrivateKey'),
  };
  for (const p of ['google', 'microsoft', 'apple', 'facebook', 'github'] as const) {
    const c: { clientId: string; clientSecret?: string } = FAKE_CLIENTS[p];
    env[`OAUTH_${p.toUpperCase()}_CLIENT_ID`] = c.clientId;
    if (c.clientSecret) env[`OAUTH_${p.toUpperCase()}_CLIENT_SECRET`] = c.clientSecret;
    env[`OAUTH_${p.toUpperCase()}_BASE_URL`] = IDP;
  }
  return { env: { ...env, ...overrides }, ...extra };
}
const cfg = config();

async function addUser(user: FakeUser): Promise<string> {
  const res = await fetch(`${IDP}/_test/users`, { method: 'POST', body: JSON.stringify(user) });
  return ((await res.json()) as { login_hint: string }).login_hint;
}

/** The browser leg: follow the authorize URL like a user agent that auto-approves. */
async function authorize(url: string): Promise<Record<string, string>> {
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status === 302) return Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
  const html = await res.text(); // Apple's form_post page
  expect(res.status, html).toBe(200);
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  return Object.fromEntries([...html.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

async function signIn(provider: OAuthProvider, opts: { loginHint?: string; c?: OAuthConfig } = {}) {
  const c = opts.c ?? cfg;
  const { verifier, challenge } = await createPkce();
  const state = randomState();
  const nonce = randomNonce();
  const url = buildAuthorizationUrl(provider, c, {
    redirectUri,
    state,
    codeChallenge: challenge,
    nonce,
    extraParams: opts.loginHint ? { login_hint: opts.loginHint } : undefined,
  });
  const back = await authorize(url);
  expect(back.error, back.error_description).toBeUndefined();
  expect(back.state).toBe(state);
  return { code: back.code!, verifier, nonce, url, back, c };
}

async function rejects(p: Promise<unknown>, code: string, message?: RegExp) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code, (err as ApiError).message).toBe(code);
  if (message) expect((err as ApiError).message).toMatch(message);
  return err as ApiError;
}

describe('configuration', () => {
  it('knows which providers are configured; tenant credentials win as a unit', () => {
    expect(isProviderConfigured('google', {})).toBe(false);
    expect(isProviderConfigured('google', { env: { OAUTH_GOOGLE_CLIENT_ID: 'x' } })).toBe(false);
    expect(isProviderConfigured('google', cfg)).toBe(true);
    expect(isProviderConfigured('apple', config({ APPLE_PRIVATE_KEY: '' }))).toBe(false);
    const tenant = { google: { clientId: 'tenant-client' } };
    expect(isProviderConfigured('google', { ...cfg, tenant })).toBe(false); // never the platform's secret
    const url = new URL(
      buildAuthorizationUrl(
        'google',
        { ...cfg, tenant: { google: { clientId: 'tenant-client', clientSecret: 's', scopes: ['openid'] } } },
        { redirectUri, state: 's', codeChallenge: 'c' },
      ),
    );
    expect(url.searchParams.get('client_id')).toBe('tenant-client');
    expect(url.searchParams.get('scope')).toBe('openid');
  });

  it('builds production URLs by default, with PKCE S256, state, nonce and Apple form_post', () => {
    const env = {
      OAUTH_MICROSOFT_CLIENT_ID: 'm',
      OAUTH_MICROSOFT_CLIENT_SECRET: 's',
      OAUTH_APPLE_CLIENT_ID: 'a',
      APPLE_TEAM_ID: 't',
      APPLE_KEY_ID: 'k',
      APPLE_PRIVATE_KEY: 'p',
    };
    const ms = new URL(
      buildAuthorizationUrl('microsoft', { env }, { redirectUri, state: 'st', codeChallenge: 'ch', nonce: 'n' }),
    );
    expect(ms.origin + ms.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(ms.searchParams)).toMatchObject({
      response_type: 'code',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'n',
      scope: 'openid email profile',
    });
    const apple = new URL(buildAuthorizationUrl('apple', { env }, { redirectUri, state: 'st', codeChallenge: 'ch' }));
    expect(apple.host).toBe('appleid.apple.com');
    expect(apple.searchParams.get('response_mode')).toBe('form_post');
  });

  it('refuses an unconfigured provider with 400', async () => {
    await rejects(
      exchangeCode('github', {}, { code: 'c', redirectUri, codeVerifier: 'v' }),
      'BAD_REQUEST',
      /not configured/,
    );
  });

  it('creates distinct PKCE pairs whose challenge is the S256 of the verifier', async () => {
    const a = await createPkce();
    const b = await createPkce();
    expect(a.verifier).toMatch(/^[\w-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(a.verifier)));
    expect(a.challenge).toBe(base64url.encode(digest));
  });
});

describe('full flows', () => {
  it('google: basic client auth, verified id_token claims', async () => {
    const hint = await addUser({
      sub: 'g-123',
      email: 'bob@example.test',
      email_verified: true,
      name: 'Bob B',
      picture: 'https://img.test/bob.png',
    });
    const { code, verifier, nonce } = await signIn('google', { loginHint: hint });
    const tokens = await exchangeCode('google', cfg, { code, redirectUri, codeVerifier: verifier });
    expect(tokens).toMatchObject({
      access_token: expect.any(String),
      id_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
    });
    const who = await fetchIdentity('google', cfg, tokens, { nonce });
    expect(who).toMatchObject({
      provider: 'google',
      subject: 'g-123',
      email: 'bob@example.test',
      emailVerified: true,
      displayName: 'Bob B',
      avatarUrl: 'https://img.test/bob.png',
    });
    expect(who.raw.aud).toBe(FAKE_CLIENTS.google.clientId);
  });

  it('microsoft: multi-tenant issuer follows the token tid; email unverified unless claimed', async () => {
    const { code, verifier, nonce } = await signIn('microsoft');
    const tokens = await exchangeCode('microsoft', cfg, { code, redirectUri, codeVerifier: verifier });
    const who = await fetchIdentity('microsoft', cfg, tokens, { nonce });
    expect(who).toMatchObject({
      provider: 'microsoft',
      subject: '100000000001',
      email: 'alice@example.test',
      emailVerified: false,
      displayName: 'Alice Example',
      avatarUrl: null,
    });
    expect(who.raw.iss).toBe(`${IDP}/${FAKE_MS_TENANT}/v2.0`);
  });

  it('microsoft: rejects an issuer naming another directory than tid, and a token from another tenant when pinned', async () => {
    const hint = await addUser({
      sub: 'ms-1',
      email: 'x@example.test',
      issuerTenant: 'ffffffff-0000-0000-0000-000000000000',
    });
    let flow = await signIn('microsoft', { loginHint: hint });
    let tokens = await exchangeCode('microsoft', cfg, { code: flow.code, redirectUri, codeVerifier: flow.verifier });
    await rejects(fetchIdentity('microsoft', cfg, tokens), 'UNAUTHORIZED', /iss/);
    const pinned = config({ OAUTH_MICROSOFT_TENANT: 'aaaaaaaa-0000-0000-0000-000000000000' });
    flow = await signIn('microsoft', { c: pinned });
    tokens = await exchangeCode('microsoft', pinned, { code: flow.code, redirectUri, codeVerifier: flow.verifier });
    await rejects(fetchIdentity('microsoft', pinned, tokens), 'UNAUTHORIZED', /iss/);
  });

  it('apple: form_post, ES256 client_secret JWT, string email_verified, name from the user field', async () => {
    const { code, verifier, nonce, back } = await signIn('apple');
    expect(back.user).toBeDefined();
    const tokens = await exchangeCode('apple', cfg, { code, redirectUri, codeVerifier: verifier });
    const who = await fetchIdentity('apple', cfg, tokens, { nonce, appleUser: back.user });
    expect(who).toMatchObject({
      provider: 'apple',
      subject: '100000000001',
      email: 'alice@example.test',
      emailVerified: true,
      displayName: 'Alice Example',
      avatarUrl: null,
    });
  });

  it('apple: a later sign-in without email or user field still yields the subject', async () => {
    const hint = await addUser({ sub: '001234.abcd', email: null, name: null });
    const { code, verifier, nonce } = await signIn('apple', { loginHint: hint });
    const who = await fetchIdentity(
      'apple',
      cfg,
      await exchangeCode('apple', cfg, { code, redirectUri, codeVerifier: verifier }),
      { nonce },
    );
    expect(who).toMatchObject({ subject: '001234.abcd', email: null, emailVerified: false, displayName: null });
  });

  it('apple: a client_secret signed with the wrong key is refused', async () => {
    const { privateKey } = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
    ])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array((await crypto.subtle.exportKey('pkcs8', privateKey)) as ArrayBuffer);
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...pkcs8))}\n-----END PRIVATE KEY-----`;
    const wrong = config({ APPLE_PRIVATE_KEY: pem });
    const { code, verifier } = await signIn('apple', { c: wrong });
    await rejects(
      exchangeCode('apple', wrong, { code, redirectUri, codeVerifier: verifier }),
      'INTERNAL_ERROR',
      /client credentials/,
    );
  });

  it('github: JSON token answer, /user + primary verified email from /user/emails', async () => {
    const hint = await addUser({
      sub: '583231',
      login: 'octocat',
      name: null,
      picture: 'https://avatars.test/583231',
      githubEmails: [
        { email: 'old@example.test', primary: false, verified: true },
        { email: 'octo@example.test', primary: true, verified: true },
      ],
    });
    const { code, verifier } = await signIn('github', { loginHint: hint });
    const tokens = await exchangeCode('github', cfg, { code, redirectUri, codeVerifier: verifier });
    expect(tokens.id_token).toBeUndefined();
    const who = await fetchIdentity('github', cfg, tokens);
    expect(who).toMatchObject({
      provider: 'github',
      subject: '583231',
      email: 'octo@example.test',
      emailVerified: true,
      displayName: 'octocat',
      avatarUrl: 'https://avatars.test/583231',
    });
  });

  it('github: an unverified primary email is not reported', async () => {
    const hint = await addUser({
      sub: '42',
      login: 'u',
      githubEmails: [{ email: 'u@example.test', primary: true, verified: false }],
    });
    const { code, verifier } = await signIn('github', { loginHint: hint });
    const who = await fetchIdentity(
      'github',
      cfg,
      await exchangeCode('github', cfg, { code, redirectUri, codeVerifier: verifier }),
    );
    expect(who).toMatchObject({ subject: '42', email: null, emailVerified: false });
  });

  it('facebook: Graph /me with fields and appsecret_proof', async () => {
    const hint = await addUser({
      sub: '10158000000000001',
      email: 'fb@example.test',
      name: 'Fay Book',
      picture: 'https://fb.test/p.jpg',
    });
    const { code, verifier } = await signIn('facebook', { loginHint: hint });
    const tokens = await exchangeCode('facebook', cfg, { code, redirectUri, codeVerifier: verifier });
    const who = await fetchIdentity('facebook', cfg, tokens);
    expect(who).toMatchObject({
      provider: 'facebook',
      subject: '10158000000000001',
      email: 'fb@example.test',
      emailVerified: false,
      displayName: 'Fay Book',
      avatarUrl: 'https://fb.test/p.jpg',
    });
  });

  it('non-OIDC access token revoked or wrong → 401', async () => {
    await rejects(fetchIdentity('github', cfg, { access_token: 'nope' }), 'UNAUTHORIZED', /access token/);
    await rejects(fetchIdentity('facebook', cfg, { access_token: 'nope' }), 'UNAUTHORIZED');
  });
});

describe('observability', () => {
  it('logs one JSON line per provider call with operation, status, duration and request id', async () => {
    const { code, verifier } = await signIn('github');
    const spy = vi.spyOn(console, 'log');
    try {
      const c = { ...cfg, requestId: 'req-42' };
      await fetchIdentity('github', c, await exchangeCode('github', c, { code, redirectUri, codeVerifier: verifier }));
      const lines = spy.mock.calls.map((args) => JSON.parse(String(args[0])));
      expect(lines.map((l) => l.operation)).toEqual(['token', 'user', 'user_emails']);
      for (const l of lines) {
        expect(l).toMatchObject({
          msg: 'provider call',
          provider: 'github',
          status: 200,
          error: null,
          requestId: 'req-42',
        });
        expect(l.durationMs).toEqual(expect.any(Number));
      }
    } finally {
      spy.mockRestore();
    }
  });
});

describe('code exchange failures', () => {
  it('wrong PKCE verifier → 400 (every dialect)', async () => {
    for (const p of ['google', 'github', 'facebook'] as const) {
      const { code } = await signIn(p);
      const wrong = (await createPkce()).verifier;
      await rejects(
        exchangeCode(p, cfg, { code, redirectUri, codeVerifier: wrong }),
        'BAD_REQUEST',
        /rejected the authorization code/,
      );
    }
  });

  it('reused code → 400, and the replay revokes the first access token', async () => {
    const { code, verifier } = await signIn('github');
    const first = await exchangeCode('github', cfg, { code, redirectUri, codeVerifier: verifier });
    await rejects(
      exchangeCode('github', cfg, { code, redirectUri, codeVerifier: verifier }),
      'BAD_REQUEST',
      /bad_verification_code/,
    );
    await rejects(fetchIdentity('github', cfg, first), 'UNAUTHORIZED');
  });

  it('redirect_uri differing from the authorization request → 400', async () => {
    const { code, verifier } = await signIn('google');
    await rejects(
      exchangeCode('google', cfg, { code, redirectUri: 'https://evil.test/cb', codeVerifier: verifier }),
      'BAD_REQUEST',
      /invalid_grant/,
    );
  });

  it('wrong client secret → 500 (our misconfiguration, not the user’s)', async () => {
    const bad = config({ OAUTH_GOOGLE_CLIENT_SECRET: 'wrong' });
    const { code, verifier } = await signIn('google', { c: bad });
    await rejects(exchangeCode('google', bad, { code, redirectUri, codeVerifier: verifier }), 'INTERNAL_ERROR');
  });

  it('unreachable provider → 503', async () => {
    const down = config({ OAUTH_GOOGLE_BASE_URL: 'http://127.0.0.1:1' });
    await rejects(
      exchangeCode('google', down, { code: 'c', redirectUri, codeVerifier: 'v'.repeat(43) }),
      'SERVICE_UNAVAILABLE',
      /could not be reached/,
    );
  });

  it('slow provider → 503 after the timeout', async () => {
    const hint = await addUser({ sub: 'slow', tokenDelayMs: 1500 });
    const quick = config({}, { timeoutMs: 250 });
    const { code, verifier } = await signIn('google', { loginHint: hint, c: quick });
    const started = Date.now();
    await rejects(
      exchangeCode('google', quick, { code, redirectUri, codeVerifier: verifier }),
      'SERVICE_UNAVAILABLE',
      /timed out/,
    );
    expect(Date.now() - started).toBeLessThan(1400);
  });
});

describe('id_token verification', () => {
  async function googleTokens(user?: FakeUser, c: OAuthConfig = cfg) {
    const { code, verifier, nonce } = await signIn('google', { loginHint: user ? await addUser(user) : undefined, c });
    return { tokens: await exchangeCode('google', c, { code, redirectUri, codeVerifier: verifier }), nonce };
  }
  const parts = (jwt: string) => jwt.split('.') as [string, string, string];
  const json = (s: string) => JSON.parse(new TextDecoder().decode(base64url.decode(s)));
  const enc = (o: unknown) => base64url.encode(JSON.stringify(o));

  it('tampered payload or signature → 401', async () => {
    const { tokens } = await googleTokens();
    const [h, p, s] = parts(tokens.id_token!);
    const forged = `${h}.${enc({ ...json(p), sub: 'someone-else' })}.${s}`;
    await rejects(fetchIdentity('google', cfg, { ...tokens, id_token: forged }), 'UNAUTHORIZED', /verification/);
    const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    await rejects(fetchIdentity('google', cfg, { ...tokens, id_token: flipped }), 'UNAUTHORIZED');
  });

  it('token issued to another client (wrong audience) → 401', async () => {
    const otherCfg = config({
      OAUTH_GOOGLE_CLIENT_ID: FAKE_CLIENTS.other.clientId,
      OAUTH_GOOGLE_CLIENT_SECRET: FAKE_CLIENTS.other.clientSecret,
    });
    const flow = await signIn('google', { c: otherCfg });
    const tokens = await exchangeCode('google', otherCfg, {
      code: flow.code,
      redirectUri,
      codeVerifier: flow.verifier,
    });
    expect((await fetchIdentity('google', otherCfg, tokens)).subject).toBe('100000000001'); // valid for its own audience
    await rejects(fetchIdentity('google', cfg, tokens), 'UNAUTHORIZED', /aud/);
  });

  it('alg: none → 401', async () => {
    const { tokens } = await googleTokens();
    const [, p] = parts(tokens.id_token!);
    const unsigned = `${enc({ alg: 'none', typ: 'JWT' })}.${p}.`;
    await rejects(fetchIdentity('google', cfg, { ...tokens, id_token: unsigned }), 'UNAUTHORIZED');
  });

  it('HS256 signed with the public key as secret (key confusion) → 401', async () => {
    const { tokens } = await googleTokens();
    const [, p] = parts(tokens.id_token!);
    const jwks = await (await fetch(`${IDP}/jwks`)).text();
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(jwks),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const input = `${enc({ alg: 'HS256', kid: 'fake-rs256-1' })}.${p}`;
    const sig = base64url.encode(
      new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input))),
    );
    await rejects(fetchIdentity('google', cfg, { ...tokens, id_token: `${input}.${sig}` }), 'UNAUTHORIZED');
  });

  it('expired id_token → 401', async () => {
    const { tokens } = await googleTokens({ sub: 'exp', idTokenTtlSeconds: -120 });
    await rejects(fetchIdentity('google', cfg, tokens), 'UNAUTHORIZED', /exp/);
  });

  it('nonce mismatch → 401; wrong issuer → 401; missing id_token → 401', async () => {
    const { tokens, nonce } = await googleTokens();
    await rejects(fetchIdentity('google', cfg, tokens, { nonce: `${nonce}x` }), 'UNAUTHORIZED', /nonce/);
    await rejects(
      fetchIdentity('google', { ...cfg, endpoints: { google: { issuer: 'https://accounts.google.com' } } }, tokens),
      'UNAUTHORIZED',
      /iss/,
    );
    await rejects(fetchIdentity('google', cfg, { access_token: tokens.access_token }), 'UNAUTHORIZED', /no id_token/);
  });

  it('unreachable JWKS → 503', async () => {
    const { tokens } = await googleTokens();
    const c = { ...cfg, endpoints: { google: { jwks: 'http://127.0.0.1:1/jwks' } } };
    await rejects(fetchIdentity('google', c, tokens), 'SERVICE_UNAVAILABLE');
  });
});
