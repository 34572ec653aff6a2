import { and, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { auditLogs } from '../../src/db/schema/access';
import { apiKeys, appAccounts, idempotencyKeys } from '../../src/db/schema/access';
import { idempotencyScope, requestFingerprint } from '../../src/middleware/idempotency';
import { withDb } from '../helpers/db';
import { api, expectError } from '../helpers/http';
import { newTenant, signIn, unique } from '../helpers/identity';

const KEYS = '/api/v1/secure/api-keys/';
const keyCount = (tenantId: string) => withDb(async (db) => (await db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId))).length);

describe('Idempotency-Key', () => {
  it('replays the first response for the same request and does not create twice', async () => {
    const owner = await newTenant();
    const headers = { ...owner.auth, 'idempotency-key': unique('idem-') };
    const first = await api(KEYS, { method: 'POST', headers, json: { name: 'Once' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await api(KEYS, { method: 'POST', headers, json: { name: 'Once' } });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toMatch(/application\/json/);
    expect(second.body).toEqual(first.body); // same id and the same (shown-once) key
    expect(await keyCount(owner.tenantId)).toBe(1);
    // A different key runs again.
    const other = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': unique('idem-') }, json: { name: 'Once' } });
    expect(other.body.data.id).not.toBe(first.body.data.id);
    expect(await keyCount(owner.tenantId)).toBe(2);
  });

  it('answers 422 when the same key comes with a different body, method or path', async () => {
    const owner = await newTenant();
    const headers = { ...owner.auth, 'idempotency-key': unique('idem-') };
    expect((await api(KEYS, { method: 'POST', headers, json: { name: 'A' } })).status).toBe(201);
    const reused = await api(KEYS, { method: 'POST', headers, json: { name: 'B' } });
    expectError(reused, 422, 'UNPROCESSABLE_ENTITY');
    expect(reused.body.details.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expectError(await api(`${KEYS}?template=READ_ONLY`, { method: 'POST', headers, json: { name: 'A' } }), 422);
    expect(await keyCount(owner.tenantId)).toBe(1);
  });

  it('answers 409 while the first request is still running', async () => {
    const owner = await newTenant();
    const key = unique('idem-');
    const body = JSON.stringify({ name: 'Slow' });
    await withDb((db) =>
      db.insert(idempotencyKeys).values({
        scope: idempotencyScope(owner.tenantId, 'user', owner.userId),
        key,
        tenantId: owner.tenantId,
        requestHash: '',
        method: 'POST',
        path: KEYS,
      }),
    );
    // Make the stored fingerprint match the request we are about to send.
    const hash = await requestFingerprint('POST', KEYS, body);
    await withDb((db) => db.update(idempotencyKeys).set({ requestHash: hash }).where(eq(idempotencyKeys.key, key)));
    const res = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key, 'content-type': 'application/json' }, body });
    expectError(res, 409, 'CONFLICT');
    expect(res.body.details.reason).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await keyCount(owner.tenantId)).toBe(0);
  });

  it('concurrent duplicates create exactly one resource', async () => {
    const owner = await newTenant();
    const headers = { ...owner.auth, 'idempotency-key': unique('idem-') };
    const results = await Promise.all(Array.from({ length: 5 }, () => api(KEYS, { method: 'POST', headers, json: { name: 'Race' } })));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(new Set(created.map((r) => r.body.data.id)).size).toBe(1);
    expect(await keyCount(owner.tenantId)).toBe(1);
  });

  it('is scoped to the caller: another caller with the same key is a new request', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const key = unique('idem-');
    const ra = await api(KEYS, { method: 'POST', headers: { ...a.auth, 'idempotency-key': key }, json: { name: 'Mine' } });
    const rb = await api(KEYS, { method: 'POST', headers: { ...b.auth, 'idempotency-key': key }, json: { name: 'Mine' } });
    expect(rb.status).toBe(201);
    expect(rb.body.data.id).not.toBe(ra.body.data.id);
    expect(rb.body.data.tenantId).toBe(b.tenantId);
  });

  it('replays errors that are final (400) but not retryable ones (403), and covers PATCH/DELETE', async () => {
    const owner = await newTenant();
    const key = unique('idem-');
    const bad = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: '' } });
    expectError(bad, 400);
    const again = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: '' } });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const { data } = (await api(KEYS, { method: 'POST', headers: owner.auth, json: { name: 'Del' } })).body;
    const path = `${KEYS.slice(0, -1)}/${data.id}`;
    const delKey = unique('idem-');
    const d1 = await api(path, { method: 'DELETE', headers: { ...owner.auth, 'idempotency-key': delKey } });
    const d2 = await api(path, { method: 'DELETE', headers: { ...owner.auth, 'idempotency-key': delKey } });
    expect([d1.status, d2.status]).toEqual([204, 204]);
    expect(d2.headers.get('idempotent-replayed')).toBe('true');
    expectError(await api(path, { method: 'DELETE', headers: owner.auth }), 404);

    // A PATCH replay returns the first answer even after the state moved on.
    const k2 = (await api(KEYS, { method: 'POST', headers: owner.auth, json: { name: 'P' } })).body.data;
    const p2 = `${KEYS.slice(0, -1)}/${k2.id}`;
    const patchKey = unique('idem-');
    const first = await api(p2, { method: 'PATCH', headers: { ...owner.auth, 'idempotency-key': patchKey }, json: { name: 'Step 1' } });
    await api(p2, { method: 'PATCH', headers: owner.auth, json: { name: 'Step 2' } });
    const replay = await api(p2, { method: 'PATCH', headers: { ...owner.auth, 'idempotency-key': patchKey }, json: { name: 'Step 1' } });
    expect(replay.body).toEqual(first.body);
    expect((await api(p2, { headers: owner.auth })).body.data.name).toBe('Step 2');
  });

  it('a replay passes the checks the original passed: a session owing its 2FA code gets no backup codes', async () => {
    const owner = await newTenant();
    const totp = await api('/api/v1/secure/auth/2fa/enable/totp', { method: 'POST', headers: owner.auth });
    const code = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(totp.body.data.secret) }).generate();
    expect((await api('/api/v1/secure/auth/2fa/verify', { method: 'POST', headers: owner.auth, json: { method: 'totp', code } })).status).toBe(200);
    const key = unique('idem-');
    const first = await api('/api/v1/secure/auth/2fa/backup-codes', { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key } });
    expect(first.status).toBe(200);
    // Someone with the password only: a new session that still owes its second factor.
    const pending = await signIn(owner.email, owner.password);
    const replay = await api('/api/v1/secure/auth/2fa/backup-codes', { method: 'POST', headers: { ...pending.auth, 'idempotency-key': key } });
    expectError(replay, 403, 'FORBIDDEN');
    expect(replay.body.details.reason).toBe('MFA_REQUIRED');
    expect(JSON.stringify(replay.body)).not.toContain(first.body.data.backup_codes[0]);
  });

  it('keeps stored responses encrypted: shown-once secrets are not in the store in clear', async () => {
    const owner = await newTenant();
    const key = unique('idem-');
    const created = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: 'Secret' } });
    expect(created.status).toBe(201);
    const [row] = await withDb((db) => db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key)));
    expect(row!.state).toBe('completed');
    expect(row!.responseBody).not.toContain(created.body.fullKey);
    expect(row!.responseBody).not.toContain(created.body.data.id);
    const replay = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: 'Secret' } });
    expect(replay.body.fullKey).toBe(created.body.fullKey);
  });

  it('writes no audit entry for a replay', async () => {
    const owner = await newTenant();
    const key = unique('idem-');
    const audits = () => withDb(async (db) => (await db.select().from(auditLogs).where(eq(auditLogs.tenantId, owner.tenantId))).length);
    await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: 'Audited' } });
    const before = await audits();
    const replay = await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': key }, json: { name: 'Audited' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await audits()).toBe(before);
  });

  it('works for API-key callers and app accounts, and rejects malformed keys', async () => {
    const owner = await newTenant();
    const created = await api(`${KEYS}?template=FULL_ACCESS`, { method: 'POST', headers: owner.auth, json: { name: 'k' } });
    const fullKey = created.body.fullKey;
    const self = `${KEYS.slice(0, -1)}/${created.body.data.id}`;
    // The key may not PATCH (403): not stored, so the owner's later request with the same key still runs.
    const idem = unique('idem-');
    expectError(await api(self, { method: 'PATCH', headers: { 'x-api-key': fullKey, 'idempotency-key': idem }, json: { name: 'x' } }), 403);
    const rows = await withDb((db) => db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, idem)));
    expect(rows).toEqual([]);
    expectError(await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': 'x'.repeat(256) }, json: { name: 'k' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(KEYS, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': '' }, json: { name: 'k' } }), 400, 'VALIDATION_ERROR');

    // App account: regenerate-password replayed gives the same password (and only one change).
    const email = `${unique('app-')}@example.test`;
    const acc = await api('/api/v1/secure/app-accounts/', { method: 'POST', headers: owner.auth, json: { name: 'a', email, password: 'machine password 123' } });
    const regenKey = unique('idem-');
    const url = `/api/v1/secure/app-accounts/${acc.body.data.id}/regenerate-password`;
    const r1 = await api(url, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': regenKey } });
    const r2 = await api(url, { method: 'POST', headers: { ...owner.auth, 'idempotency-key': regenKey } });
    expect(r2.body.data.password).toBe(r1.body.data.password);
    const login = await api('/api/v1/public/auth/login', { method: 'POST', json: { email, password: r1.body.data.password } });
    expect(login.status).toBe(200);
    const stored = await withDb((db) => db.select().from(appAccounts).where(and(eq(appAccounts.id, acc.body.data.id))));
    expect(stored).toHaveLength(1);
  });
});
