import { booleanAttribute, enumAttribute, integerAttribute, textAttribute, type AttributeSpec, type AttributeSpecs } from './attributes.js';
import { kindOf, type TargetGroupShape } from './target-group-kind.js';

// Keys, defaults and ranges: API reference, TargetGroupAttribute, and the "Target group
// attributes" pages of the ALB, NLB and GWLB user guides. Which keys a target group has depends
// on its kind, as DescribeTargetGroupAttributes shows on AWS.

/** `off`, or an integer in a range: the target_group_health.* thresholds. */
function offOrInteger(fallback: string, min: number, max: number, allowOff = true): AttributeSpec {
  const integer = integerAttribute(0, min, max);
  return {
    default: fallback,
    check: (v) => ((allowOff && v === 'off') || !integer.check(v) ? undefined : `must be ${allowOff ? "'off' or " : ''}an integer between ${min} and ${max}`),
  };
}

const targetGroupHealth: AttributeSpecs = {
  'target_group_health.dns_failover.minimum_healthy_targets.count': offOrInteger('1', 1, 1000),
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': offOrInteger('off', 1, 100),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': offOrInteger('1', 1, 1000, false),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': offOrInteger('off', 1, 100),
};

/** slow_start.duration_seconds: 0 (off) or 30–900. */
const slowStart: AttributeSpec = {
  default: '0',
  check: (v) => (v === '0' || !integerAttribute(0, 30, 900).check(v) ? undefined : 'must be 0 or an integer between 30 and 900'),
};

/** The application cookie name; AWSALB, AWSALBAPP and AWSALBTG prefixes are the load balancer's own. */
const appCookieName: AttributeSpec = {
  default: '',
  check: (v) => (/^AWSALB/i.test(v) ? 'must not start with AWSALB, AWSALBAPP or AWSALBTG' : textAttribute().check(v)),
};

const deregistrationDelay = integerAttribute(300, 0, 3600);
const crossZone = enumAttribute('use_load_balancer_configuration', ['true', 'false', 'use_load_balancer_configuration']);

function application(): AttributeSpecs {
  return {
    'deregistration_delay.timeout_seconds': deregistrationDelay,
    'stickiness.enabled': booleanAttribute('false'),
    'stickiness.type': enumAttribute('lb_cookie', ['lb_cookie', 'app_cookie']),
    'stickiness.lb_cookie.duration_seconds': integerAttribute(86400, 1, 604800),
    'stickiness.app_cookie.cookie_name': appCookieName,
    'stickiness.app_cookie.duration_seconds': integerAttribute(86400, 1, 604800),
    'slow_start.duration_seconds': slowStart,
    'load_balancing.algorithm.type': enumAttribute('round_robin', ['round_robin', 'least_outstanding_requests', 'weighted_random']),
    'load_balancing.algorithm.anomaly_mitigation': enumAttribute('off', ['on', 'off']),
    'load_balancing.cross_zone.enabled': crossZone,
    ...targetGroupHealth,
  };
}

/**
 * kecs-lb's least-connections switch for NLB TCP/TLS target groups: an extension. AWS has
 * `load_balancing.algorithm.type` only for ALB target groups with instance or ip targets (API
 * reference, TargetGroupAttribute); an NLB picks a target by flow hash (ELB user guide, "How
 * Elastic Load Balancing works", Routing algorithm). The same key and vocabulary as ALB make it
 * the closest AWS-shaped switch, settable from the CLI, SDKs and Terraform's
 * `load_balancing_algorithm_type`; on a connection, `least_outstanding_requests` counts open
 * connections. Only connection-oriented groups (TCP, TLS) with instance or ip targets take it,
 * and only round_robin or least_outstanding_requests; UDP, TCP_UDP and `alb` targets keep AWS's
 * answer, "The attribute key … is not recognized".
 */
function leastConnections(tg: TargetGroupShape): AttributeSpecs {
  const connections = (tg.protocol === 'TCP' || tg.protocol === 'TLS') && (tg.target_type === 'instance' || tg.target_type === 'ip');
  if (!connections) return {};
  return { 'load_balancing.algorithm.type': { ...enumAttribute('round_robin', ['round_robin', 'least_outstanding_requests']), extension: true } };
}

function network(tg: TargetGroupShape): AttributeSpecs {
  const udp = tg.protocol === 'UDP' || tg.protocol === 'TCP_UDP';
  return {
    'deregistration_delay.timeout_seconds': deregistrationDelay,
    // UDP and TCP_UDP groups terminate connections at the end of deregistration by default.
    'deregistration_delay.connection_termination.enabled': booleanAttribute(udp ? 'true' : 'false'),
    'stickiness.enabled': booleanAttribute('false'),
    'stickiness.type': enumAttribute('source_ip', ['source_ip']),
    // Off by default only for ip targets over TCP/TLS; it cannot be turned off for UDP.
    'preserve_client_ip.enabled': udp ? enumAttribute('true', ['true'])
      : booleanAttribute(tg.target_type === 'ip' && (tg.protocol === 'TCP' || tg.protocol === 'TLS') ? 'false' : 'true'),
    'proxy_protocol_v2.enabled': booleanAttribute('false'),
    'load_balancing.cross_zone.enabled': crossZone,
    'target_health_state.unhealthy.connection_termination.enabled': udp ? enumAttribute('true', ['true']) : booleanAttribute('true'),
    'target_health_state.unhealthy.draining_interval_seconds': integerAttribute(0, 0, 360000),
    ...targetGroupHealth,
    ...leastConnections(tg),
  };
}

const gateway: AttributeSpecs = {
  'deregistration_delay.timeout_seconds': deregistrationDelay,
  'stickiness.enabled': booleanAttribute('false'),
  'stickiness.type': enumAttribute('source_ip_dest_ip_proto', ['source_ip_dest_ip', 'source_ip_dest_ip_proto']),
  'target_failover.on_deregistration': enumAttribute('no_rebalance', ['rebalance', 'no_rebalance']),
  'target_failover.on_unhealthy': enumAttribute('no_rebalance', ['rebalance', 'no_rebalance']),
};

// Lambda targets have no deregistration delay ("If the target is a Lambda function, this
// attribute is not supported").
const lambda: AttributeSpecs = {
  'lambda.multi_value_headers.enabled': booleanAttribute('false'),
};

/** The attribute keys a target group has, with their defaults and checks. */
export function targetGroupAttributeSpecs(tg: TargetGroupShape): AttributeSpecs {
  switch (kindOf(tg)) {
    case 'application': return application();
    case 'network': return network(tg);
    case 'gateway': return gateway;
    case 'lambda': return lambda;
  }
}
