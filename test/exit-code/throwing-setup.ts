// Run only by scripts/check-exit-code.ts: a global setup that throws after Postgres has started.
export default function setup() {
  throw new Error('global setup fails on purpose');
}
