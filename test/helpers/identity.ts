// Test harness: fresh tenants and signed-in users through the public API, as a client would.
import { api } from './http';

let seq = 0;
export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface SignedIn {
  userId: string;
  tenantId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { authorization: string };
}

/** Registers a new tenant with its owner and signs the owner in. */
export async function newTenant(opts: { password?: string } = {}): Promise<SignedIn> {
  const domain = unique('t-');
  const email = `${domain}@example.test`;
  const password = opts.password ?? 'correct horse battery';
  const reg = await api('/api/v1/public/auth/register', {
    method: 'POST',
    json: { email, password, tenantName: `Tenant ${domain}`, tenantDomain: domain },
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  return signIn(email, password);
}

export async function signIn(email: string, password: string, extra: Record<string, unknown> = {}): Promise<SignedIn> {
  const res = await api('/api/v1/public/auth/login', { method: 'POST', json: { email, password, ...extra } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    userId: res.body.user.id,
    tenantId: res.body.user.tenantId,
    email,
    password,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { authorization: `Bearer ${res.body.accessToken}` },
  };
}
