import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Db } from './tables.js';

/** The channel every replica's data plane listens on. */
export const ROUTING_CHANNEL = 'kecs_routing';

/**
 * Bumps the routing version inside the caller's transaction and queues a NOTIFY, which Postgres
 * delivers only if that transaction commits — so a listener never sees a change that rolled back.
 */
export async function bumpRoutingVersion(trx: Db): Promise<void> {
  await sql`
    with bumped as (update routing_version set version = version + 1 where id = 1 returning version)
    select pg_notify(${ROUTING_CHANNEL}, version::text) from bumped`.execute(trx);
}

export interface RoutingChangeOptions<T> {
  /**
   * Whether the writes changed what the data plane serves, from `change`'s result; when they
   * did not (targets registered already, attributes set to what they were), the data plane is
   * spared a recompile. By default every change counts.
   */
  changed?: (result: T) => boolean;
}

/**
 * The one way a handler writes something the route table depends on (load balancers, listeners,
 * rules, listener certificates, target groups, targets): `change` runs in a transaction that also bumps the routing
 * version, so every replica's data plane recompiles once the writes commit, and never for writes
 * that roll back. Writes that routing does not read (tags, security groups) use a
 * plain `db.transaction()`.
 */
export function changeRouting<T>(
  db: Kysely<Database>,
  change: (trx: Transaction<Database>) => Promise<T>,
  options: RoutingChangeOptions<T> = {},
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await change(trx);
    if (options.changed?.(result) ?? true) await bumpRoutingVersion(trx);
    return result;
  });
}
