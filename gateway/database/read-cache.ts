/**
 * A cache of small, hot reads (the load balancers of a scope, a target group with its targets),
 * kept by one gateway for the embedded Postgres only. The embedded Postgres has exactly one
 * client that writes — this process: the data folder lock (data-folder-lock.ts) keeps a second
 * gateway off it — so every write that can change a cached read passes through this process's
 * pool, which reports it here (write-tracking.ts). With DATABASE_URL other replicas write too,
 * and there is no cache: every read goes to Postgres.
 *
 * Invalidation is coarse and read-your-writes: a write that changed something (a transaction,
 * or a statement that is not a plain `select`, unless Postgres reports it changed no row) empties
 * the cache when it ends — before its caller hears of the commit — and no read that overlapped a
 * write is kept. So once a write is acknowledged no cached read predates it. While a write is in
 * flight, reads may still be answered from before it, as if they came just before its commit
 * (AWS's Describe* calls are eventually consistent too). Writes that change nothing — the
 * scheduler's every-second sweeps mostly — leave the cache as it is.
 *
 * Cached values are shared between requests: callers must treat them as read-only.
 */
export interface ReadCache {
  /** The cached value of `key`, else `load()`'s, kept when no write overlapped it. */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** A write begins: nothing read while it runs is kept. */
  writeStarted(): void;
  /**
   * A write ended (committed, rolled back or failed); `changed`: it may have changed rows, so
   * nothing cached survives it and reads that overlapped it are not kept.
   */
  writeEnded(changed: boolean): void;
}

/** Entries kept at most; past it the cache starts over (a workload of reads over many resources). */
const MAX_ENTRIES = 2_000;

export function createReadCache(): ReadCache {
  const entries = new Map<string, unknown>();
  // Bumped when a write that changed rows ends: a read that saw it change overlapped one.
  let generation = 0;
  let writing = 0;
  return {
    async read<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (entries.has(key)) return entries.get(key) as T;
      const before = generation;
      const value = await load();
      if (writing === 0 && generation === before) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        entries.set(key, value);
      }
      return value;
    },
    writeStarted() {
      writing++;
    },
    writeEnded(changed: boolean) {
      writing--;
      if (!changed) return;
      generation++;
      entries.clear();
    },
  };
}

/** `cache.read(key, load)`, or just `load()` where there is no cache. */
export function cachedRead<T>(cache: ReadCache | undefined, key: string, load: () => Promise<T>): Promise<T> {
  return cache ? cache.read(key, load) : load();
}
