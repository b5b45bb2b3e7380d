import { isIP } from 'node:net';
import { validationError } from '../../../gateway/api/errors.js';
import type { TargetGroupRow } from '../../../gateway/database/tables.js';
import { invalidTarget } from './errors.js';
import type { TargetInput } from './target-group-schemas.js';

/**
 * Lambda targets have no port (TargetDescription, `Port`: "Not used if the target is a Lambda
 * function"), but a target's port is part of its key: they are stored under this one.
 */
export const LAMBDA_PORT = 0;

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const ALB_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

/** What a target `Id` must be for each target type (TargetDescription, `Id`). */
const VALID_ID: Record<string, { label: string; test(id: string, tg: TargetGroupRow): boolean }> = {
  instance: { label: 'instances', test: (id) => /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(id) },
  // The address family follows the target group's IpAddressType.
  ip: { label: 'IP addresses', test: (id, tg) => isIP(id) === (tg.ip_address_type === 'ipv6' ? 6 : 4) },
  lambda: { label: 'Lambda function ARNs', test: (id) => LAMBDA_ARN.test(id) },
  alb: { label: 'Application Load Balancer ARNs', test: (id) => ALB_ARN.test(id) },
};

/** A target as stored: its id, its resolved port, its zone, and where it really is when its id is not an address. */
export interface TargetKey {
  id: string;
  port: number;
  availability_zone: string | null;
  /** An instance's private IP, read from EC2 (instance-targets.ts). */
  address?: string | null;
}

/** Rejects ids that cannot name a target of this group's type with AWS's `InvalidTarget`. */
export function checkTargetIds(tg: TargetGroupRow, targets: readonly TargetInput[]): void {
  const rule = VALID_ID[tg.target_type];
  const bad = targets.map((t) => t.Id).filter((id) => !rule.test(id, tg));
  if (bad.length > 0) {
    throw invalidTarget(rule.label, bad);
  }
}

/**
 * The stored key of each target, duplicates dropped. A missing port is the target group's port
 * (RegisterTargets API reference, `Port`); with neither, the request is invalid.
 */
export function targetKeys(tg: TargetGroupRow, targets: readonly TargetInput[]): TargetKey[] {
  const keys = new Map<string, TargetKey>();
  for (const target of targets) {
    const port = tg.target_type === 'lambda' ? LAMBDA_PORT : target.Port ?? tg.port;
    if (port === null) throw validationError(`A port must be specified for target '${target.Id}'`);
    keys.set(`${target.Id}:${port}`, { id: target.Id, port, availability_zone: target.AvailabilityZone ?? null });
  }
  return [...keys.values()];
}
