// Shared security suite, part 1 (see route-table.shared.ts): every route has a fixture, refuses
// missing, disabled and expired credentials (401) and callers without the permission (403).
import { describe, expect, it } from 'vitest';
import {
  call,
  crossTenant,
  describeStatus,
  fixtureOf,
  needsFixture,
  ops,
  S,
  underPrivileged,
  useSuiteCallers,
} from './route-table.shared';

useSuiteCallers();

describe('shared security suite (every secure and system route)', () => {
  it('covers the route table', () => {
    expect(ops.length).toBeGreaterThan(70);
    expect(crossTenant.length).toBeGreaterThan(30);
    expect(underPrivileged.length).toBeGreaterThan(30);
  });

  it.each(needsFixture.map((op) => [op.key, op] as const))(
    '%s has a fixture (real path ids, a valid body)',
    (_key, op) => {
      const f = fixtureOf(op);
      expect(
        op.params.filter((p) => !f?.params?.[p]),
        'path parameters without a value',
      ).toEqual([]);
      if (op.hasBody) expect(f?.body, 'no valid body registered').toBeDefined();
    },
  );

  it('registers no fixture for a route that does not exist', () => {
    const known = new Set(ops.map((op) => op.key));
    expect(Object.keys(S.fixtures).filter((k) => !known.has(k))).toEqual([]);
  });
});

describe('401 without credentials', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const res = await call(op, {});
    expect(res.status, describeStatus(res)).toBe(401);
    expect(res.body?.error).toBe('UNAUTHORIZED');
  });
});

describe('401 to a disabled or an expired API key', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    for (const key of [S.keys.disabled, S.keys.expired]) {
      const res = await call(op, { 'x-api-key': key });
      expect(res.status, `${key === S.keys.disabled ? 'disabled' : 'expired'}: ${describeStatus(res)}`).toBe(401);
    }
  });
});

describe('403 to an API key without the needed scope', () => {
  it.each(ops.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    const res = await call(op, { authorization: `Bearer ${S.keys.noScope}` });
    expect(res.status, describeStatus(res)).toBe(403);
  });
});

describe("403 to a user whose role lacks the route's permission", () => {
  it.each(underPrivileged.map((op) => [`${op.key} (${op.permission ?? 'system admin'})`, op] as const))(
    '%s',
    async (_key, op) => {
      const res = await call(op, S.guest.auth);
      expect(res.status, describeStatus(res)).toBe(403);
    },
  );
});
