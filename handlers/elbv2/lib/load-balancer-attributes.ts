import type { LoadBalancerAttribute } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import { booleanAttribute, enumAttribute, integerAttribute, textAttribute, type AttributeSpecs } from './attributes.js';
import type { LoadBalancerType } from './arn.js';
import { invalidConfigurationRequest } from './errors.js';

// Keys and defaults: API reference, LoadBalancerAttribute; ranges from the ALB/NLB user guides.
const common: AttributeSpecs = {
  'access_logs.s3.enabled': booleanAttribute('false'),
  'access_logs.s3.bucket': textAttribute(),
  'access_logs.s3.prefix': textAttribute(),
  'deletion_protection.enabled': booleanAttribute('false'),
  'zonal_shift.config.enabled': booleanAttribute('false'),
};

const application: AttributeSpecs = {
  ...common,
  'connection_logs.s3.enabled': booleanAttribute('false'),
  'connection_logs.s3.bucket': textAttribute(),
  'connection_logs.s3.prefix': textAttribute(),
  'health_check_logs.s3.enabled': booleanAttribute('false'),
  'health_check_logs.s3.bucket': textAttribute(),
  'health_check_logs.s3.prefix': textAttribute(),
  'client_keep_alive.seconds': integerAttribute(3600, 60, 604800),
  'idle_timeout.timeout_seconds': integerAttribute(60, 1, 4000),
  'load_balancing.cross_zone.enabled': enumAttribute('true', ['true']),
  'routing.http.desync_mitigation_mode': enumAttribute('defensive', ['monitor', 'defensive', 'strictest']),
  'routing.http.drop_invalid_header_fields.enabled': booleanAttribute('false'),
  'routing.http.preserve_host_header.enabled': booleanAttribute('false'),
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': booleanAttribute('false'),
  'routing.http.xff_client_port.enabled': booleanAttribute('false'),
  'routing.http.xff_header_processing.mode': enumAttribute('append', ['append', 'preserve', 'remove']),
  'routing.http2.enabled': booleanAttribute('true'),
  'waf.fail_open.enabled': booleanAttribute('false'),
};

const network: AttributeSpecs = {
  ...common,
  'load_balancing.cross_zone.enabled': booleanAttribute('false'),
  'dns_record.client_routing_policy': enumAttribute('any_availability_zone', [
    'availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone',
  ]),
  'ipv6.deny_all_igw_traffic': booleanAttribute('false'),
  'secondary_ips.auto_assigned.per_subnet': integerAttribute(0, 0, 7),
};

const gateway: AttributeSpecs = {
  'deletion_protection.enabled': booleanAttribute('false'),
  'load_balancing.cross_zone.enabled': booleanAttribute('false'),
};

export const LOAD_BALANCER_ATTRIBUTES: Readonly<Record<LoadBalancerType, AttributeSpecs>> = { application, network, gateway };

/**
 * The attributes a load balancer reports: every key of its type, stored value or default — so a
 * key added to the table above later shows up on older rows, and a dropped one disappears.
 */
export function currentAttributes(type: LoadBalancerType, stored: Readonly<Record<string, string>>): Record<string, string> {
  const specs = LOAD_BALANCER_ATTRIBUTES[type];
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, Object.hasOwn(stored, key) ? stored[key] : spec.default]));
}

/**
 * A key of another load balancer type is `InvalidConfigurationRequest` on AWS, worded so that
 * Terraform's retry (which drops keys that are "not recognized|supported") still applies:
 * "Load balancer attribute key 'x' is not supported on load balancers with type 'network'"
 * (terraform-provider-aws internal/service/elbv2/load_balancer.go, modifyLoadBalancerAttributes).
 */
export function checkKeysOfType(type: LoadBalancerType, changes: readonly LoadBalancerAttribute[]): void {
  for (const { Key } of changes) {
    const key = Key ?? '';
    if (Object.hasOwn(LOAD_BALANCER_ATTRIBUTES[type], key)) continue;
    if (Object.values(LOAD_BALANCER_ATTRIBUTES).some((specs) => Object.hasOwn(specs, key))) {
      throw invalidConfigurationRequest(`Load balancer attribute key '${key}' is not supported on load balancers with type '${type}'`);
    }
  }
}

/** Enabling a log without a bucket: "The value of 'access_logs.s3.bucket' cannot be empty" (ValidationError on AWS). */
export function checkLogBuckets(attributes: Readonly<Record<string, string>>): void {
  for (const log of ['access_logs', 'connection_logs', 'health_check_logs']) {
    if (attributes[`${log}.s3.enabled`] === 'true' && !attributes[`${log}.s3.bucket`]) {
      throw validationError(`The value of '${log}.s3.bucket' cannot be empty`);
    }
  }
}
