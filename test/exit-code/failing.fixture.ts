// Run only by scripts/check-exit-code.ts, which expects this run to fail.
import { expect, it } from 'vitest';

it('fails on purpose', () => {
  expect(1).toBe(2);
});
