import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Seconds: loading and compiling the route table takes milliseconds, more with thousands of rules. */
const RELOAD_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** How the data plane follows the route table (traffic/dataplane/follower.ts, DESIGN §5). */
export class RoutingMetrics {
  private readonly notifications: Counter;
  private readonly reloads: Counter<'result'>;
  private readonly duration: Histogram;
  private readonly changes: Counter;
  private readonly version: Gauge;

  constructor(registry: Registry) {
    this.notifications = new Counter({ name: 'kecs_routing_notifications_total', help: 'NOTIFYs received on the routing channel', registers: [registry] });
    this.reloads = new Counter({ name: 'kecs_routing_reloads_total', help: 'Route table reloads (after a NOTIFY, a reconnection or the periodic safety reload), by result (ok, failed)', labelNames: ['result'], registers: [registry] });
    this.duration = new Histogram({ name: 'kecs_routing_reload_duration_seconds', help: 'Time to load, compile and apply the route table', buckets: RELOAD_BUCKETS, registers: [registry] });
    this.changes = new Counter({ name: 'kecs_routing_table_changes_total', help: 'Reloads that put a new routing version in force', registers: [registry] });
    this.version = new Gauge({ name: 'kecs_routing_version', help: 'The routing version of the route table in force', registers: [registry] });
  }

  notified(): void {
    this.notifications.inc();
  }

  reloaded(ok: boolean, seconds: number): void {
    this.reloads.inc({ result: ok ? 'ok' : 'failed' });
    this.duration.observe(seconds);
  }

  /** A table with routing version `version` was put in force. */
  inForce(version: string): void {
    this.changes.inc();
    const number = Number(version);
    if (Number.isFinite(number)) this.version.set(number);
  }
}
