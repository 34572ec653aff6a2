// A local OAuth 2.0 / OpenID Connect server speaking the real protocol, with each registered
// client answering in its provider's dialect (GitHub's 200-with-error, Facebook's error object,
// Apple's JWT client secret and form_post). Tests reach it over loopback from workerd.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  FAKE_APPLE,
  FAKE_CLIENTS,
  FAKE_MS_TENANT,
  FAKE_REDIRECT_URI,
  type FakeClient,
  type FakeUser,
} from './fake-idp-clients.ts';

interface Grant {
  client: FakeClient;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  scope: string;
  user: FakeUser;
  expiresAt: number;
  used: boolean;
  accessTokens: string[];
}

const rand = () => randomBytes(24).toString('base64url');
const b64url = (buf: Buffer) => buf.toString('base64url');

export async function startFakeIdp() {
  const signing = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: 'fake-rs256-1', alg: 'RS256', use: 'sig' };
  // The Sign in with Apple key: the private half goes to the tests (as APPLE_PRIVATE_KEY).
  const apple = await generateKeyPair('ES256', { extractable: true });
  const applePrivateKeyPem = await exportPKCS8(apple.privateKey);

  const users = new Map<string, FakeUser>([
    [
      'default',
      {
        sub: '100000000001',
        email: 'alice@example.test',
        email_verified: true,
        name: 'Alice Example',
        picture: 'https://img.test/alice.png',
        login: 'alice',
      },
    ],
  ]);
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, { user: FakeUser; client: FakeClient; revoked: boolean }>();
  const clients = new Map<string, FakeClient>(Object.values(FAKE_CLIENTS).map((c) => [c.clientId, c]));
  let base = '';

  const issuerFor = (client: FakeClient, user: FakeUser) =>
    client.style === 'microsoft' ? `${base}/${user.issuerTenant ?? FAKE_MS_TENANT}/v2.0` : base;

  async function idToken(g: Grant): Promise<string> {
    const u = g.user;
    const claims: Record<string, unknown> = { email: u.email ?? undefined };
    if (g.client.style === 'apple') claims.email_verified = u.email ? String(u.email_verified ?? false) : undefined;
    else if (g.client.style === 'microsoft')
      Object.assign(claims, { tid: FAKE_MS_TENANT, name: u.name, preferred_username: u.email });
    else Object.assign(claims, { email_verified: u.email_verified ?? false, name: u.name, picture: u.picture });
    if (g.nonce) claims.nonce = g.nonce;
    const now = Math.floor(Date.now() / 1000);
    const ttl = u.idTokenTtlSeconds ?? 600;
    return new SignJWT(JSON.parse(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
      .setIssuer(issuerFor(g.client, u))
      .setSubject(u.sub)
      .setAudience(g.client.clientId)
      .setIssuedAt(ttl < 0 ? now + ttl - 600 : now)
      .setExpirationTime(now + ttl)
      .sign(signing.privateKey as CryptoKey);
  }

  function authorize(q: URLSearchParams, res: ServerResponse) {
    const client = clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    // Per RFC 6749 §4.1.2.1 a bad client or redirect URI is shown, never redirected to.
    if (!client) return send(res, 400, 'unknown client_id', 'text/plain');
    if (redirectUri !== FAKE_REDIRECT_URI)
      return send(res, 400, 'redirect_uri is not registered for this client', 'text/plain');
    const state = q.get('state');
    const back = (params: Record<string, string>) => {
      const u = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...params, ...(state ? { state } : {}) })) u.searchParams.set(k, v);
      res.writeHead(302, { location: u.toString() }).end();
    };
    const scope = q.get('scope') ?? '';
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    if (!state) return back({ error: 'invalid_request', error_description: 'state is required' });
    if (q.get('code_challenge_method') !== 'S256' || !/^[\w-]{43}$/.test(q.get('code_challenge') ?? '')) {
      return back({ error: 'invalid_request', error_description: 'PKCE with S256 is required' });
    }
    const formPost = q.get('response_mode') === 'form_post';
    if (client.style === 'apple' && /\b(name|email)\b/.test(scope) && !formPost) {
      return back({
        error: 'invalid_request',
        error_description: 'response_mode must be form_post when name or email is requested',
      });
    }
    const user = users.get(q.get('login_hint') ?? 'default');
    if (!user) return back({ error: 'access_denied', error_description: 'unknown login_hint' });
    const code = rand();
    grants.set(code, {
      client,
      redirectUri,
      challenge: q.get('code_challenge')!,
      nonce: q.get('nonce') ?? undefined,
      scope,
      user,
      expiresAt: Date.now() + 60_000,
      used: false,
      accessTokens: [],
    });
    if (!formPost) return back({ code });
    // Apple's form_post: an auto-submitting form; `user` carries the name (first sign-in only, here always).
    const fields: Record<string, string> = { code, state };
    if (user.name)
      fields.user = JSON.stringify({
        name: { firstName: user.name.split(' ')[0], lastName: user.name.split(' ').slice(1).join(' ') },
        email: user.email,
      });
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
      .join('');
    send(
      res,
      200,
      `<html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`,
      'text/html',
    );
  }

  async function authenticateClient(req: IncomingMessage, form: URLSearchParams): Promise<FakeClient | string> {
    const header = req.headers.authorization ?? '';
    let id = form.get('client_id') ?? '';
    let secret = form.get('client_secret');
    const usedBasic = header.startsWith('Basic ');
    if (usedBasic) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString();
      const i = decoded.indexOf(':');
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      [id, secret] = [dec(decoded.slice(0, i)), dec(decoded.slice(i + 1))];
    }
    const client = clients.get(id);
    if (!client) return 'unknown client';
    if ((client.auth === 'basic') !== usedBasic)
      return `client must authenticate with ${client.auth === 'basic' ? 'client_secret_basic' : 'client_secret_post'}`;
    if (client.auth !== 'apple_jwt') return secret === client.clientSecret ? client : 'wrong client secret';
    try {
      const { protectedHeader } = await jwtVerify(secret ?? '', apple.publicKey, {
        algorithms: ['ES256'],
        issuer: FAKE_APPLE.teamId,
        subject: client.clientId,
        audience: 'https://appleid.apple.com',
      });
      return protectedHeader.kid === FAKE_APPLE.keyId ? client : 'unknown key id';
    } catch (err) {
      return `invalid client_secret JWT: ${(err as Error).message}`;
    }
  }

  async function token(req: IncomingMessage, res: ServerResponse, form: URLSearchParams) {
    const client = await authenticateClient(req, form);
    const fail = (
      status: number,
      error: string,
      description: string,
      style = typeof client === 'string' ? undefined : client.style,
    ) => {
      if (style === 'github') return json(res, 200, { error, error_description: description }); // sic: GitHub
      if (style === 'facebook')
        return json(res, 400, { error: { message: description, type: 'OAuthException', code: 100 } });
      return json(res, status, { error, error_description: description });
    };
    if (typeof client === 'string')
      return fail(401, 'invalid_client', client, clients.get(form.get('client_id') ?? '')?.style);
    if (form.get('grant_type') !== 'authorization_code')
      return fail(400, 'unsupported_grant_type', 'only authorization_code');
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    const badCode = client.style === 'github' ? 'bad_verification_code' : 'invalid_grant';
    if (!grant || grant.client !== client || grant.expiresAt < Date.now())
      return fail(400, badCode, 'unknown or expired code');
    if (grant.used) {
      // RFC 6749 §4.1.2: a replayed code revokes what it already issued.
      for (const t of grant.accessTokens) accessTokens.get(t)!.revoked = true;
      return fail(400, badCode, 'code already used');
    }
    grant.used = true;
    if (form.get('redirect_uri') !== grant.redirectUri) return fail(400, badCode, 'redirect_uri does not match');
    const verifier = form.get('code_verifier') ?? '';
    if (
      !/^[\w.~-]{43,128}$/.test(verifier) ||
      b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge
    ) {
      return fail(400, badCode, 'PKCE verification failed');
    }
    if (grant.user.tokenDelayMs) await new Promise((r) => setTimeout(r, grant.user.tokenDelayMs));
    const access = rand();
    accessTokens.set(access, { user: grant.user, client, revoked: false });
    grant.accessTokens.push(access);
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: client.style === 'github' ? 'bearer' : 'Bearer',
      scope: grant.scope,
    };
    if (client.style !== 'github') Object.assign(body, { expires_in: 3600, refresh_token: rand() });
    if (['google', 'microsoft', 'apple'].includes(client.style)) body.id_token = await idToken(grant);
    // GitHub answers form-encoded unless the client asks for JSON.
    if (client.style === 'github' && !(req.headers.accept ?? '').includes('application/json')) {
      return send(
        res,
        200,
        new URLSearchParams(body as Record<string, string>).toString(),
        'application/x-www-form-urlencoded',
      );
    }
    json(res, 200, body);
  }

  function bearer(req: IncomingMessage, res: ServerResponse, query?: URLSearchParams) {
    const t = (req.headers.authorization ?? '').replace(/^Bearer /i, '') || query?.get('access_token') || '';
    const found = accessTokens.get(t);
    if (found && !found.revoked) return { ...found, token: t };
    res
      .writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' })
      .end('{"message":"Bad credentials"}');
    return null;
  }

  function profile(path: string, req: IncomingMessage, res: ServerResponse, q: URLSearchParams) {
    if (path.startsWith('/user') && !req.headers['user-agent'])
      return json(res, 403, { message: 'Request forbidden: a User-Agent header is required' });
    const auth = bearer(req, res, path === '/me' ? q : undefined);
    if (!auth) return;
    const u = auth.user;
    if (path === '/userinfo')
      return json(res, 200, {
        sub: u.sub,
        email: u.email,
        email_verified: u.email_verified,
        name: u.name,
        picture: u.picture,
      });
    if (path === '/user')
      return json(res, 200, {
        id: Number(u.sub),
        login: u.login ?? `user${u.sub}`,
        name: u.name ?? null,
        avatar_url: u.picture ?? null,
        email: null,
      });
    if (path === '/user/emails') {
      if (auth.client.style !== 'github') return json(res, 404, { message: 'Not Found' });
      return json(
        res,
        200,
        u.githubEmails ??
          (u.email
            ? [{ email: u.email, primary: true, verified: u.email_verified ?? false, visibility: 'private' }]
            : []),
      );
    }
    // Facebook Graph /me: only the requested fields; appsecret_proof checked like "Require App Secret".
    const proof = createHmac('sha256', auth.client.clientSecret ?? '')
      .update(auth.token)
      .digest('hex');
    if (q.get('appsecret_proof') !== proof)
      return json(res, 400, { error: { message: 'Invalid appsecret_proof', type: 'GraphMethodException', code: 100 } });
    const all: Record<string, unknown> = {
      id: u.sub,
      name: u.name,
      email: u.email,
      picture: { data: { url: u.picture, height: 50, width: 50, is_silhouette: !u.picture } },
    };
    const fields = (q.get('fields') ?? 'id,name').split(',');
    json(res, 200, Object.fromEntries(fields.filter((f) => all[f] != null).map((f) => [f, all[f]])));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, String(err), 'text/plain'));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const body = req.method === 'POST' ? await readBody(req) : '';
    const path = url.pathname;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') return json(res, 200, discovery(base));
    if (req.method === 'GET' && path === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && path === '/authorize') return authorize(url.searchParams, res);
    if (req.method === 'POST' && path === '/token') return token(req, res, new URLSearchParams(body));
    if (req.method === 'GET' && ['/userinfo', '/user', '/user/emails', '/me'].includes(path))
      return profile(path, req, res, url.searchParams);
    if (req.method === 'POST' && path === '/_test/users') {
      const hint = `user-${rand()}`;
      users.set(hint, JSON.parse(body) as FakeUser);
      return json(res, 201, { login_hint: hint });
    }
    json(res, 404, { error: 'not_found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: base,
    applePrivateKeyPem,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function discovery(base: string) {
  return {
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/jwks`,
    userinfo_endpoint: `${base}/userinfo`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'form_post'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['openid', 'email', 'profile'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'email', 'email_verified', 'name', 'picture'],
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type: string) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
const json = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body), 'application/json');
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
