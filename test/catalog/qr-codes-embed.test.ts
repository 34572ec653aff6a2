// The public embed by access level, ETag/304, the per-IP limit, links (registry, 404s) and the
// hiding of codes whose inheriting link's entity is gone.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { qrCodeLinks, users } from '../../src/db/schema';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { BASE, createCode, decodePng, image } from './qr-codes-helpers';

const EMBED = '/api/v1/public/qr/';
let ipSeq = 1;
// Its own address range: the IP-blacklist tests block 203.0.113.x while this file runs beside them.
const ip = () => ({ 'cf-connecting-ip': `100.64.7.${ipSeq++}` });

async function apiKey(owner: { auth: Record<string, string> }) {
  const res = await api('/api/v1/secure/api-keys/', { method: 'POST', headers: owner.auth, json: { name: 'embed' } });
  expect(res.status).toBe(201);
  return res.body.fullKey as string;
}

describe('QR codes: public embed', () => {
  it('serves PUBLIC codes to anyone, warm in no round trip, with ETag and 304', async () => {
    const owner = await newTenant();
    const code = await createCode(owner, { payloadTemplate: { text: 'public' } });
    const h = ip();
    const first = await image(`${EMBED}${code.uuid}`, h);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(decodePng(first.bytes)).toBe('public');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const warm = await api(`${EMBED}${code.uuid}`, { headers: h });
    expect(roundTrips(warm).roundTrips).toBeLessThanOrEqual(1);
    const notModified = await image(`${EMBED}${code.uuid}`, { ...h, 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    const svg = await image(`${EMBED}${code.uuid}?format=svg`, h);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expectError(await api(`${EMBED}${crypto.randomUUID()}`, { headers: h }), 404, 'NOT_FOUND');
    expectError(await api(`${EMBED}not-a-uuid`, { headers: h }), 400);
  });

  it('AUTHENTICATED needs a user of the tenant, API_KEY a key (or token) of the tenant, PRIVATE nobody', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const key = await apiKey(owner);
    const otherKey = await apiKey(other);
    const auth = await createCode(owner, { accessLevel: 'AUTHENTICATED', renderMode: 'LIVE' });
    const keyed = await createCode(owner, { accessLevel: 'API_KEY' });
    const priv = await createCode(owner, { accessLevel: 'PRIVATE' });
    const h = ip();
    expectError(await api(`${EMBED}${auth.uuid}`, { headers: h }), 401, 'UNAUTHORIZED');
    const ok = await image(`${EMBED}${auth.uuid}`, { ...h, ...owner.auth });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');
    expect(decodePng(ok.bytes)).toBe('hello');
    expectError(await api(`${EMBED}${auth.uuid}`, { headers: { ...h, ...other.auth } }), 404);
    expectError(await api(`${EMBED}${auth.uuid}`, { headers: { ...h, 'x-api-key': key } }), 401);
    expectError(await api(`${EMBED}${auth.uuid}`, { headers: { ...h, authorization: 'Bearer broken' } }), 401);

    expectError(await api(`${EMBED}${keyed.uuid}`, { headers: h }), 401);
    expect((await image(`${EMBED}${keyed.uuid}`, { ...h, 'x-api-key': key })).status).toBe(200);
    expect((await image(`${EMBED}${keyed.uuid}`, { ...h, ...owner.auth })).status).toBe(200);
    expectError(await api(`${EMBED}${keyed.uuid}`, { headers: { ...h, 'x-api-key': otherKey } }), 404);

    expectError(await api(`${EMBED}${priv.uuid}`, { headers: h }), 404);
    expectError(await api(`${EMBED}${priv.uuid}`, { headers: { ...h, ...owner.auth } }), 404);
    expect((await image(`${BASE}${priv.uuid}/download`, owner.auth)).status).toBe(200);
  });

  it('limits requests per IP and code (429 with Retry-After)', async () => {
    const owner = await newTenant();
    const code = await createCode(owner, {});
    const h = ip();
    for (let i = 0; i < 60; i++) expect((await image(`${EMBED}${code.uuid}`, h)).status).toBe(200);
    const refused = await api(`${EMBED}${code.uuid}`, { headers: h });
    expectError(refused, 429, 'TOO_MANY_REQUESTS');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api(`${EMBED}${code.uuid}`, { headers: ip() })).status).toBe(200);
  });

  it('links to users through the entity registry (404 foreign or unregistered, 403, 409, 422) and unlinks', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const code = await createCode(owner, {});
    const LINKS = `${BASE}${code.uuid}/links`;
    const created = await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'user', linkedUuid: member.userId } });
    expectReferenceShape('POST', '/api/v1/secure/qr-codes/{uuid}/links', created);
    expect(created.body.data).toMatchObject({ linkedType: 'user', linkedUuid: member.userId, inheritsPermissions: true, qrCodeId: code.id });
    expectError(await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'user', linkedUuid: member.userId } }), 409);
    expectError(await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'user', linkedUuid: other.userId } }), 404);
    expectError(await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'space', linkedUuid: crypto.randomUUID() } }), 404);
    expectError(await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'user', linkedId: 5 } }), 422);
    expectError(await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'nope', linkedUuid: member.userId } }), 400);
    // A member may link themselves, not the owner (users:write).
    expectError(await api(LINKS, { method: 'POST', headers: member.auth, json: { linkedType: 'user', linkedUuid: owner.userId } }), 403);
    expectError(await api(LINKS, { headers: other.auth }), 404);
    expectError(await api(`${LINKS}/${created.body.data.id}`, { method: 'DELETE', headers: other.auth }), 404);

    const list = await api(LINKS, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/qr-codes/{uuid}/links', list);
    expect(list.body.data).toHaveLength(1);
    expect(roundTrips(list).roundTrips).toBe(1);

    expect((await api(`${LINKS}/${created.body.data.uuid}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect(await withDb((db) => db.select().from(qrCodeLinks).where(eq(qrCodeLinks.tenantId, owner.tenantId)))).toEqual([]);
  });

  it('hides the embed once an inheriting link’s entity is gone', async () => {
    const owner = await newTenant();
    const member = await addMember(owner.tenantId, 'member');
    const code = await createCode(owner, {});
    const LINKS = `${BASE}${code.uuid}/links`;
    const created = await api(LINKS, { method: 'POST', headers: owner.auth, json: { linkedType: 'user', linkedUuid: member.userId } });
    const h = ip();
    expect((await api(`${EMBED}${code.uuid}`, { headers: h })).status).toBe(200);
    await withDb((db) => db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, member.userId)));
    expectError(await api(`${EMBED}${code.uuid}`, { headers: h }), 404);
    expect((await api(`${LINKS}/${created.body.data.uuid}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect((await api(`${EMBED}${code.uuid}`, { headers: h })).status).toBe(200);
  });
});
