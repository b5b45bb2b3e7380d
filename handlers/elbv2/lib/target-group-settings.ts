import type { CreateTargetGroupInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { validationError } from '../../../gateway/api/errors.js';
import type { TargetGroupRow } from '../../../gateway/database/tables.js';
import type { HealthCheck } from './health-check.js';
import { resolveHealthCheck } from './resolve-health-check.js';
import type { TargetGroupShape } from './target-group-kind.js';

/** Everything CreateTargetGroup decides from its input: what "the same settings" compares. */
export type TargetGroupSettings = TargetGroupShape & HealthCheck
  & Pick<TargetGroupRow, 'port' | 'vpc_id' | 'ip_address_type'>;

/** The GENEVE port: Gateway Load Balancer target groups take no other (GWLB user guide). */
const GENEVE_PORT = 6081;

/**
 * Checks CreateTargetGroup's cross-member rules (API reference, `Protocol`, `Port`, `VpcId`,
 * `ProtocolVersion`, `TargetType`) and fills in AWS's defaults.
 */
export function resolveTargetGroup(req: CreateTargetGroupInput): TargetGroupSettings {
  const targetType = req.TargetType ?? 'instance';
  // Terraform sends an empty ProtocolVersion when protocol_version is unset (target_group.go).
  const askedVersion = req.ProtocolVersion || undefined;
  if (targetType === 'lambda') {
    if (req.Protocol !== undefined || req.Port !== undefined || req.VpcId !== undefined || askedVersion !== undefined) {
      throw validationError("Protocol, port, protocol version and VPC ID cannot be specified for target groups with target type 'lambda'");
    }
  } else {
    if (req.Protocol === undefined) throw validationError(`A protocol must be specified for target groups with target type '${targetType}'`);
    if (req.Port === undefined) throw validationError(`A port must be specified for target groups with target type '${targetType}'`);
    if (req.VpcId === undefined) throw validationError(`A VPC ID must be specified for target groups with target type '${targetType}'`);
  }
  // An ALB can be the target of an NLB only, over TCP (ALB-type target groups, NLB user guide).
  if (targetType === 'alb' && req.Protocol !== 'TCP') throw validationError("Target groups with target type 'alb' support only the TCP protocol");
  if (req.Protocol === 'GENEVE' && req.Port !== GENEVE_PORT) throw validationError(`The port for the GENEVE protocol must be ${GENEVE_PORT}`);
  const http = req.Protocol === 'HTTP' || req.Protocol === 'HTTPS';
  let protocolVersion: string | null = null;
  if (askedVersion !== undefined) {
    if (!http) throw validationError('A protocol version can only be specified for target groups with the HTTP or HTTPS protocol');
    protocolVersion = askedVersion.toUpperCase();
    if (!['HTTP1', 'HTTP2', 'GRPC'].includes(protocolVersion)) {
      throw validationError(`Protocol version '${askedVersion}' is not valid; use HTTP1, HTTP2 or GRPC`);
    }
  } else if (http) {
    protocolVersion = 'HTTP1';
  }
  const ipAddressType = req.IpAddressType ?? 'ipv4';
  if (ipAddressType === 'ipv6' && targetType !== 'ip' && targetType !== 'instance') {
    throw validationError(`IPv6 target groups are not supported for target type '${targetType}'`);
  }
  const shape: TargetGroupShape = { target_type: targetType, protocol: req.Protocol ?? null, protocol_version: protocolVersion };
  return {
    ...shape,
    port: req.Port ?? null,
    vpc_id: req.VpcId ?? null,
    ip_address_type: ipAddressType,
    ...resolveHealthCheck(shape, req),
  };
}

/** Same-name creates are idempotent only when every resolved setting matches. */
export function sameSettings(row: TargetGroupRow, wanted: TargetGroupSettings): boolean {
  return (Object.keys(wanted) as Array<keyof TargetGroupSettings>).every((key) => JSON.stringify(row[key]) === JSON.stringify(wanted[key]));
}
