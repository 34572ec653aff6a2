// Drives OAuth flows through the API against the local IdP (test/setup/fake-idp-server.ts).
import { expect, inject } from 'vitest';
import { FAKE_REDIRECT_URI, type FakeUser } from '../setup/fake-idp-clients';
import { api, type ApiResponse } from './http';

export const IDP = inject('fakeIdpUrl');
export const REDIRECT = FAKE_REDIRECT_URI;

/** A fresh IdP user (unique subject and email unless given); returns its login_hint. Subjects are numeric: GitHub's ids are numbers. */
export async function idpUser(user: Partial<FakeUser> = {}): Promise<{ hint: string; sub: string; email: string | null | undefined }> {
  const sub = user.sub ?? String(1e14 + Math.floor(Math.random() * 8e15));
  const email = user.email === undefined ? `u${sub}@idp.example.test` : user.email;
  const body: FakeUser = { email_verified: true, name: `User ${sub}`, ...user, sub, email };
  const res = await fetch(`${IDP}/_test/users`, { method: 'POST', body: JSON.stringify(body) });
  return { hint: ((await res.json()) as { login_hint: string }).login_hint, sub, email };
}

/** The browser leg: follows the provider URL like an auto-approving user agent; returns the callback parameters. */
export async function authorize(url: string, hint?: string): Promise<Record<string, string>> {
  const u = new URL(url);
  if (hint) u.searchParams.set('login_hint', hint);
  const res = await fetch(u, { redirect: 'manual' });
  if (res.status === 302) return Object.fromEntries(new URL(res.headers.get('location')!).searchParams);
  const html = await res.text();
  expect(res.status, html).toBe(200);
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)));
  return Object.fromEntries([...html.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

export async function initiate(provider: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return api('/api/v1/public/auth/oauth/initiate', {
    method: 'POST',
    headers,
    json: { provider, redirectUrl: REDIRECT, clientType: 'web', ...extra },
  });
}

export async function exchange(code: string, pveState: string, query = ''): Promise<ApiResponse> {
  return api(`/api/v1/public/auth/oauth/exchange${query}`, { method: 'POST', json: { code, pveState } });
}

/** initiate → provider → exchange. */
export async function oauthSignIn(provider: string, hint?: string, extra: Record<string, unknown> = {}) {
  const init = await initiate(provider, extra);
  expect(init.status, JSON.stringify(init.body)).toBe(200);
  const back = await authorize(init.body.data.oauthUrl, hint);
  expect(back.error, back.error_description).toBeUndefined();
  expect(back.state).toBe(init.body.data.stateId);
  const res = await exchange(back.code!, back.state!);
  return { init, back, res };
}

/** A new account through OAuth: exchange → registration_required → register (create_tenant by default). */
export async function oauthRegister(provider = 'google', body: Record<string, unknown> = {}, user: Partial<FakeUser> = {}) {
  const who = await idpUser(user);
  const { res } = await oauthSignIn(provider, who.hint);
  expect(res.body.data.status).toBe('registration_required');
  const domain = `o-${Math.random().toString(36).slice(2, 10)}`;
  const reg = await api('/api/v1/public/auth/oauth/register', {
    method: 'POST',
    json: {
      accessToken: res.body.data.accessToken,
      refreshToken: res.body.data.refreshToken,
      registrationMode: 'create_tenant',
      tenantName: `OAuth ${domain}`,
      tenantDomain: domain,
      ...body,
    },
  });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  return { who, reg, auth: { authorization: `Bearer ${reg.body.accessToken}` }, userId: reg.body.user.id as string, tenantId: reg.body.user.tenantId as string };
}
