import type { Kysely } from 'kysely';
import type { Database } from '../../gateway/database/tables.js';
import { targetAddress } from './health-targets.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const LB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/bench-health/00000000000000a1`;
const LISTENER = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/bench-health/00000000000000a1/00000000000000b1`;
const RULE = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/bench-health/00000000000000a1/00000000000000b1/00000000000000c1`;
const TG = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/bench-health/00000000000000d1`;

/**
 * Writes a load balancer whose listener forwards to one target group of `count` targets, all
 * served on `port`. The rows are written directly: RegisterTargets holds a group to AWS's quota
 * of 1,000 targets, and the bench is about the prober, not the API. Target i is first due at
 * `start + i·interval/count`, as targets registered over time are — the checks spread evenly over
 * the interval. Returns each target's first due time (ms).
 */
export async function writeTargets(db: Kysely<Database>, count: number, port: number, intervalSeconds: number, start: number): Promise<number[]> {
  const now = new Date(start);
  await db.insertInto('load_balancers').values({
    arn: LB, account_id: ACCOUNT, region: REGION, name: 'bench-health', type: 'application', scheme: 'internet-facing',
    ip_address_type: 'ipv4', dns_name: 'bench-health-1.us-east-1.elb.localhost', vpc_id: 'vpc-bench', state: 'active',
    subnets: ['subnet-a', 'subnet-b'], security_groups: [], attributes: '{}', created_at: now,
  }).execute();
  await db.insertInto('target_groups').values({
    arn: TG, account_id: ACCOUNT, region: REGION, name: 'bench-health', target_type: 'ip', protocol: 'HTTP', protocol_version: 'HTTP1',
    port, vpc_id: 'vpc-bench', ip_address_type: 'ipv4', health_check_enabled: true, health_check_protocol: 'HTTP',
    health_check_port: 'traffic-port', health_check_path: '/health', health_check_interval_seconds: intervalSeconds,
    health_check_timeout_seconds: 2, healthy_threshold_count: 2, unhealthy_threshold_count: 2,
    matcher: JSON.stringify({ HttpCode: '200' }), attributes: JSON.stringify({ 'deregistration_delay.timeout_seconds': '300' }), created_at: now,
  }).execute();
  await db.insertInto('listeners').values({ arn: LISTENER, load_balancer_arn: LB, port: 80, protocol: 'HTTP', attributes: '{}', created_at: now }).execute();
  await db.insertInto('rules').values({
    arn: RULE, listener_arn: LISTENER, priority: null, is_default: true, conditions: '[]',
    actions: JSON.stringify([{ Type: 'forward', TargetGroupArn: TG }]), created_at: now,
  }).execute();
  await db.insertInto('rule_target_groups').values({ rule_arn: RULE, target_group_arn: TG, load_balancer_arn: LB }).execute();

  const due = Array.from({ length: count }, (_, i) => start + Math.floor((i * intervalSeconds * 1000) / count));
  for (let first = 0; first < count; first += 1000) {
    await db.insertInto('targets').values(due.slice(first, first + 1000).map((at, offset) => ({
      target_group_arn: TG, id: targetAddress(first + offset), port, state: 'initial', reason: 'Elb.RegistrationInProgress',
      description: 'Target registration is in progress', registered_at: now, next_check_at: new Date(at),
    }))).execute();
  }
  return due;
}

/** How many targets' next check still lies on their schedule (first due + k·interval). */
export async function onSchedule(db: Kysely<Database>, due: readonly number[], intervalSeconds: number): Promise<number> {
  const rows = await db.selectFrom('targets').select(['id', 'next_check_at']).execute();
  const firstDue = new Map(due.map((at, i) => [targetAddress(i), at]));
  return rows.filter((row) => (row.next_check_at!.getTime() - firstDue.get(row.id)!) % (intervalSeconds * 1000) === 0).length;
}
