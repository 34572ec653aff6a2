// Shared by the tenants tests: a platform administrator and tenants made through the API.
import { expect, inject } from 'vitest';
import { api } from '../helpers/http';
import { signIn, unique, type SignedIn } from '../helpers/identity';

let admin: SignedIn | undefined;
export async function systemAdmin(): Promise<SignedIn> {
  return (admin ??= await signIn(inject('systemAdmin').email, inject('systemAdmin').password));
}

/** A tenant created by the platform administrator, with its owner signed in (when active). */
export async function adminTenant(extra: Record<string, unknown> = {}): Promise<{ id: string; owner: { email: string; password: string }; body: any }> {
  const domain = unique('tn-');
  const owner = { email: `${domain}@example.test`, password: 'owner password 12' };
  const res = await api('/api/v1/secure/tenants/', {
    method: 'POST',
    headers: (await systemAdmin()).auth,
    json: { name: `Tenant ${domain}`, domain, ownerEmail: owner.email, ownerPassword: owner.password, ...extra },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.data.id, owner, body: res.body };
}

export async function lifecycle(id: string, action: string, json: Record<string, unknown> = {}, as?: SignedIn) {
  return api(`/api/v1/secure/tenants/${id}/lifecycle/${action}`, { method: 'POST', headers: (as ?? (await systemAdmin())).auth, json });
}

export async function apiKeyOf(owner: SignedIn): Promise<string> {
  const res = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: 'tenant test', permissions: { users: { read: true } } } });
  expect(res.status).toBe(201);
  return res.body.fullKey as string;
}
