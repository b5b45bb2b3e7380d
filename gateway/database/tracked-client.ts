import type pg from 'pg';
import type { ReadCache } from './read-cache.js';

/** What Kysely's Postgres dialect uses of a pooled client. */
export interface DialectClient {
  query: pg.PoolClient['query'];
  release(destroy?: boolean): void;
}

const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\b/i;
const SELECT = /^\s*select\b/i;
// A word that may change rows; a false match (a column named `delete`) only costs a cache miss.
const WRITE_WORD = /\b(insert|update|delete|merge|truncate|copy|call|do)\b/i;

const ROW_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/**
 * Whether a statement that may write changed rows: all but an INSERT, UPDATE, DELETE or MERGE
 * that reports none (a `with … update … select` reports SELECT, and counts as a change).
 */
function mayHaveChanged(result: pg.QueryResult): boolean {
  return !(ROW_COMMANDS.has(result.command) && result.rowCount === 0);
}

/** A statement that only reads: a `select` without a writing word (a `with … update` is not one). */
function plainRead(text: string): boolean {
  return SELECT.test(text) && !WRITE_WORD.test(text);
}

/**
 * Plain reads may run as named prepared statements, so Postgres parses and plans each once per
 * connection rather than on every call (the hot reads are the same few texts). A text is named
 * when seen a second time, and only the first MAX_NAMED texts so named, which bounds the
 * statements each connection keeps (Postgres holds each one's plan per connection); the rest run
 * unnamed as before. Only for the embedded Postgres: a DATABASE_URL may lead through a pooler
 * (PgBouncer in transaction mode) where a statement prepared on one server connection is
 * unknown on the next.
 */
const MAX_NAMED = 100;
const MAX_SEEN = 1_000;
/** A text's name once named; `null` while seen once. */
const names = new Map<string, string | null>();
let named = 0;

function statementName(text: string): string | undefined {
  const known = names.get(text);
  if (known) return known;
  if (known === undefined) {
    if (names.size < MAX_SEEN) names.set(text, null);
    return undefined;
  }
  if (named >= MAX_NAMED) return undefined;
  const name = `k${named++}`;
  names.set(text, name);
  return name;
}

export interface TrackingOptions {
  /** Told of every write; none, nothing is told. */
  cache?: ReadCache;
  /** Whether plain reads run as named prepared statements. */
  prepare: boolean;
}

/**
 * A pooled client for Kysely that tells `cache` (when there is one) about every write: a
 * transaction from its `begin` to its `commit` or `rollback` (whatever their outcome), and any
 * statement outside one that is not a plain read, for as long as it runs, with whether it may
 * have changed rows. A client given back with its transaction still open (its connection
 * failed) ends that write too.
 */
export function trackedClient(client: pg.PoolClient, { cache, prepare }: TrackingOptions): DialectClient {
  let inTransaction = false;
  // Whether the open transaction may have changed rows so far.
  let changed = false;
  const ended = () => {
    if (!inTransaction) return;
    inTransaction = false;
    cache?.writeEnded(changed);
  };
  /** Runs a statement that may write, noting whether it changed rows (a failure counts as a change). */
  async function write(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    let result: pg.QueryResult | undefined;
    try {
      return (result = await client.query(text, values));
    } finally {
      if (result === undefined || mayHaveChanged(result)) changed = true;
    }
  }
  async function query(text: string, values?: unknown[]): Promise<pg.QueryResult> {
    if (typeof text !== 'string') throw new TypeError('only query texts are expected here (Kysely streams need a cursor, which is not configured)');
    if (TRANSACTION_START.test(text)) {
      if (!inTransaction) cache?.writeStarted();
      inTransaction = true;
      changed = false;
      return client.query(text, values);
    }
    if (TRANSACTION_END.test(text)) {
      try {
        return await client.query(text, values);
      } finally {
        ended();
      }
    }
    if (plainRead(text)) {
      const name = prepare ? statementName(text) : undefined;
      return client.query(name === undefined ? { text, values } : { name, text, values });
    }
    if (inTransaction || !cache) return write(text, values);
    cache.writeStarted();
    changed = false;
    try {
      return await write(text, values);
    } finally {
      cache.writeEnded(changed);
    }
  }
  return {
    query: query as unknown as pg.PoolClient['query'],
    release(destroy?: boolean) {
      ended();
      client.release(destroy);
    },
  };
}
