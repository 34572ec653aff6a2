// Per-IP flood protection from the platform's dos_* settings.
import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { ipBlacklist, systemSecurityConfig } from '../../src/db/schema/access';
import { api, expectError } from '../helpers/http';
import { withDb } from '../helpers/db';
import { signIn } from '../helpers/identity';

describe('flood protection', () => {
  it('answers 429 past dos_max_requests_per_ip, then blocks the IP platform-wide until unblocked', async () => {
    const admin = await signIn(inject('systemAdmin').email, inject('systemAdmin').password);
    const set = (json: Record<string, unknown>) => api('/api/v1/system/security/config', { method: 'PATCH', headers: admin.auth, json });
    expect((await set({ dos_enabled: true, dos_max_requests_per_ip: 100, dos_time_window_seconds: 60, dos_block_duration_seconds: 300 })).status).toBe(200);
    // The limit travels with the blacklist snapshot: a database request reloads it once stale.
    await new Promise((r) => setTimeout(r, 5100));
    const ip = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const headers = { 'cf-connecting-ip': ip };
    await api('/api/v1/public/countries/regions', { headers });
    let first429: any;
    for (let i = 0; i < 110 && !first429; i++) {
      const res = await api('/api/v1/public/timezones/regions', { headers });
      if (res.status === 429) first429 = res;
      else expect(res.status).toBe(200);
    }
    expect(first429, 'a 429 after the limit').toBeDefined();
    expectError(first429, 429, 'TOO_MANY_REQUESTS');
    expect(first429.headers.get('retry-after')).toBe('300');
    expectError(await api('/api/v1/public/timezones/regions', { headers }), 403);
    let entry: typeof ipBlacklist.$inferSelect | undefined;
    for (let i = 0; i < 50 && !entry; i++) {
      [entry] = await withDb((db) => db.select().from(ipBlacklist).where(eq(ipBlacklist.ipAddress, ip)));
      if (!entry) await new Promise((r) => setTimeout(r, 100));
    }
    expect(entry).toMatchObject({ autoBlocked: true });
    expect(entry!.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 200_000);
    // Other IPs are unaffected; unblocking restores access.
    expect((await api('/api/v1/public/timezones/regions', { headers: { 'cf-connecting-ip': '198.18.255.1' } })).status).toBe(200);
    expect((await api(`/api/v1/system/security/ip-blacklist/${entry!.id}`, { method: 'DELETE', headers: admin.auth })).status).toBe(204);
    expect((await api('/api/v1/public/timezones/regions', { headers })).status).toBe(200);
    await withDb((db) => db.update(systemSecurityConfig).set({ dosMaxRequestsPerIp: 10000, dosBlockDurationSeconds: 60 }).where(eq(systemSecurityConfig.scope, 'global')));
  });
});
