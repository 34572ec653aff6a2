// Counters shared by every isolate: one Durable Object per limited key (`rl:<config>:<scope value>`)
// counts requests in fixed windows, and one per tenant (`usage:<tenantId>`) sums API calls per UTC day
// until the metrics job has written them to Postgres. Requests never write to the database for either.
// State is kept in memory and mirrored to the object's storage (not awaited: the output gate makes the
// answer wait for the write), so an evicted object resumes its window and its unflushed counts.
import { DurableObject } from 'cloudflare:workers';
import type { HitResult, RateCounterRpc } from '../context';
import type { Env } from '../env';

interface Window {
  start: number;
  count: number;
}

export class RateCounter extends DurableObject<Env> implements RateCounterRpc {
  private window: Window | undefined;
  private loaded = false;

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.window = await this.ctx.storage.get<Window>('window');
    this.loaded = true;
  }

  /** Counts one request in the window of `windowSeconds` (aligned to the epoch); refuses past `max`. */
  async hit(max: number, windowSeconds: number): Promise<HitResult> {
    await this.load();
    const now = Date.now();
    const size = windowSeconds * 1000;
    const start = Math.floor(now / size) * size;
    if (!this.window || this.window.start !== start) this.window = { start, count: 0 };
    const allowed = this.window.count < max;
    // Refused requests are not counted: a client that backs off gets its full quota in the next window.
    if (allowed) this.window.count += 1;
    void this.ctx.storage.put('window', this.window);
    return { allowed, limit: max, remaining: Math.max(0, max - this.window.count), resetSeconds: Math.max(1, Math.ceil((start + size - now) / 1000)) };
  }

  /** Adds `n` API calls to the UTC day `day` (YYYY-MM-DD); answers the day's total so far. */
  async addUsage(day: string, n: number): Promise<number> {
    const key = `usage:${day}`;
    const total = ((await this.ctx.storage.get<number>(key)) ?? 0) + n;
    await this.ctx.storage.put(key, total);
    return total;
  }

  /** API calls per day not yet pruned. */
  async usage(): Promise<Record<string, number>> {
    const all = await this.ctx.storage.list<number>({ prefix: 'usage:' });
    return Object.fromEntries([...all].map(([k, v]) => [k.slice(6), v]));
  }

  /** Forgets the days before `day` (the metrics job has stored them for good). */
  async pruneUsage(day: string): Promise<void> {
    const all = await this.ctx.storage.list<number>({ prefix: 'usage:', end: `usage:${day}` });
    if (all.size) await this.ctx.storage.delete([...all.keys()]);
  }
}
