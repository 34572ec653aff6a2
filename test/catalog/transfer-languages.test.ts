// The generic export hands types the tenant's languages (for translation columns) in the same
// database round trip as the caller check. A type of this test file only shows it.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { tenants } from '../../src/db/schema/accounts';
import { registerTransferType } from '../../src/modules/catalog/transfer';
import { withDb } from '../helpers/db';
import { api, roundTrips } from '../helpers/http';
import { newTenant } from '../helpers/identity';
import { download } from './transfer-helpers';

registerTransferType({
  entityType: 'test_languages' as never,
  exportPermission: 'tenant:read',
  importPermission: 'tenant:write',
  async export(_ctx, _page, options) {
    const { additionalLanguages } = await options!.languages();
    return {
      header: ['id', 'name', ...additionalLanguages.map((l) => `name_${l}`)],
      rows: [],
      total: 0,
      example: [null, 'Meeting room', ...additionalLanguages.map((l) => `Meeting room (${l})`)],
    };
  },
  async import() {
    throw new Error('not used');
  },
});

describe('tenant languages for translation columns', () => {
  it('reach the type’s export with the caller check in one round trip', async () => {
    const owner = await newTenant();
    await withDb((db) => db.update(tenants).set({ additionalLanguages: ['de', 'fr'] }).where(eq(tenants.id, owner.tenantId)));
    const res = await download('/api/v1/secure/export/test_languages?format=csv', owner.auth);
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual(['id,name,name_de,name_fr', 'example,Meeting room,Meeting room (de),Meeting room (fr)']);
    const counts = [];
    for (let i = 0; i < 3; i++) counts.push(roundTrips(await api('/api/v1/secure/export/test_languages', { headers: owner.auth })).roundTrips);
    expect(Math.min(...counts)).toBe(1);
  });
});
