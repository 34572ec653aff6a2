// `npm test` must fail when tests fail. A dependency once called `process.exit(0)` on the way out
// and vitest exited 0 with "1 failed" on screen (see scripts/lib/postgres-process.ts). This runs
// vitest, with the project's configuration and global setup, on fixtures that must fail, and
// fails itself if any of those runs exits 0 or fails for another reason than the planted one.
import { spawn } from 'node:child_process';

const cases = [
  { name: 'a failing test and a crashing test file', env: 'test', expect: [/fails on purpose/, /crashes on purpose/, /1 failed/] },
  { name: 'a global setup that throws', env: 'setup', expect: [/global setup fails on purpose/] },
];

/** Both runs at once: each spends most of its time waiting for Postgres and workerd. */
const results = await Promise.all(
  cases.map(async (c) => {
    const started = Date.now();
    const child = spawn('npx', ['vitest', 'run', '--config', 'test/exit-code/vitest.config.ts'], {
      env: { ...process.env, EXIT_CODE_CASE: c.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const missing = c.expect.filter((re) => !re.test(output));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 0 || code === null || missing.length) {
      console.error(`check-exit-code: ${c.name}: exit ${code}, missing ${missing.join(', ') || 'nothing'} (${seconds}s)\n${output}`);
      return false;
    }
    console.log(`check-exit-code: ${c.name} → exit ${code} (${seconds}s)`);
    return true;
  }),
);
process.exit(results.every(Boolean) ? 0 : 1);
