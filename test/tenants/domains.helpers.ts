// Shared by the tenant domain tests: the local resolver's and web server's zones, calls through a
// given Host, and creating a domain.
import { expect, inject } from 'vitest';
import { api, fetchWorker, type ApiResponse } from '../helpers/http';
import { unique } from '../helpers/identity';

export const CNAME_TARGET = 'edge.platform.test';

/** A fresh public hostname under `zone` (e.g. `slow.test` for the slow resolver). */
export const hostname = (zone = 'example.test') => `${unique('d')}.${zone}`.toLowerCase();

export async function dnsRecord(name: string, type: 'A' | 'CNAME' | 'TXT', data: string[]) {
  const res = await fetch(new URL('/__records', inject('fakeDohUrl')), { method: 'POST', body: JSON.stringify({ name, type, data }) });
  expect(res.status).toBe(204);
}

export async function webFile(domain: string, content: string, status = 200) {
  const res = await fetch(`${inject('fakeDomainHttpUrl')}/__files`, { method: 'POST', body: JSON.stringify({ domain, content, status }) });
  expect(res.status).toBe(204);
}

/** Calls the Worker with `host` as the request's Host. */
export async function viaHost(host: string, path: string, init: RequestInit & { json?: unknown } = {}): Promise<ApiResponse> {
  const headers = new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const req = new Request(`https://${host}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const res = await fetchWorker(req);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

export async function createDomain(auth: Record<string, string>, body: Record<string, unknown>) {
  const res = await api('/api/v1/secure/tenant-domains/', { method: 'POST', headers: auth, json: { domain_type: 'api', ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as { id: string; domain: string; verification_token: string; status: string };
}

export const verify = (auth: Record<string, string>, id: string) => api(`/api/v1/secure/tenant-domains/${id}/verify`, { method: 'POST', headers: auth });

export function trips(res: ApiResponse): { roundTrips: number; connect: number } {
  const h = res.headers.get('server-timing') ?? '';
  const db = /(?:^|,\s*)db;dur=[\d.]+;desc="\d+ queries in (\d+) round trips"/.exec(h);
  const connect = /db-connect;dur=[\d.]+;desc="(\d+) round trips"/.exec(h);
  return { roundTrips: db ? Number(db[1]) : 0, connect: connect ? Number(connect[1]) : 0 };
}
