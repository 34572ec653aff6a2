// Verification against a local DNS-over-HTTPS resolver and a local web server
// (test/setup/fake-domains.ts): success per method and each of the reference's error codes.
import { createScheduledController, env } from 'cloudflare:test';
import { inArray, sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { tenantDomains } from '../../src/db/schema/tenant-domains';
import type { Env } from '../../src/env';
import { scheduled } from '../../src/jobs';
import { withDb } from '../helpers/db';
import { until } from '../helpers/wait';
import { api, expectReferenceShape } from '../helpers/http';
import { newTenant, signIn, type SignedIn } from '../helpers/identity';
import { CNAME_TARGET, createDomain, dnsRecord, hostname, verify, webFile } from './domains.helpers';

const VERIFY = '/api/v1/secure/tenant-domains/{id}/verify';

async function check(owner: SignedIn, domain: string, method: 'cname' | 'txt' | 'http', setup?: (d: { domain: string; verification_token: string }) => Promise<void>) {
  const d = await createDomain(owner.auth, { domain, verification_method: method });
  await setup?.(d);
  const res = await verify(owner.auth, d.id);
  expect(res.status).toBe(200);
  expectReferenceShape('POST', VERIFY, res);
  const after = (await api(`/api/v1/secure/tenant-domains/${d.id}`, { headers: owner.auth })).body.data;
  return { d, body: res.body, after };
}

describe('domain verification', () => {
  it('cname: verified when the CNAME points at the platform target', { timeout: 60_000 }, async () => {
    const owner = await newTenant();
    const { d, body, after } = await check(owner, hostname(), 'cname', (d) => dnsRecord(d.domain, 'CNAME', [CNAME_TARGET.toUpperCase()]));
    expect(body).toMatchObject({ domainId: d.id, domain: d.domain, verified: true, method: 'cname', error: null, details: { cnameTarget: CNAME_TARGET, expectedTarget: CNAME_TARGET } });
    expect(after.status).toBe('verified');
    expect(after.verified_at).toBe(body.verifiedAt);
    // Checking again keeps the first verification time.
    const again = await verify(owner.auth, d.id);
    expect(again.body.verifiedAt).toBe(body.verifiedAt);
  });

  it('cname: CNAME_MISMATCH for another target and for no CNAME; DNS_LOOKUP_FAILED for NXDOMAIN, SERVFAIL, a failing resolver', async () => {
    const owner = await newTenant();
    const other = await check(owner, hostname(), 'cname', (d) => dnsRecord(d.domain, 'CNAME', ['elsewhere.example.net']));
    expect(other.body).toMatchObject({ verified: false, error: { code: 'CNAME_MISMATCH' }, details: { cnameTarget: 'elsewhere.example.net', expectedTarget: CNAME_TARGET }, verifiedAt: null });
    expect(other.after.status).toBe('failed');

    const none = await check(owner, hostname(), 'cname', (d) => dnsRecord(d.domain, 'A', ['192.0.2.1']));
    expect(none.body).toMatchObject({ verified: false, error: { code: 'CNAME_MISMATCH' }, details: { cnameTarget: null } });

    for (const domain of [hostname(), hostname('servfail.test'), hostname('broken.test')]) {
      const r = await check(owner, domain, 'cname');
      expect(r.body.error.code, domain).toBe('DNS_LOOKUP_FAILED');
      expect(r.body.error.message).toEqual(expect.any(String));
      expect(r.after.status).toBe('failed');
    }
  });

  it('a verified domain that no longer checks out becomes failed', async () => {
    const owner = await newTenant();
    const { d } = await check(owner, hostname(), 'cname', (d) => dnsRecord(d.domain, 'CNAME', [CNAME_TARGET]));
    await dnsRecord(d.domain, 'CNAME', ['moved.example.net']);
    const res = await verify(owner.auth, d.id);
    expect(res.body).toMatchObject({ verified: false, error: { code: 'CNAME_MISMATCH' }, verifiedAt: null });
    expect((await api(`/api/v1/secure/tenant-domains/${d.id}`, { headers: owner.auth })).body.data).toMatchObject({ status: 'failed', verified_at: null });
  });

  it('txt: the token in a TXT record at _pve-verification.<domain>; TXT_NOT_FOUND otherwise', async () => {
    const owner = await newTenant();
    const ok = await check(owner, hostname(), 'txt', (d) => dnsRecord(`_pve-verification.${d.domain}`, 'TXT', ['v=spf1 -all', d.verification_token]));
    expect(ok.body).toMatchObject({ verified: true, method: 'txt', details: { txtRecordFound: true, expectedTarget: ok.d.verification_token }, error: null });
    expect(ok.after.status).toBe('verified');

    const wrong = await check(owner, hostname(), 'txt', (d) => dnsRecord(`_pve-verification.${d.domain}`, 'TXT', ['not-the-token']));
    expect(wrong.body).toMatchObject({ verified: false, details: { txtRecordFound: false }, error: { code: 'TXT_NOT_FOUND' } });
    const missing = await check(owner, hostname(), 'txt');
    expect(missing.body).toMatchObject({ verified: false, error: { code: 'TXT_NOT_FOUND' } });
    const failing = await check(owner, hostname('servfail.test'), 'txt');
    expect(failing.body.error.code).toBe('DNS_LOOKUP_FAILED');
  });

  it('http: the token in the well-known file; HTTP_NOT_FOUND for a missing file, an error status or other content', async () => {
    const owner = await newTenant();
    const ok = await check(owner, hostname(), 'http', (d) => webFile(d.domain, `${d.verification_token}\n`));
    expect(ok.body).toMatchObject({ verified: true, method: 'http', details: { httpFileContent: ok.d.verification_token }, error: null });

    const missing = await check(owner, hostname(), 'http');
    expect(missing.body).toMatchObject({ verified: false, details: { httpFileContent: null }, error: { code: 'HTTP_NOT_FOUND' } });
    const wrong = await check(owner, hostname(), 'http', (d) => webFile(d.domain, 'something else'));
    expect(wrong.body).toMatchObject({ verified: false, details: { httpFileContent: 'something else' }, error: { code: 'HTTP_NOT_FOUND' } });
    const status = await check(owner, hostname(), 'http', (d) => webFile(d.domain, d.verification_token, 500));
    expect(status.body).toMatchObject({ verified: false, error: { code: 'HTTP_NOT_FOUND' } });
  });

  it('TIMEOUT when the resolver or the web server is slower than DOMAIN_VERIFY_TIMEOUT_MS', async () => {
    const owner = await newTenant();
    for (const method of ['cname', 'txt', 'http'] as const) {
      const started = Date.now();
      const r = await check(owner, hostname('slow.test'), method, method === 'http' ? (d) => webFile(d.domain, d.verification_token) : undefined);
      expect(r.body, method).toMatchObject({ verified: false, error: { code: 'TIMEOUT' } });
      expect(r.after.status).toBe('failed');
      expect(Date.now() - started).toBeLessThan(2900);
    }
  });

  it('the admin API verifies the same way', async () => {
    const owner = await newTenant();
    const d = await createDomain(owner.auth, { domain: hostname(), verification_method: 'txt' });
    await dnsRecord(`_pve-verification.${d.domain}`, 'TXT', [d.verification_token]);
    const res = await api(`/api/v1/secure/tenants/${owner.tenantId}/domains/${d.id}/verify`, { method: 'POST', headers: owner.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', '/api/v1/secure/tenants/{id}/domains/{domainId}/verify', res);
    expect(res.body.verified).toBe(true);
  });
});

describe('daily re-check of verified domains (cron)', () => {
  it('a lost record fails the domain; a resolver failure keeps it verified', async () => {
    const owner = await newTenant();
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const moved = await createDomain(owner.auth, { domain: hostname() });
    const kept = await createDomain(owner.auth, { domain: hostname() });
    const blip = await createDomain(owner.auth, { domain: hostname('servfail.test') });
    for (const d of [moved, kept]) {
      await dnsRecord(d.domain, 'CNAME', [CNAME_TARGET]);
      expect((await verify(owner.auth, d.id)).body.verified).toBe(true);
    }
    const forced = await api(`/api/v1/secure/tenants/${owner.tenantId}/domains/${blip.id}`, { method: 'PATCH', headers: admin.auth, json: { status: 'verified' } });
    expect(forced.body.data.status).toBe('verified');
    await dnsRecord(moved.domain, 'CNAME', ['elsewhere.example.net']);
    const ids = [moved.id, kept.id, blip.id];
    await withDb((db) => db.update(tenantDomains).set({ lastCheckedAt: sql`now() - interval '2 days'` }).where(inArray(tenantDomains.id, ids)));

    await scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env as Env);

    // Another test file's cron run may have claimed them first: wait until every result is written.
    const rows = await until(
      () => withDb((db) => db.select().from(tenantDomains).where(inArray(tenantDomains.id, ids))),
      (rs) => rs.find((r) => r.id === moved.id)?.status === 'failed' && rs.every((r) => r.id === kept.id || r.lastErrorCode !== null),
    );
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect(by(moved.id)).toMatchObject({ status: 'failed', verifiedAt: null, lastErrorCode: 'CNAME_MISMATCH' });
    expect(by(kept.id)).toMatchObject({ status: 'verified', lastErrorCode: null });
    expect(by(blip.id)).toMatchObject({ status: 'verified', lastErrorCode: 'DNS_LOOKUP_FAILED' });
    for (const r of rows) expect(Date.now() - r.lastCheckedAt!.getTime()).toBeLessThan(60_000);
  });
});
