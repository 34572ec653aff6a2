import { describe, expect, inject, it } from 'vitest';
import { api, expectError, expectReferenceShape } from './helpers/http';
import { newTenant, signIn } from './helpers/identity';

describe('request pipeline', () => {
  it('answers unknown routes with a 404 StandardErrorResponse', async () => {
    expectError(await api('/api/v1/nope'), 404, 'NOT_FOUND');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await api('/api/v1/public/countries/CH', { method: 'DELETE' });
    expectError(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await api('/api/v1/public/phone/parse', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"phone":' });
    expectError(res, 400, 'INVALID_JSON');
  });

  it('rejects schema violations with per-field details', async () => {
    const res = await api('/api/v1/public/phone/parse', { method: 'POST', json: { phone: 42, country_code: 'ch' } });
    expectError(res, 400, 'VALIDATION_ERROR');
    expect(Object.keys(res.body.details.fields).sort()).toEqual(['country_code', 'phone']);
    expect(res.body.details.location).toBe('body');
  });

  it('rejects a non-JSON body with 415', async () => {
    const res = await api('/api/v1/public/phone/parse', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'phone=1' });
    expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over the limit with 413', async () => {
    const res = await api('/api/v1/public/phone/parse', { method: 'POST', json: { phone: 'x'.repeat(1_100_000) } });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('echoes a caller X-Request-Id and generates one otherwise', async () => {
    const mine = await api('/api/v1/public/timezones/regions', { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc.123');
    const unsafe = await api('/api/v1/public/timezones/regions', { headers: { 'x-request-id': 'bad id\twith spaces' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const error = await api('/api/v1/nope', { headers: { 'x-request-id': 'trace-err' } });
    expect(error.body.requestId).toBe('trace-err');
  });

  it('reaches collection roots with and without a trailing slash', async () => {
    const a = await api('/api/v1/public/currencies/');
    const b = await api('/api/v1/public/currencies');
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });

  it('sends security headers, CORS and Server-Timing with database time', async () => {
    const res = await api('/api/v1/system/health', { headers: { origin: 'https://app.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('server-timing')).toMatch(/db;dur=[\d.]+/);
    const noDb = await api('/api/v1/public/timezones/regions');
    expect(noDb.headers.get('server-timing')).not.toMatch(/db;/);
  });

  it('serves the OpenAPI 3.1 document and the interactive reference', async () => {
    const doc = await api('/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/v1/public/countries/{isoCode}'].get.parameters.map((p: any) => p.name)).toEqual(['isoCode', 'language']);
    expect(doc.body.components.schemas.StandardErrorResponse).toBeDefined();
    const docs = await api('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
  });
});

describe('system', () => {
  it('reports health publicly at level=basic and ready, with database latency to system administrators only', async () => {
    const anonymous = await api('/api/v1/system/health?level=full');
    expectError(anonymous, 401, 'UNAUTHORIZED');
    expect(JSON.stringify(anonymous.body)).not.toMatch(/responseTime|environment/);
    const owner = await newTenant();
    expectError(await api('/api/v1/system/health?level=full', { headers: owner.auth }), 403, 'FORBIDDEN');
    const ready = await api('/api/v1/system/health?level=ready');
    expect(ready.status).toBe(200);
    expect(ready.body.services).toBeUndefined();
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const res = await api('/api/v1/system/health?level=full', { headers: admin.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', '/api/v1/system/health', res);
    expect(res.body).toMatchObject({ status: 'ok', ready: true, environment: 'test', degradedServices: [] });
    expect(res.body.services.database.status).toBe('healthy');
    expect(res.body.services.database.responseTime).toBeGreaterThan(0);
    const basic = await api('/api/v1/system/health');
    expect(Object.keys(basic.body).sort()).toEqual(['degradedServices', 'status', 'timestamp', 'version']);
    expectError(await api('/api/v1/system/health?level=deep'), 400, 'VALIDATION_ERROR');
  });

  it('reports version, commit, environment and runtime to system administrators only', async () => {
    expectError(await api('/api/v1/system/info'), 401, 'UNAUTHORIZED');
    expectError(await api('/api/v1/system/info', { headers: (await newTenant()).auth }), 403, 'FORBIDDEN');
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const res = await api('/api/v1/system/info', { headers: admin.auth });
    expectReferenceShape('GET', '/api/v1/system/info', res);
    expect(res.body).toMatchObject({ status: 'healthy', environment: 'test', version: { version: '0.1.0', major: 0, minor: 1, build: 0 } });
    expect(res.body.runtime.platform).toBe('cloudflare-workers');
    expect(typeof res.body.commit).toBe('string');
  });
});
