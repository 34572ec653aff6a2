// The project's vitest configuration pointed at fixtures that must fail (scripts/check-exit-code.ts).
// EXIT_CODE_CASE=test runs the failing and crashing test files; =setup adds a throwing global setup.
import { fileURLToPath } from 'node:url';
import base from '../../vitest.config.ts';

const throwingSetup = process.env.EXIT_CODE_CASE === 'setup';

export default {
  ...base,
  test: {
    ...base.test,
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/exit-code/*.fixture.ts'],
    globalSetup: [...(base.test!.globalSetup as string[]), ...(throwingSetup ? ['./test/exit-code/throwing-setup.ts'] : [])],
  },
};
