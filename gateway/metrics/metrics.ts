import type { Kysely } from 'kysely';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Database } from '../database/tables.js';
import { ApiMetrics } from './api.js';
import { DataPlaneMetrics } from './dataplane.js';
import { HealthCheckMetrics } from './health-checks.js';
import { RoutingMetrics } from './routing.js';
import { TargetHealthGauges } from './targets.js';

/** One gateway's metrics: a registry of its own (never prom-client's global one), and its families. */
export interface Metrics {
  registry: Registry;
  api: ApiMetrics;
  dataPlane: DataPlaneMetrics;
  healthChecks: HealthCheckMetrics;
  routing: RoutingMetrics;
  targets: TargetHealthGauges;
}

/**
 * Made once per gateway in main.ts and handed to what records into it, so that several gateways
 * in one process (tests) keep separate numbers. Node's process metrics (CPU, memory, event-loop
 * lag, `process_*` and `nodejs_*`) are included.
 */
export function createMetrics(db: Kysely<Database>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    api: new ApiMetrics(registry),
    dataPlane: new DataPlaneMetrics(registry),
    healthChecks: new HealthCheckMetrics(registry),
    routing: new RoutingMetrics(registry),
    targets: new TargetHealthGauges(registry, db),
  };
}
