// A bounded isolate cache with a time to live: what a Worker keeps between requests so a warm read
// needs no I/O. Bounded so a caller asking for many distinct keys cannot grow an isolate's memory
// without limit (the least recently used entry goes first); the TTL bounds how stale an entry is.
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The fresh entry of `key` (moved to most recently used), or undefined. */
  get(key: K): { value: V } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (this.now() - e.at >= this.ttlMs) return undefined;
    this.entries.set(key, e);
    return { value: e.value };
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
