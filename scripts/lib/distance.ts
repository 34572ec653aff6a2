// Simulated distance to the database (local stack only). In production the Worker and Neon are
// apart, so every database round trip costs time the loopback stack hides; `DB_SIM_RTT_MS` puts
// that cost back, so designs that save round trips show it in `npm start` and `npm run bench`.

/** The round trip time the bridge and the HTTP endpoint add; mutable, so one stack can be measured at several distances. */
export interface Distance {
  rttMs: number;
}

/** `DB_SIM_RTT_MS` (default 0). */
export function distanceFromEnv(): Distance {
  const raw = process.env.DB_SIM_RTT_MS ?? '0';
  const rttMs = Number(raw);
  if (!Number.isFinite(rttMs) || rttMs < 0) throw new Error(`DB_SIM_RTT_MS must be a number of milliseconds >= 0, got "${raw}"`);
  return { rttMs };
}

/**
 * One direction of a link that is RTT/2 long: each task (delivering a message) runs half the
 * current RTT after it was queued, in the order queued, even when the RTT changes in between.
 * At 0 ms an idle line runs the task at once, so the undelayed stack keeps its old behaviour.
 */
export function oneWay(d: Distance): (deliver: () => void) => void {
  const queue: { due: number; deliver: () => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    // setTimeout may fire up to a millisecond early in performance.now() terms.
    while (queue.length && queue[0]!.due <= performance.now() + 1) queue.shift()!.deliver();
    if (queue.length) timer = setTimeout(flush, queue[0]!.due - performance.now());
  };
  return (deliver) => {
    const half = d.rttMs / 2;
    if (half <= 0 && queue.length === 0) return deliver();
    const due = Math.max(performance.now() + half, queue.at(-1)?.due ?? 0);
    queue.push({ due, deliver });
    timer ??= setTimeout(flush, due - performance.now());
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => (ms > 0 ? setTimeout(r, ms) : r()));
