import { Counter, Histogram, type Registry } from 'prom-client';

/** Seconds: a probe answers in milliseconds, or runs to its timeout (2 to 120 s). */
const PROBE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
/** Seconds late: scheduling noise is milliseconds; a saturated checker falls behind by ticks. */
const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The health checker's probes (handlers/scheduled/HealthCheck.ts). */
export class HealthCheckMetrics {
  private readonly probes: Counter<'protocol' | 'result'>;
  private readonly duration: Histogram<'protocol'>;
  private readonly lag: Histogram;
  private readonly transitions: Counter;

  constructor(registry: Registry) {
    this.probes = new Counter({ name: 'kecs_health_check_probes_total', help: 'Health-check probes by protocol and result (ok, mismatch, timeout, failed, forbidden)', labelNames: ['protocol', 'result'], registers: [registry] });
    this.duration = new Histogram({ name: 'kecs_health_check_probe_duration_seconds', help: 'Time a health-check probe took, by protocol', labelNames: ['protocol'], buckets: PROBE_BUCKETS, registers: [registry] });
    this.lag = new Histogram({ name: 'kecs_health_check_lag_seconds', help: 'How late a probe started after its target was due', buckets: LAG_BUCKETS, registers: [registry] });
    this.transitions = new Counter({ name: 'kecs_health_check_transitions_total', help: 'Target health state changes written', registers: [registry] });
  }

  /** A probe started `lagSeconds` after its due time (never negative: early starts count as 0). */
  started(lagSeconds: number): void {
    this.lag.observe(Math.max(0, lagSeconds));
  }

  probed(protocol: string, result: string, seconds: number): void {
    this.probes.inc({ protocol, result });
    this.duration.observe({ protocol }, seconds);
  }

  changed(transitions: number): void {
    this.transitions.inc(transitions);
  }
}
