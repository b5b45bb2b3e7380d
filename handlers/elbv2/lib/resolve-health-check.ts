import type { ModifyTargetGroupInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { defaultHealthCheckProtocol, healthCheckDefaults, type HealthCheck } from './health-check.js';
import { ALB_HTTP_CODES, checkMatcher, GRPC_CODES, NLB_HTTP_CODES } from './matcher.js';
import { kindOf, type TargetGroupShape } from './target-group-kind.js';

/** The health-check members CreateTargetGroup and ModifyTargetGroup share. */
export type HealthCheckRequest = Omit<ModifyTargetGroupInput, 'TargetGroupArn'>;

/**
 * The health check a request asks for: its members over `current` (ModifyTargetGroup) or over the
 * defaults (CreateTargetGroup), checked the way AWS checks them. Switching between TCP and HTTP(S)
 * checks drops or restores the path and matcher, which only HTTP(S) checks have.
 */
export function resolveHealthCheck(tg: TargetGroupShape, req: HealthCheckRequest, current?: HealthCheck): HealthCheck {
  const kind = kindOf(tg);
  if (kind === 'lambda' && (req.HealthCheckProtocol !== undefined || req.HealthCheckPort !== undefined)) {
    throw validationError("Health check protocol and port cannot be specified for target groups with target type 'lambda'");
  }
  // CreateTargetGroup API reference, `HealthCheckEnabled`: always on for instance, ip and alb targets.
  if (req.HealthCheckEnabled === false && kind !== 'lambda') {
    throw validationError(`Health checks cannot be disabled for target groups with target type '${tg.target_type}'`);
  }
  const protocol = req.HealthCheckProtocol ?? current?.health_check_protocol ?? defaultHealthCheckProtocol(tg);
  if (protocol !== null) checkProtocol(tg, protocol);
  const defaults = healthCheckDefaults(tg, protocol);
  const base = current ?? defaults;
  const httpCheck = protocol !== 'TCP';
  if (!httpCheck && (req.HealthCheckPath !== undefined || req.Matcher !== undefined)) {
    throw validationError('Health check path and matcher are not supported for health checks with the TCP protocol');
  }
  const resolved: HealthCheck = {
    health_check_enabled: req.HealthCheckEnabled ?? base.health_check_enabled,
    health_check_protocol: protocol,
    health_check_port: req.HealthCheckPort ?? base.health_check_port,
    health_check_path: httpCheck ? req.HealthCheckPath ?? base.health_check_path ?? defaults.health_check_path : null,
    health_check_interval_seconds: req.HealthCheckIntervalSeconds ?? base.health_check_interval_seconds,
    health_check_timeout_seconds: req.HealthCheckTimeoutSeconds ?? base.health_check_timeout_seconds,
    healthy_threshold_count: req.HealthyThresholdCount ?? base.healthy_threshold_count,
    unhealthy_threshold_count: req.UnhealthyThresholdCount ?? base.unhealthy_threshold_count,
    matcher: httpCheck ? base.matcher ?? defaults.matcher : null,
  };
  if (httpCheck && req.Matcher !== undefined) {
    const limits = tg.protocol_version === 'GRPC' ? GRPC_CODES : kind === 'application' || kind === 'lambda' ? ALB_HTTP_CODES : NLB_HTTP_CODES;
    resolved.matcher = checkMatcher(req.Matcher, limits);
  }
  checkValues(resolved);
  return resolved;
}

function checkProtocol(tg: TargetGroupShape, protocol: string): void {
  // TLS, UDP and TCP_UDP are never health-check protocols; ALB target groups cannot use TCP.
  const allowed = kindOf(tg) === 'application' ? ['HTTP', 'HTTPS'] : ['HTTP', 'HTTPS', 'TCP'];
  if (!allowed.includes(protocol)) {
    throw validationError(`Health check protocol '${protocol}' is not supported for target groups with the '${tg.protocol}' protocol`);
  }
}

function checkValues(hc: HealthCheck): void {
  const port = hc.health_check_port;
  if (port !== null && port !== 'traffic-port' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw validationError(`Health check port '${port}' must be 'traffic-port' or a port number between 1 and 65535`);
  }
  if (hc.health_check_path !== null && !hc.health_check_path.startsWith('/')) {
    throw validationError(`Health check path '${hc.health_check_path}' must begin with a '/' character`);
  }
  // AWS's current wording; a default timeout counts too (an interval of 5 with the ALB default
  // timeout of 5 is refused).
  if (hc.health_check_timeout_seconds >= hc.health_check_interval_seconds) {
    throw validationError('Health check interval must be greater than the timeout.');
  }
}
