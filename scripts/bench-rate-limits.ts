// `BENCH_COMPARE=rate-limits` (issue #10): what tenant rate limiting and API-call counting cost per
// request. Two Workers serve the same database at once, the same bundle in two Miniflare instances,
// one as deployed (limits and counting on) and one with RATE_LIMITS=off. Each route is loaded on
// one, then the other, for BENCH_ROUNDS short rounds (the order alternating: on-off, off-on, ...),
// so both see the same machine load; the table shows medians and on÷off ratios (the median of each
// round's ratio, the pairs measured seconds apart).
import { measure, median, table, type Measured, type Server, type Target } from './lib/bench-measure.ts';

export interface CompareOptions {
  on: Server;
  off: Server;
  targets: Target[];
  rounds: number;
  seconds: number;
  connections: number;
  postgresPid: number;
  settleMs: number;
  log: (msg: string) => void;
}

type Config = 'on' | 'off';

export async function compareRateLimits(o: CompareOptions): Promise<string> {
  const runs = new Map<string, Record<Config, Measured[]>>(o.targets.map((t) => [t.name, { on: [], off: [] }]));
  for (const t of o.targets) {
    for (let round = 0; round < o.rounds; round++) {
      const order: Config[] = round % 2 === 0 ? ['on', 'off'] : ['off', 'on'];
      for (const config of order) {
        const m = await measure(o[config], t, o);
        runs.get(t.name)![config].push(m);
        o.log(`${t.name} [${config}] round ${round + 1}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, ${m.roundTrips} RT, PG ${m.pgCpuMs.toFixed(2)} ms, Worker ${m.workerCpuMs.toFixed(2)} ms, ${m.errors} errors`);
      }
    }
  }
  const header = [
    'route',
    'req/s on', 'req/s off', 'req/s on÷off',
    'p50 ms on / off', 'p99 ms on / off',
    'RT/req on / off',
    'PG CPU ms/req on / off',
    'Worker CPU ms/req on / off', 'Worker CPU on−off ms',
    'errors on / off',
  ];
  const rows = o.targets.map((t) => {
    const r = runs.get(t.name)!;
    const med = (c: Config, f: (m: Measured) => number) => median(r[c].map(f));
    const pair = (f: (m: Measured) => number, digits: number) => `${med('on', f).toFixed(digits)} / ${med('off', f).toFixed(digits)}`;
    const ratio = median(r.on.map((m, i) => m.rps / r.off[i]!.rps));
    const trips = (c: Config) => [...new Set(r[c].map((m) => m.roundTrips))].join(',');
    const cpuDelta = median(r.on.map((m, i) => m.workerCpuMs - r.off[i]!.workerCpuMs));
    const errors = (c: Config) => r[c].reduce((a, m) => a + m.errors, 0);
    return [
      t.name,
      med('on', (m) => m.rps).toFixed(0), med('off', (m) => m.rps).toFixed(0), ratio.toFixed(3),
      pair((m) => m.p50, 1), pair((m) => m.p99, 1),
      `${trips('on')} / ${trips('off')}`,
      pair((m) => m.pgCpuMs, 3),
      pair((m) => m.workerCpuMs, 3), cpuDelta.toFixed(3),
      `${errors('on')} / ${errors('off')}`,
    ];
  });
  return table(header, rows);
}
