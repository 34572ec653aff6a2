// QR codes: create/read/update/delete, renders decoded back with jsQR, R2 storage, regenerate,
// versions, and what callers without the right or of another tenant get.
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { qrCodes, qrCodeVersions } from '../../src/db/schema';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { BASE, createCode, decodePng, decodeSvg, image, opts, pngPixels } from './qr-codes-helpers';

const codesOf = (tenantId: string) => withDb((db) => db.select().from(qrCodes).where(eq(qrCodes.tenantId, tenantId)));

describe('QR codes', () => {
  it('creates a STATIC code stored in R2 and decodes at every EC level, with colours', async () => {
    const owner = await newTenant();
    for (const ec of ['L', 'M', 'Q', 'H']) {
      const text = `héllo ${ec} – ünïcode`;
      const code = await createCode(owner, { payloadTemplate: { text }, options: opts({ errorCorrectionLevel: ec, foregroundColor: '#1A237E', backgroundColor: '#FFF8E1' }) });
      expect(code).toMatchObject({ renderMode: 'STATIC', accessLevel: 'PUBLIC', versionCounter: 0, publicUrl: `https://app.example.test/api/v1/public/qr/${code.uuid}` });
      const obj = await env.FILES.get(`qr-codes/${owner.tenantId}/${code.latestMediaId}.png`);
      expect(obj).not.toBeNull();
      const bytes = new Uint8Array(await obj!.arrayBuffer());
      expect(decodePng(bytes)).toBe(text);
      const { png } = pngPixels(bytes);
      expect(png.width).toBe(256);
      expect(png.palette).toEqual([[0xff, 0xf8, 0xe1], [0x1a, 0x23, 0x7e]]);
      expect(png.resolution).toMatchObject({ x: Math.round(96 / 0.0254), unit: 1 });
      const [row] = await withDb((db) => db.select().from(qrCodes).where(eq(qrCodes.uuid, code.uuid)));
      const digest = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
      expect(row!.checksum).toBe(digest);
    }
    const svg = await image(`${BASE}${(await createCode(owner, { type: 'URL', payloadTemplate: [{ type: 'URL', property: 'url', value: 'https://example.test/a?b=1' }] })).uuid}/download?format=svg`, owner.auth);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(decodeSvg(new TextDecoder().decode(svg.bytes))).toBe('https://example.test/a?b=1');
  });

  it('encodes vCard, geo, landing page and print profiles; refuses bad payloads and icons that do not survive', async () => {
    const owner = await newTenant();
    const contact = await createCode(owner, { type: 'CONTACT', payloadTemplate: { firstName: 'Ada', lastName: 'Lovelace', organization: 'Engines; Ltd, UK', phone: '+41 44 000 00 00' } });
    const vcard = decodePng((await image(`${BASE}${contact.uuid}/download`, owner.auth)).bytes)!;
    expect(vcard).toContain('BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Engines\\; Ltd\\, UK');
    const geo = await createCode(owner, { type: 'LOCATION', payloadTemplate: [{ type: 'LOCATION', property: 'lat', value: 47.3769 }, { type: 'LOCATION', property: 'lng', value: '8.5417' }], options: opts({ printProfile: 'HI_RES_300DPI', size: 128 }) });
    const geoPng = (await image(`${BASE}${geo.uuid}/download`, owner.auth)).bytes;
    expect(decodePng(geoPng)).toBe('geo:47.3769,8.5417');
    expect(pngPixels(geoPng).png.width).toBe(400);
    const landing = await createCode(owner, { type: 'LANDING_PAGE', payloadTemplate: {} });
    expect(decodePng((await image(`${BASE}${landing.uuid}/download`, owner.auth)).bytes)).toBe(landing.publicUrl);

    const before = (await codesOf(owner.tenantId)).length;
    for (const [json, reason] of [
      [{ type: 'URL', payloadTemplate: { url: 'ftp://example.test' } }, 'INVALID_PAYLOAD'],
      [{ type: 'LOCATION', payloadTemplate: { lat: 91, lng: 0 } }, 'INVALID_PAYLOAD'],
      [{ type: 'TEXT', payloadTemplate: { text: 'x'.repeat(3000) }, options: opts({ errorCorrectionLevel: 'H' }) }, 'PAYLOAD_TOO_LONG'],
      [{ options: opts({ errorCorrectionLevel: 'Q', icon: { enabled: true, size: 'LARGE' } }) }, 'ICON_TOO_LARGE_FOR_EC_LEVEL'],
      [{ options: opts({ errorCorrectionLevel: 'L', icon: { enabled: true, size: 'MEDIUM' } }) }, 'ICON_TOO_LARGE_FOR_EC_LEVEL'],
      [{ options: opts({ size: 4096, printProfile: 'HI_RES_600DPI' }) }, 'IMAGE_TOO_LARGE'],
    ] as const) {
      const res = await api(BASE, { method: 'POST', headers: owner.auth, json: { name: 'bad', ...({ type: 'TEXT', payloadTemplate: { text: 'x' } } as Record<string, unknown>), ...json } });
      expectError(res, 422, 'UNPROCESSABLE_ENTITY');
      expect(res.body.details.reason).toBe(reason);
    }
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { name: '', type: 'TEXT' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(BASE, { method: 'POST', headers: owner.auth, json: { name: 'x', type: 'NOPE' } }), 400, 'VALIDATION_ERROR');
    expect((await codesOf(owner.tenantId)).length).toBe(before);
  });

  it('draws icons that decode (MEDIUM at M, LARGE at H) in PNG and SVG', async () => {
    const owner = await newTenant();
    for (const [size, ec] of [['SMALL', 'L'], ['MEDIUM', 'M'], ['LARGE', 'H']]) {
      const code = await createCode(owner, { payloadTemplate: { text: `icon ${size}` }, options: opts({ errorCorrectionLevel: ec, icon: { enabled: true, size, color: '#D32F2F' } }) });
      const png = (await image(`${BASE}${code.uuid}/download`, owner.auth)).bytes;
      expect(pngPixels(png).png.palette).toHaveLength(3);
      expect(decodePng(png)).toBe(`icon ${size}`);
      const svg = new TextDecoder().decode((await image(`${BASE}${code.uuid}/download?format=svg`, owner.auth)).bytes);
      expect(svg).toContain('fill="#D32F2F"');
      expect(decodeSvg(svg)).toBe(`icon ${size}`);
    }
  });

  it('lists, reads in one round trip, updates, regenerates (skip, force), versions and deletes', async () => {
    const owner = await newTenant();
    const code = await createCode(owner, { name: 'Versioned', isVersioned: true, accessLevel: 'AUTHENTICATED' });
    expect(code).toMatchObject({ isVersioned: true, versionCounter: 1 });
    expect(code.publicUrl).toBeUndefined();
    await createCode(owner, { name: 'Other', renderMode: 'LIVE' });
    const list = await api(`${BASE}?renderMode=STATIC`, { headers: owner.auth });
    expectReferenceShape('GET', BASE, list);
    expect(list.body.pagination).toEqual({ total: 1, limit: 20, offset: 0 });
    expect(roundTrips(list).roundTrips).toBe(1);
    const one = await api(`${BASE}${code.uuid}`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/qr-codes/{uuid}', one);
    expect(roundTrips(one).roundTrips).toBe(1);

    const same = await api(`${BASE}${code.uuid}/regenerate`, { method: 'POST', headers: owner.auth, json: {} });
    expect(same.body.data).toMatchObject({ regenerated: false, versionNumber: 1, checksum: code.checksum ?? expect.any(String) });
    const forced = await api(`${BASE}${code.uuid}/regenerate`, { method: 'POST', headers: owner.auth, json: { force: true } });
    expectReferenceShape('POST', '/api/v1/secure/qr-codes/{uuid}/regenerate', forced);
    expect(forced.body.data).toMatchObject({ regenerated: true, versionNumber: 2 });
    expect(forced.body.data.mediaId).not.toBe(code.latestMediaId);

    const patched = await api(`${BASE}${code.uuid}`, { method: 'PATCH', headers: owner.auth, json: { payloadTemplate: { text: 'changed' }, name: 'Renamed' } });
    expectReferenceShape('PATCH', '/api/v1/secure/qr-codes/{uuid}', patched);
    expect(patched.body.data).toMatchObject({ name: 'Renamed', versionCounter: 3, accessLevel: 'AUTHENTICATED' });
    expect(decodePng((await image(`${BASE}${code.uuid}/download`, owner.auth)).bytes)).toBe('changed');
    const renamedOnly = await api(`${BASE}${code.uuid}`, { method: 'PATCH', headers: owner.auth, json: { description: 'no redraw' } });
    expect(renamedOnly.body.data.versionCounter).toBe(3);

    const versions = await api(`${BASE}${code.uuid}/versions`, { headers: owner.auth });
    expectReferenceShape('GET', '/api/v1/secure/qr-codes/{uuid}/versions', versions);
    expect(versions.body.data.map((v: { versionNumber: number }) => v.versionNumber)).toEqual([3, 2, 1]);
    expect(versions.body.data[0].payloadSnapshot).toEqual({ text: 'changed' });
    expect(versions.body.data[2].payloadSnapshot).toEqual({ text: 'hello' });
    expect(roundTrips(versions).roundTrips).toBe(1);

    const live = (await api(`${BASE}?renderMode=LIVE`, { headers: owner.auth })).body.data[0];
    expectError(await api(`${BASE}${live.uuid}/regenerate`, { method: 'POST', headers: owner.auth, json: {} }), 422);

    const media = versions.body.data.map((v: { mediaFileId: string }) => v.mediaFileId);
    expect((await api(`${BASE}${code.uuid}`, { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expectError(await api(`${BASE}${code.uuid}`, { headers: owner.auth }), 404, 'NOT_FOUND');
    expect(await withDb((db) => db.select().from(qrCodeVersions).where(eq(qrCodeVersions.tenantId, owner.tenantId)))).toEqual([]);
    for (const m of media) expect(await env.FILES.head(`qr-codes/${owner.tenantId}/${m}.png`)).toBeNull();
  });

  it('refuses missing credentials (401), readers writing (403) and other tenants (404, nothing changed)', async () => {
    const owner = await newTenant();
    const other = await newTenant();
    const code = await createCode(owner, {});
    expectError(await api(BASE), 401, 'UNAUTHORIZED');
    expectError(await api(`${BASE}${code.uuid}`, { headers: { authorization: 'Bearer nope' } }), 401);
    const guest = await addMember(owner.tenantId, 'guest');
    expect((await api(`${BASE}${code.uuid}`, { headers: guest.auth })).status).toBe(200);
    expectError(await api(BASE, { method: 'POST', headers: guest.auth, json: { name: 'x', type: 'TEXT', payloadTemplate: { text: 'x' } } }), 403, 'FORBIDDEN');
    for (const [path, method, json] of [
      [`${BASE}${code.uuid}`, 'GET'],
      [`${BASE}${code.uuid}`, 'PATCH', { name: 'stolen' }],
      [`${BASE}${code.uuid}`, 'DELETE'],
      [`${BASE}${code.uuid}/download`, 'GET'],
      [`${BASE}${code.uuid}/versions`, 'GET'],
      [`${BASE}${code.uuid}/regenerate`, 'POST', { force: true }],
    ] as const) {
      const res = await api(path, { method, headers: other.auth, ...(json && { json }) });
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain(code.latestMediaId);
    }
    expect((await api(`${BASE}`, { headers: other.auth })).body.data).toEqual([]);
    const [row] = await withDb((db) => db.select().from(qrCodes).where(eq(qrCodes.uuid, code.uuid)));
    expect(row).toMatchObject({ name: 'Code', latestMediaId: code.latestMediaId });
  });
});
