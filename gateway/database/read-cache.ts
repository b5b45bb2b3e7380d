/**
 * A cache of small, hot reads (the load balancers of a scope, a target group with its targets),
 * kept by one gateway for the embedded Postgres only. The embedded Postgres has exactly one
 * client that writes — this process: the data folder lock (data-folder-lock.ts) keeps a second
 * gateway off it — so every write that can change a cached read passes through this process's
 * pool, which reports it here (write-tracking.ts). With DATABASE_URL other replicas write too,
 * and there is no cache: every read goes to Postgres.
 *
 * Invalidation is coarse and read-your-writes: any write (a transaction, or a statement that is
 * not a plain `select`) empties the cache when it starts and again when it ends, and no read
 * that overlapped a write is kept. So while a write is in flight every read goes to Postgres,
 * and once its commit is answered no cached read predates it: a caller whose write was
 * acknowledged never reads the state from before it, and nothing is served that Postgres itself
 * would not show at some moment between the request and the answer.
 *
 * Cached values are shared between requests: callers must treat them as read-only.
 */
export interface ReadCache {
  /** The cached value of `key`, else `load()`'s, kept when no write overlapped it. */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** A write begins: nothing cached survives it, and nothing read during it is kept. */
  writeStarted(): void;
  /** A write ended (committed, rolled back or failed): reads that overlapped it are not kept. */
  writeEnded(): void;
}

/** Entries kept at most; past it the cache starts over (a workload of reads over many resources). */
const MAX_ENTRIES = 2_000;

export function createReadCache(): ReadCache {
  const entries = new Map<string, unknown>();
  // Bumped at every write's start and end: a read that saw it change overlapped a write.
  let generation = 0;
  let writing = 0;
  const invalidate = () => {
    generation++;
    entries.clear();
  };
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
      invalidate();
    },
    writeEnded() {
      writing--;
      invalidate();
    },
  };
}

/** `cache.read(key, load)`, or just `load()` where there is no cache. */
export function cachedRead<T>(cache: ReadCache | undefined, key: string, load: () => Promise<T>): Promise<T> {
  return cache ? cache.read(key, load) : load();
}
