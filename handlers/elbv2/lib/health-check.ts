import type { Matcher } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetGroupRow } from '../../../gateway/database/tables.js';
import { kindOf, type TargetGroupShape } from './target-group-kind.js';

/** A target group's health-check columns. */
export type HealthCheck = Pick<TargetGroupRow,
  'health_check_enabled' | 'health_check_protocol' | 'health_check_port' | 'health_check_path'
  | 'health_check_interval_seconds' | 'health_check_timeout_seconds' | 'healthy_threshold_count'
  | 'unhealthy_threshold_count'> & { matcher: Matcher | null };

/**
 * The health-check protocol when none is asked for (CreateTargetGroup API reference,
 * `HealthCheckProtocol`): HTTP for Application Load Balancer target groups, TCP for Network and
 * Gateway ones; Lambda target groups have none.
 */
export function defaultHealthCheckProtocol(tg: TargetGroupShape): string | null {
  const kind = kindOf(tg);
  if (kind === 'lambda') return null;
  return kind === 'application' ? 'HTTP' : 'TCP';
}

/**
 * Defaults per target group kind and health-check protocol (CreateTargetGroup API reference and
 * the ALB/NLB/GWLB user guides, "Health checks for your target groups"):
 *
 * | kind        | interval | timeout                  | port         | path / matcher (HTTP checks) |
 * |-------------|----------|--------------------------|--------------|------------------------------|
 * | application | 30       | 5 (ALB guide)            | traffic-port | `/` 200; gRPC `/AWS.ALB/healthcheck` 12 |
 * | network     | 30       | 6 for HTTP, else 10      | traffic-port | `/` 200-399                  |
 * | gateway     | 10       | 5                        | 80           | `/` 200-399                  |
 * | lambda      | 35       | 30 (checks disabled)     | —            | `/` 200                      |
 *
 * Thresholds are 5 healthy / 2 unhealthy everywhere. TCP checks have no path or matcher.
 */
export function healthCheckDefaults(tg: TargetGroupShape, protocol = defaultHealthCheckProtocol(tg)): HealthCheck {
  const kind = kindOf(tg);
  const grpc = tg.protocol_version === 'GRPC';
  const httpCheck = protocol !== 'TCP';
  const timeouts = { application: 5, network: protocol === 'HTTP' ? 6 : 10, gateway: 5, lambda: 30 };
  let matcher: Matcher = { HttpCode: kind === 'application' || kind === 'lambda' ? '200' : '200-399' };
  if (grpc) matcher = { GrpcCode: '12' };
  return {
    health_check_enabled: kind !== 'lambda',
    health_check_protocol: protocol,
    health_check_port: kind === 'lambda' ? null : kind === 'gateway' ? '80' : 'traffic-port',
    health_check_path: httpCheck ? (grpc ? '/AWS.ALB/healthcheck' : '/') : null,
    health_check_interval_seconds: { application: 30, network: 30, gateway: 10, lambda: 35 }[kind],
    health_check_timeout_seconds: timeouts[kind],
    healthy_threshold_count: 5,
    unhealthy_threshold_count: 2,
    matcher: httpCheck ? matcher : null,
  };
}
