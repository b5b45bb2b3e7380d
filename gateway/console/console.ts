import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../database/tables.js';
import type { Logger } from '../logger.js';
import type { Follower } from '../traffic/dataplane/follower.js';
import { followRoutingVersion } from './follow-routing.js';
import { changesState, ConsoleHub } from './hub.js';
import { RecentRequests } from './recent-requests.js';
import { createConsoleRoutes, withConsole, type InternalRoutes } from './routes.js';
import { loadConsoleState } from './state.js';

/** The browser console as the gateway wires it (README, Console). */
export interface Console {
  /** The listeners' last requests, for the data plane to fill; undefined with KECS_CONSOLE=off. */
  recentRequests: RecentRequests | undefined;
  /** Puts the console's routes in front of the other internal routes. */
  withRoutes(internal: InternalRoutes): InternalRoutes;
  /** Something the console shows changed (a new routing version in force, a scheduled task's writes). */
  changed(): void;
  /** An API call was answered: a successful write refreshes the open pages. */
  answered(operation: string, status: number): void;
  /**
   * Starts following the routing version itself when no embedded data plane does (KECS_DATAPLANE=off):
   * one LISTEN connection for the gateway, not one per page.
   */
  start(connectionString: string, dataPlane: boolean): Promise<void>;
  /** Ends open event streams and the follower. */
  stop(): Promise<void>;
}

export function createConsole(db: Kysely<Database>, config: Config, log: Logger): Console {
  const recentRequests = config.console === 'off' ? undefined : new RecentRequests();
  const hub = new ConsoleHub({ load: (scope) => loadConsoleState(db, scope, recentRequests), log });
  recentRequests?.watch((listenerArn, request) => hub.request(listenerArn, request));
  const routes = createConsoleRoutes(db, config, hub, recentRequests);
  let follower: Follower | undefined;
  return {
    recentRequests,
    withRoutes: (internal) => withConsole(internal, routes),
    changed: () => hub.changed(),
    answered(operation, status) {
      if (status < 300 && changesState(operation)) hub.changed();
    },
    async start(connectionString, dataPlane) {
      if (dataPlane || config.console === 'off') return;
      follower = await followRoutingVersion(db, connectionString, log, () => hub.changed());
    },
    async stop() {
      hub.close();
      routes.close();
      await follower?.stop();
    },
  };
}
