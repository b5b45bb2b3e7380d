import type { Kysely } from 'kysely';
import type { Database } from '../database/tables.js';
import type { Logger } from '../logger.js';
import { startFollower, type Follower } from '../traffic/dataplane/follower.js';

/**
 * Tells `changed` of every new routing version, for a gateway without the embedded data plane
 * (KECS_DATAPLANE=off, in a cluster), whose follower would otherwise drive the console: the same
 * NOTIFY (`kecs_routing`), one LISTEN connection for the whole gateway however many pages are open.
 */
export function followRoutingVersion(db: Kysely<Database>, connectionString: string, log: Logger, changed: () => void): Promise<Follower> {
  let seen: string | undefined;
  return startFollower({
    connectionString,
    load: async () => {
      const row = await db.selectFrom('routing_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
      return String(row.version);
    },
    apply: async (version) => {
      // The periodic safety reload finds the same version most of the time: nothing to tell.
      if (version !== seen && seen !== undefined) changed();
      seen = version;
    },
    log,
  });
}
