// Shared security suite, part 2 (see route-table.shared.ts): another tenant's owner using A's real ids.
import { describe, expect, it } from 'vitest';
import { call, crossTenant, describeStatus, fixtureOf, S, url, useSuiteCallers } from './route-table.shared';

useSuiteCallers();

// Last: A's own call may change or delete its fixture (destructive routes have rows of their own).
describe("404 with none of A's data to another tenant's owner using A's ids; A's own call reaches the row", () => {
  it.each(crossTenant.map((op) => [op.key, op] as const))('%s', async (_key, op) => {
    expect(fixtureOf(op), 'no fixture: the 404 would prove nothing').toBeDefined();
    const res = await call(op, S.b.auth);
    expect(res.status, describeStatus(res)).toBe(404);
    const text = JSON.stringify(res.body ?? '');
    expect(
      S.secrets.filter((s) => text.includes(s) && !url(op).includes(s)),
      "A's data in B's answer",
    ).toEqual([]);
    const own = await call(op, (fixtureOf(op)!.as ?? S.a).auth);
    expect([400, 404], `A's own call: ${describeStatus(own)}`).not.toContain(own.status);
  });
});
