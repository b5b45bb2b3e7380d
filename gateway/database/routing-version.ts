import { sql } from 'kysely';
import type { Db } from './tables.js';

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
