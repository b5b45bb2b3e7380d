/**
 * A map whose entries expire `ttlMs` after they were written. Small on purpose: what EC2 said
 * about a few subnets, groups and instances; past `maxEntries` it starts afresh rather than
 * tracking ages.
 */
export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; expires: number }>();

  constructor(private readonly ttlMs: number, private readonly now: () => number = Date.now, private readonly maxEntries = 10_000) {}

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T): void {
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, { value, expires: this.now() + this.ttlMs });
  }
}
