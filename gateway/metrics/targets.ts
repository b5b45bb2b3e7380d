import { sql, type Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../database/tables.js';
import { loadBalancerDimension, targetGroupDimension } from './dataplane.js';

interface Row {
  target_group_arn: string;
  state: string;
  targets: number;
  /** The load balancers whose rules forward to the group (rule_target_groups). */
  load_balancers: string[] | null;
}

/**
 * Targets by health state, read from the database when scraped (one query), so every replica
 * reports the same numbers whichever of them ran the checks. HealthyHostCount and
 * UnHealthyHostCount are per load balancer and target group, as CloudWatch reports them; a group
 * no load balancer uses appears only in `kecs_lb_targets`.
 */
export class TargetHealthGauges {
  private readonly targets: Gauge<'target_group' | 'state'>;
  private readonly healthy: Gauge<'load_balancer' | 'target_group'>;
  private readonly unhealthy: Gauge<'load_balancer' | 'target_group'>;

  constructor(registry: Registry, private readonly db: Kysely<Database>) {
    this.targets = new Gauge({ name: 'kecs_lb_targets', help: 'Registered targets by health state (initial, healthy, unhealthy, unused, draining, unavailable)', labelNames: ['target_group', 'state'], registers: [registry] });
    this.healthy = new Gauge({ name: 'kecs_lb_healthy_host_count', help: 'HealthyHostCount: healthy targets of a target group behind a load balancer', labelNames: ['load_balancer', 'target_group'], registers: [registry] });
    this.unhealthy = new Gauge({ name: 'kecs_lb_unhealthy_host_count', help: 'UnHealthyHostCount: unhealthy targets of a target group behind a load balancer', labelNames: ['load_balancer', 'target_group'], registers: [registry] });
  }

  /** Reads the counts; throws when the database cannot be reached (the scrape then fails). */
  async refresh(): Promise<void> {
    const { rows } = await sql<Row>`
      select t.target_group_arn, t.state, count(*)::int as targets,
        (select array_agg(distinct r.load_balancer_arn) from rule_target_groups r where r.target_group_arn = t.target_group_arn) as load_balancers
      from targets t
      group by t.target_group_arn, t.state`.execute(this.db);
    for (const gauge of [this.targets, this.healthy, this.unhealthy]) gauge.reset();
    for (const row of rows) {
      const tg = targetGroupDimension(row.target_group_arn);
      this.targets.set({ target_group: tg, state: row.state }, row.targets);
      for (const arn of row.load_balancers ?? []) {
        const labels = { load_balancer: loadBalancerDimension(arn), target_group: tg };
        this.healthy.inc(labels, row.state === 'healthy' ? row.targets : 0);
        this.unhealthy.inc(labels, row.state === 'unhealthy' ? row.targets : 0);
      }
    }
  }
}
